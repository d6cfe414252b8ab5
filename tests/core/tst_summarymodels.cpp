#include "models/channelmodel.h"
#include "models/customerlistmodel.h"
#include "models/customerrows.h"
#include "models/sessionlistmodel.h"
#include "store/eventstore.h"
#include "testsupport_summaries.h"

#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

// The windows show the same rows from the summary tables as from the scans
// of the events: the store's reads (including a snapshot that the writer has
// overtaken), and the channel list, the customers list and the inbox opened
// on a store with the tables and on its schema-6 copy, then fed the same
// live appends.
class TestSummaryModels final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void storeReadsEqualScans_data();
    void storeReadsEqualScans();
    void modelsShowTheSameRows_data();
    void modelsShowTheSameRows();
};

namespace {

constexpr qint64 kNowMs = Q_INT64_C(1764000000000) + 400'000;

QStringList tallies(const QList<EventStore::MessageTally> &list)
{
    QStringList out;
    for (const EventStore::MessageTally &t : list)
        out.append(QStringLiteral("%1 %2 %3").arg(t.channel).arg(t.count).arg(t.lastReceivedAtMs));
    out.sort();
    return out;
}

QStringList customers(const CustomerRows::Customers &all)
{
    QStringList out;
    for (const CustomerEntry &c : all) {
        out.append(QStringList{
            c.chatUserId, c.customerName.verified, c.customerName.unverified, c.messageName,
            c.phone.verified, c.phone.unverified, c.email.verified, c.email.unverified,
            QString::number(c.channel), c.channelName, QString::number(c.changes),
            QString::number(c.unverifiedChanges), QString::number(c.lastChangeAt),
            QString::number(c.messages), QString::number(c.lastMessageAt),
            QString::number(c.firstEventId), QString::number(c.realEvents)}
                       .join(u'|'));
    }
    out.sort();
    return out;
}

QStringList sessions(const QList<EventStore::SessionSummary> &list)
{
    QStringList out;
    for (const EventStore::SessionSummary &s : list) {
        out.append(QStringList{s.chatSessionId, s.chatUserId, QString::number(s.lastEventId),
                               QString::number(s.lastAtMs), s.lastText, s.lastMsgType,
                               QString::number(s.lastSenderType), QString::number(s.channel),
                               s.channelName, QString::number(s.sysUserId),
                               QString::number(s.agentEventId), QString::number(s.messages),
                               QString::number(s.customerMessagesAfter)}
                       .join(u'|'));
    }
    return out; // in the inbox's order
}

// Every row: the display text of each column and the first column's roles.
QStringList rowsOf(const QAbstractItemModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row) {
        QStringList cells;
        for (int column = 0; column < model.columnCount(); ++column)
            cells.append(model.index(row, column).data().toString());
        for (int role = Qt::UserRole + 1; role <= Qt::UserRole + 12; ++role) {
            const QVariant v = model.index(row, 0).data(role);
            cells.append(v.typeId() == QMetaType::QVariantList || !v.canConvert<QString>()
                             ? QStringLiteral("~")
                             : v.toString());
        }
        out.append(cells.join(u'|'));
    }
    return out;
}

template<typename Model>
void waitLoaded(Model &model)
{
    QTRY_VERIFY(!model.isLoading());
}

} // namespace

void TestSummaryModels::storeReadsEqualScans_data()
{
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<int>("behind"); // events the writer is ahead of the read
    for (const quint32 seed : {5u, 6u, 7u}) {
        QTest::addRow("seed %u, current", seed) << seed << 0;
        QTest::addRow("seed %u, 40 behind", seed) << seed << 40;
    }
}

void TestSummaryModels::storeReadsEqualScans()
{
    QFETCH(quint32, seed);
    QFETCH(int, behind);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.db"));
    EventStore writer;
    QVERIFY(writer.open(path));
    RandomDeliveries deliveries(seed);
    QVERIFY(SummaryCheck::deliver(writer, deliveries, 500, nullptr));
    EventStore summary;
    EventStore scan;
    QVERIFY(summary.openReadOnly(path) && scan.openReadOnly(path));
    scan.setUseSummaries(false);
    QVERIFY(summary.hasSummaries());
    QVERIFY(!scan.hasSummaries());
    const qint64 upTo = writer.maxEventId() - behind;

    QCOMPARE(tallies(summary.messageTallyByChannel(0, upTo)),
             tallies(scan.messageTallyByChannel(0, upTo)));

    const std::optional<QList<EventStore::CustomerSummary>> rows = summary.customerSummaries(upTo);
    QVERIFY(rows.has_value());
    CustomerRows::Customers fromSummary;
    CustomerRows::foldSummaries(fromSummary, *rows);
    CustomerRows::Customers fromScan;
    CustomerRows::fold(fromScan, scan.customerEvents(0, upTo));
    CustomerRows::foldMessages(fromScan, scan.messageCustomers(0, upTo));
    QCOMPARE(customers(fromSummary), customers(fromScan));

    const auto names = [](const QHash<QString, QString> &hash) {
        QStringList out;
        for (auto it = hash.cbegin(); it != hash.cend(); ++it)
            out.append(it.key() + u'=' + it.value());
        out.sort();
        return out;
    };
    QCOMPARE(names(summary.customerNames(0, upTo)), names(scan.customerNames(0, upTo)));
    QVERIFY(!summary.customerNames(0, upTo).isEmpty());

    for (const int limit : {3, -1}) {
        const qint64 baseline = upTo - 60;
        const auto inbox = summary.inboxSummaries(upTo, baseline, limit);
        QVERIFY(inbox.has_value());
        QCOMPARE(sessions(*inbox), sessions(scan.sessionSummaries(0, upTo, baseline, limit,
                                                                  QStringLiteral("test = 0"), {})));
    }
}

