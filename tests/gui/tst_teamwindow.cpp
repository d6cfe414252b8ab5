#include "ingest/deskmirror.h"
#include "models/eventtablemodel.h"
#include "panes/streampane.h"
#include "settings/settings.h"
#include "store/eventstore.h"
#include "store/pgeventstore.h"
#include "store/storelocation.h"
#include "testpostgres.h"
#include "testsupport.h"
#include "window/receivercontroller.h"
#include "window/teamstorestatus.h"

#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

constexpr int kWaitMs = 30000;

StoreLocation locationOf(const QString &url)
{
    const std::optional<StoreLocation> location = StoreLocation::parse(url);
    if (!location)
        qFatal("not a store URL: %s", qPrintable(url));
    return *location;
}

// A message as another desk's or the server's receiver stores it.
EventRecord message(int n)
{
    EventRecord r;
    r.receivedAtMs = 1764000000000 + n;
    r.event = QStringLiteral("message");
    r.channel = 7;
    r.channelName = QStringLiteral("WhatsApp");
    r.chatUserId = QStringLiteral("cu-%1").arg(n % 3);
    r.chatSessionId = QStringLiteral("s-%1").arg(n % 3);
    r.sequenceId = QString::number(n);
    r.senderType = SenderType::Customer;
    r.msgType = QStringLiteral("text");
    r.msg = QStringLiteral("team message %1").arg(n);
    r.verification = Verification::Verified;
    r.dedupeKey = QStringLiteral("m:cu:%1").arg(n);
    r.payload = QByteArray("{\"n\":") + QByteArray::number(n) + '}';
    return r;
}

bool appendToServer(PgEventStore &pg, int from, int count)
{
    if (!pg.beginTransaction())
        return false;
    for (int n = from; n < from + count; ++n) {
        if (!pg.append(message(n))) {
            pg.rollback();
            return false;
        }
    }
    return pg.commit();
}

// A desk: settings in a folder of its own, on the team store `url` (given
// on the command line when `override`), its own receiver on or off.
class Desk final {
public:
    Desk(const QString &url, bool receiver, bool override = false)
        : m_settings(std::make_unique<Settings>(m_dir.path()))
    {
        ReceiverConfig config;
        config.host = QStringLiteral("127.0.0.1");
        config.port = 0;
        m_settings->setReceiverConfig(config);
        m_settings->setSecret(kTestSecret);
        m_settings->setStartReceiverOnLaunch(receiver);
        m_settings->setTeamCopyFolder(m_dir.filePath(QStringLiteral("copies")));
        GuiCommandLine options;
        if (override)
            options.database = url;
        else
            m_settings->setDatabasePath(url);
        m_window = std::make_unique<MainWindow>(m_settings.get(), options);
        m_window->resize(1200, 800);
        m_window->startUp();
        m_window->show();
    }
    ~Desk() { m_window.reset(); }
    Q_DISABLE_COPY_MOVE(Desk)

    MainWindow *window() const { return m_window.get(); }
    int streamRows() const { return m_window->findChild<StreamPane *>()->model()->rowCount(); }
    QString teamStatus() const { return m_window->findChild<TeamStoreStatus *>()->text(); }
    bool isLive() const
    {
        return m_window->receiver()->mirror()->status().state == DeskMirror::State::Live;
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<MainWindow> m_window;
};

} // namespace

class TestTeamWindow final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void viewerShowsEveryReceiversCommitsLive();
    void windowWithItsOwnReceiverStoresIntoTheTeamStore();
    void readOnlyDeskSaysSoAndNeverShowsThePassword();
    void lostConnectionIsShownAndCaughtUp();
};

