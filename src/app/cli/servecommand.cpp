#include "servecommand.h"

#include "apppaths.h"
#include "commandline.h"
#include "receiverservice.h"
#include "signalwatcher.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

namespace {

// The exit code follows the service: 1 when it could not start (reported
// once its threads are gone), 0 once it stopped after a signal.
void exitWithService(ReceiverService &service, QTextStream &err)
{
    QObject::connect(&service, &ReceiverService::stateChanged, &service,
                     [&err](ReceiverService::State state, const QString &message) {
                         if (state != ReceiverService::State::Failed)
                             return;
                         err << "hookscope-cli serve: " << message << Qt::endl;
                         QCoreApplication::exit(1);
                     });
    QObject::connect(&service, &ReceiverService::stopped, &service, [&err, &service] {
        if (service.state() == ReceiverService::State::Failed)
            return;
        const ReceiverStats s = service.stats();
        err << "stopped; stored " << s.stored << ", refused " << s.refused << ", failed "
            << s.failed << Qt::endl;
        QCoreApplication::exit(0);
    });
}

} // namespace

int ServeCommand::run(const CommandLine &cl)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QString database = cl.database.isEmpty() ? AppPaths::defaultDatabasePath() : cl.database;
    ReceiverService service;
    SignalWatcher watcher;
    QObject::connect(
        &service, &ReceiverService::started, &service, [&out, &err, &service, &database, &cl] {
            out << "listening on " << service.url() << Qt::endl;
            err << "database " << database << ", policy " << policyWord(cl.receiver.policy)
                << (cl.receiver.secret.isEmpty() ? ", no secret (deliveries are not checked)" : "")
                << Qt::endl;
            if (cl.receiver.isOpenToAnyone())
                err << "warning: listening on " << service.url()
                    << " with no secret: anyone can post here" << Qt::endl;
        });
    exitWithService(service, err);
    // stop() returns at once; stopped() ends the program.
    QObject::connect(
        &watcher, &SignalWatcher::terminationRequested, &service, [&err, &service](int number) {
            err << "signal " << number << ": finishing in-flight deliveries" << Qt::endl;
            service.stop();
        });
    service.start(cl.receiver, database);
    return QCoreApplication::exec();
}
