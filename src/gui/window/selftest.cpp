#include "window/selftest.h"

#include "models/eventtablemodel.h"
#include "panes/streampane.h"
#include "samplefactory.h"
#include "settings/settings.h"
#include "webhooksender.h"
#include "window/mainwindow.h"
#include "window/receivercontroller.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>
#include <QUuid>

namespace {

int verifiedRows(const EventTableModel *model)
{
    int n = 0;
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data(EventTableModel::VerifiedRole).toBool())
            ++n;
    }
    return n;
}

QList<WebhookSender::Delivery> sampleDeliveries()
{
    QList<WebhookSender::Delivery> deliveries;
    const SampleFactory factory(SampleFactory::Kind::Text, QDateTime::currentMSecsSinceEpoch());
    for (int i = 0; i < SelfTest::kDeliveries; ++i)
        deliveries.append({factory.body(i), QString()});
    return deliveries;
}

// Runs the event loop until every delivery shows as a verified row, or the
// time is up.
void waitForRows(const EventTableModel *model)
{
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&loop, model] {
        if (model->rowCount() >= SelfTest::kDeliveries &&
            verifiedRows(model) >= SelfTest::kDeliveries)
            loop.quit();
    });
    poll.start(20);
    QTimer::singleShot(SelfTest::kTimeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
}

// Runs the event loop until the receiver has started or failed (it starts
// asynchronously), or the time is up.
void waitForReceiver(const ReceiverController *receiver)
{
    if (receiver->isRunning())
        return;
    QEventLoop loop;
    QObject::connect(receiver, &ReceiverController::stateChanged, &loop,
                     [&loop](ReceiverService::State state) {
                         if (state != ReceiverService::State::Stopped)
                             loop.quit();
                     });
    QTimer::singleShot(SelfTest::kTimeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
}

// Closes the window the way a user does: it stays until the receiver has
// committed and answered what is in flight.
void closeAndWait(MainWindow &window)
{
    QEventLoop loop;
    QObject::connect(window.receiver(), &ReceiverController::stopped, &loop, &QEventLoop::quit);
    QTimer::singleShot(SelfTest::kTimeoutMs, &loop, &QEventLoop::quit);
    if (!window.close())
        loop.exec();
}

int fail(const QString &reason)
{
    QTextStream(stderr) << "hookscope self-test: FAILED: " << reason << Qt::endl;
    return 1;
}

// A temporary store, a free loopback port and a one-off secret.
GuiCommandLine selfTestOptions(const QTemporaryDir &dir)
{
    GuiCommandLine options;
    options.database = dir.filePath(QStringLiteral("selftest.db"));
    options.host = QStringLiteral("127.0.0.1");
    options.port = 0;
    options.secret = QUuid::createUuid().toByteArray(QUuid::Id128);
    return options;
}

} // namespace

int SelfTest::run()
{
    QElapsedTimer clock;
    clock.start();
    QTemporaryDir dir;
    if (!dir.isValid())
        return fail(tr("cannot create a temporary folder: %1").arg(dir.errorString()));
    Settings settings(dir.path());
    const GuiCommandLine options = selfTestOptions(dir);
    MainWindow window(&settings, options);
    window.resize(1400, 900);
    window.startUp();
    window.show();
    waitForReceiver(window.receiver());
    if (!window.receiver()->isRunning())
        return fail(tr("the receiver did not start: %1").arg(window.receiver()->stateMessage()));

    WebhookSender sender;
    sender.start(QUrl(window.receiver()->url()), *options.secret, WebhookSender::SignMode::Exact,
                 sampleDeliveries(), 2);
    const EventTableModel *model = window.findChild<StreamPane *>()->model();
    waitForRows(model);

    const qint64 answered = sender.report().byStatus.value(200);
    if (model->rowCount() < kDeliveries || verifiedRows(model) < kDeliveries) {
        return fail(tr("%1 of %2 deliveries answered 200, %3 rows shown, %4 verified")
                        .arg(answered)
                        .arg(kDeliveries)
                        .arg(model->rowCount())
                        .arg(verifiedRows(model)));
    }
    QTextStream(stdout) << "hookscope self-test: OK: " << kDeliveries
                        << " signed deliveries sent to " << window.receiver()->url() << ", "
                        << answered << " answered 200, " << model->rowCount()
                        << " shown in the stream, all verified (" << clock.elapsed() << " ms)"
                        << Qt::endl;
    closeAndWait(window);
    return 0;
}