void TestTeamWindow::viewerShowsEveryReceiversCommitsLive()
{
    TestPostgres server;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(server);
    PgEventStore pg;
    QString error;
    QVERIFY2(pg.open(locationOf(server.url()), &error), qPrintable(error));
    QVERIFY(appendToServer(pg, 1, 25));

    Desk desk(server.url(), false);
    QVERIFY(desk.window()->receiver()->isTeamStore());
    QVERIFY(!desk.window()->receiver()->isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(desk.streamRows(), 25, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(desk.isLive(), kWaitMs);
    QVERIFY2(desk.teamStatus().contains(QLatin1String("live")), qPrintable(desk.teamStatus()));
    QVERIFY(!desk.teamStatus().contains(QLatin1String("read-only")));
    QVERIFY2(desk.window()->windowTitle().contains(locationOf(server.url()).displayName()),
             qPrintable(desk.window()->windowTitle()));

    // Another receiver commits: the window shows it without being asked.
    QVERIFY(appendToServer(pg, 26, 3));
    QTRY_COMPARE_WITH_TIMEOUT(desk.streamRows(), 28, kWaitMs);
    // A retry changes no row count; a new one after it still arrives.
    QVERIFY(appendToServer(pg, 2, 1));
    QVERIFY(appendToServer(pg, 29, 1));
    QTRY_COMPARE_WITH_TIMEOUT(desk.streamRows(), 29, kWaitMs);
}

void TestTeamWindow::windowWithItsOwnReceiverStoresIntoTheTeamStore()
{
    TestPostgres server;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(server);
    Desk desk(server.url(), true);
    QTRY_VERIFY_WITH_TIMEOUT(desk.window()->receiver()->isRunning(), kWaitMs);
    WebhookSender sender;
    QList<WebhookSender::Delivery> deliveries;
    for (const QByteArray &body : numberedMessages(6))
        deliveries.append({body, QString()});
    deliveries.append({numberedMessages(1).constFirst(), QString()}); // a retry
    QSignalSpy done(&sender, &WebhookSender::finished);
    sender.start(QUrl(desk.window()->receiver()->url()), kTestSecret,
                 WebhookSender::SignMode::Exact, deliveries, 1);
    QVERIFY(done.wait(kWaitMs));
    QCOMPARE(sender.report().byStatus.value(200), 7);

    // Committed into PostgreSQL (a 200 means that), and shown from the copy.
    PgEventStore pg;
    QVERIFY(pg.openReadOnly(locationOf(server.url())));
    QCOMPARE(pg.eventCount(), 6);
    QCOMPARE(pg.deliveryCount(), 7);
    QTRY_COMPARE_WITH_TIMEOUT(desk.streamRows(), 6, kWaitMs);
    EventStore copy;
    QVERIFY(copy.openReadOnly(desk.window()->receiver()->shownStorePath()));
    QTRY_COMPARE_WITH_TIMEOUT(copy.deliveryCount(), 7, kWaitMs);
}

void TestTeamWindow::readOnlyDeskSaysSoAndNeverShowsThePassword()
{
    TestPostgres server;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(server);
    PgEventStore pg;
    QVERIFY(pg.open(locationOf(server.url())));
    QVERIFY(appendToServer(pg, 1, 4));
    const QString readerUrl = server.addReadOnlyRole(QStringLiteral("s3cret-desk"));
    QVERIFY(!readerUrl.isEmpty());

    Desk desk(readerUrl, false, true);
    QTRY_COMPARE_WITH_TIMEOUT(desk.streamRows(), 4, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(desk.teamStatus().contains(QLatin1String("read-only")), kWaitMs);
    QVERIFY(!desk.window()->windowTitle().contains(QLatin1String("s3cret")));
    const auto *status = desk.window()->findChild<TeamStoreStatus *>();
    QVERIFY(!status->toolTip().contains(QLatin1String("s3cret")));
    QVERIFY(status->toolTip().contains(QLatin1String("may only read")));
    QVERIFY(!desk.window()->receiver()->shownStorePath().contains(QLatin1String("s3cret")));
    QVERIFY(appendToServer(pg, 5, 2));
    QTRY_COMPARE_WITH_TIMEOUT(desk.streamRows(), 6, kWaitMs);
}

void TestTeamWindow::lostConnectionIsShownAndCaughtUp()
{
    TestPostgres server;
    HOOKSCOPE_REQUIRE_TEST_POSTGRES(server);
    QSqlDatabase admin = server.open();
    QVERIFY(admin.isOpen());
    PgEventStore pg;
    QVERIFY(pg.open(locationOf(server.url())));
    QVERIFY(appendToServer(pg, 1, 5));
    Desk desk(server.url(), false);
    QTRY_VERIFY_WITH_TIMEOUT(desk.isLive(), kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(desk.streamRows(), 5, kWaitMs);

    QSqlQuery kill(admin);
    QVERIFY2(kill.exec(QStringLiteral("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) "
                                      "FROM pg_stat_activity WHERE application_name = "
                                      "'hookscope-desk' AND datname = current_database()")),
             qPrintable(kill.lastError().text()));
    QVERIFY(kill.next());
    QCOMPARE(kill.value(0).toInt(), 1);
    QVERIFY(appendToServer(pg, 6, 4));
    QTRY_VERIFY_WITH_TIMEOUT(desk.teamStatus().contains(QLatin1String("connection lost")), kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(desk.isLive(), kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(desk.streamRows(), 9, kWaitMs);
    QVERIFY(desk.teamStatus().contains(QLatin1String("live")));
}

QTEST_MAIN(TestTeamWindow)
#include "tst_teamwindow.moc"
