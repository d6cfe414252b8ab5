#include "servecommand.h"

#include "apppaths.h"
#include "commandline.h"
#include "eventforwarder.h"
#include "ingest/appendfeed.h"
#include "receiverservice.h"
#include "signalwatcher.h"
#include "store/storelocation.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

namespace {

// The forwarder starts once the store is open (the writer created and
// migrated it) and is woken by every commit; it stops with the service, and
// the program ends once both have stopped.
void forwardWithService(ReceiverService &service, EventForwarder &forwarder, const CommandLine &cl,
                        QTextStream &err)
{
    QStringList targets;
    for (const ForwardRule &rule : cl.receiver.forwardRules)
        targets.append(rule.url);
    if (targets.isEmpty())
        return;
    forwarder.setPolicy(cl.forwardPolicy);
    QObject::connect(
        &service, &ReceiverService::started, &forwarder, [&service, &forwarder, targets, &err] {
            err << "forwarding verified deliveries to " << targets.join(u' ') << Qt::endl;
            forwarder.start(service.databasePath(), targets);
        });
    QObject::connect(service.feed(), &AppendFeed::appended, &forwarder,
                     &EventForwarder::notifyCommitted);
    QObject::connect(&forwarder, &EventForwarder::started, &forwarder,
                     [&err](bool ok, const QString &error) {
                         if (!ok)
                             err << "hookscope-cli serve: forwarding: " << error << Qt::endl;
                     });
    QObject::connect(&forwarder, &EventForwarder::stopped, &service, [&service] {
        if (service.isIdle())
            QCoreApplication::exit(service.state() == ReceiverService::State::Failed ? 1 : 0);
    });
}

// The exit code follows the service: 1 when it could not start (reported
// once its threads are gone), 0 once it stopped after a signal (and the
// forwarder, when there is one, has stopped too).
void exitWithService(ReceiverService &service, EventForwarder &forwarder, QTextStream &err)
{
    // A large store's upgrade takes minutes; the port opens only after it.
    QObject::connect(&service, &ReceiverService::storeUpgradeProgress, &service,
                     [&err](int from, int to, qint64 done, qint64 total) {
                         const qint64 percent = total > 0 ? done * 100 / total : 100;
                         err << "upgrading the store from schema " << from << " to " << from + 1
                             << " (of " << to << "): " << percent << "%" << Qt::endl;
                     });
    QObject::connect(&service, &ReceiverService::stateChanged, &service,
                     [&err](ReceiverService::State state, const QString &message) {
                         if (state != ReceiverService::State::Failed)
                             return;
                         err << "hookscope-cli serve: " << message << Qt::endl;
                         QCoreApplication::exit(1);
                     });
    QObject::connect(&service, &ReceiverService::stopped, &service, [&err, &service, &forwarder] {
        if (service.state() == ReceiverService::State::Failed)
            return;
        const ReceiverStats s = service.stats();
        err << "stopped; stored " << s.stored << ", refused " << s.refused << ", failed "
            << s.failed << Qt::endl;
        if (!forwarder.isRunning())
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
    EventForwarder forwarder;
    SignalWatcher watcher;
    QObject::connect(
        &service, &ReceiverService::started, &service, [&out, &err, &service, &database, &cl] {
            out << "listening on " << service.url() << Qt::endl;
            const std::optional<StoreLocation> location = StoreLocation::parse(database);
            err << "database " << (location ? location->displayName() : database) << ", policy "
                << policyWord(cl.receiver.policy)
                << (cl.receiver.secret.isEmpty() ? ", no secret (deliveries are not checked)" : "")
                << Qt::endl;
            if (cl.receiver.isOpenToAnyone())
                err << "warning: listening on " << service.url()
                    << " with no secret: anyone can post here" << Qt::endl;
        });
    exitWithService(service, forwarder, err);
    forwardWithService(service, forwarder, cl, err);
    // stop() returns at once; stopped() ends the program.
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, &service,
                     [&err, &service, &forwarder](int number) {
                         err << "signal " << number << ": finishing in-flight deliveries"
                             << Qt::endl;
                         // Requests in flight to a forwarding target stay queued for the next run.
                         forwarder.stop();
                         service.stop();
                     });
    service.start(cl.receiver, database);
    return QCoreApplication::exec();
}