void TestSummaryModels::modelsShowTheSameRows_data()
{
    QTest::addColumn<qint64>("asyncThreshold");
    QTest::addRow("loaded at once") << qint64(1'000'000);
    QTest::addRow("loaded on the reader thread") << qint64(0);
}

void TestSummaryModels::modelsShowTheSameRows()
{
    QFETCH(qint64, asyncThreshold);
    QTemporaryDir dir;
    const QString live = dir.filePath(QStringLiteral("live.db"));
    const QString old = dir.filePath(QStringLiteral("old.db"));
    constexpr int kFirst = 400;
    constexpr int kLater = 150;
    {
        EventStore writer;
        QVERIFY(writer.open(live));
        RandomDeliveries deliveries(11);
        QVERIFY(SummaryCheck::deliver(writer, deliveries, kFirst, nullptr));
    }
    QVERIFY(SummaryCheck::makeSchema6Copy(live, old));

    ChannelModel channelsNew, channelsOld;
    CustomerListModel customersNew, customersOld;
    SessionListModel inboxNew, inboxOld;
    QAbstractItemModelTester t1(&channelsNew), t2(&customersNew), t3(&inboxNew);
    for (ChannelModel *m : {&channelsNew, &channelsOld}) {
        m->setClock([] { return kNowMs; });
        m->setAsyncLoadThreshold(asyncThreshold);
    }
    for (CustomerListModel *m : {&customersNew, &customersOld})
        m->setAsyncLoadThreshold(asyncThreshold);
    for (SessionListModel *m : {&inboxNew, &inboxOld})
        m->setAsyncLoadThreshold(asyncThreshold);
    QVERIFY(channelsNew.openStore(live) && customersNew.openStore(live) &&
            inboxNew.openStore(live));
    QVERIFY(channelsOld.openStore(old) && customersOld.openStore(old) && inboxOld.openStore(old));
    waitLoaded(channelsNew), waitLoaded(channelsOld), waitLoaded(customersNew);
    waitLoaded(customersOld), waitLoaded(inboxNew), waitLoaded(inboxOld);
    QVERIFY(customersNew.rowCount() > 3 && inboxNew.rowCount() > 3);
    QCOMPARE(rowsOf(channelsNew), rowsOf(channelsOld));
    QCOMPARE(rowsOf(customersNew), rowsOf(customersOld));
    QCOMPARE(rowsOf(inboxNew), rowsOf(inboxOld));

    // The same later deliveries to both files (the old one is upgraded by
    // its writer; its models keep reading as they opened), then appended.
    qint64 last = 0;
    for (const QString &path : {live, old}) {
        EventStore writer;
        QVERIFY(writer.open(path));
        RandomDeliveries deliveries(11);
        for (int i = 0; i < kFirst; ++i)
            deliveries.next();
        QVERIFY(SummaryCheck::deliver(writer, deliveries, kLater, nullptr));
        QVERIFY(last == 0 || last == writer.maxEventId());
        last = writer.maxEventId();
    }
    for (ChannelModel *m : {&channelsNew, &channelsOld})
        m->appendUpTo(last);
    for (CustomerListModel *m : {&customersNew, &customersOld})
        m->appendUpTo(last);
    for (SessionListModel *m : {&inboxNew, &inboxOld})
        m->appendUpTo(last);
    QCOMPARE(rowsOf(channelsNew), rowsOf(channelsOld));
    QCOMPARE(rowsOf(customersNew), rowsOf(customersOld));
    QCOMPARE(rowsOf(inboxNew), rowsOf(inboxOld));
}

QTEST_GUILESS_MAIN(TestSummaryModels)
#include "tst_summarymodels.moc"
