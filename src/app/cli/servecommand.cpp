#include "servecommand.h"

#include "apppaths.h"
#include "commandline.h"
#include "receiverservice.h"
#include "signalwatcher.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int ServeCommand::run(const CommandLine &cl)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QString database = cl.database.isEmpty() ? AppPaths::defaultDatabasePath() : cl.database;
    ReceiverService service;
    SignalWatcher watcher;
    QString error;
    if (!service.start(cl.receiver, database, &error)) {
        err << "hookscope-cli serve: " << error << Qt::endl;
        return 1;
    }
    out << "listening on " << service.url() << Qt::endl;
    err << "database " << database << ", policy " << policyWord(cl.receiver.policy)
        << (cl.receiver.secret.isEmpty() ? ", no secret (deliveries are not checked)" : "")
        << Qt::endl;
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, &service, [&](int number) {
        err << "signal " << number << ": finishing in-flight deliveries" << Qt::endl;
        service.stop();
        const ReceiverStats s = service.stats();
        err << "stopped; stored " << s.stored << ", refused " << s.refused << ", failed "
            << s.failed << Qt::endl;
        QCoreApplication::exit(0);
    });
    return QCoreApplication::exec();
}
