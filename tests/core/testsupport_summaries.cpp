#include "testsupport_summaries.h"

#include "records/customertimeline.h"
#include "store/eventstore.h"
#include "store/storeschema.h"
#include "store/summarytables.h"

#include <QAtomicInteger>
#include <QDebug>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QVariant>

#include <limits>

namespace {

constexpr qint64 kBaseMs = Q_INT64_C(1764000000000);

const Verification kWords[] = {Verification::Verified, Verification::VerifiedTimestamp,
                               Verification::NotChecked, Verification::Unsigned,
                               Verification::BadSignature};

QString pick(QRandomGenerator &r, const QStringList &from)
{
    return from.at(r.bounded(static_cast<int>(from.size())));
}

QString connectionName()
{
    static QAtomicInteger<int> n;
    return QStringLiteral("summary-check-%1").arg(n.fetchAndAddRelaxed(1));
}

} // namespace

RandomDeliveries::RandomDeliveries(quint32 seed)
    : m_random(seed)
{
}

EventRecord RandomDeliveries::fresh()
{
    const int n = ++m_serial;
    EventRecord r;
    const int kind = m_random.bounded(10);
    r.event = kind < 6 ? QStringLiteral("message")
                       : (kind < 8 ? QStringLiteral("add_user")
                                   : (kind < 9 ? QStringLiteral("update_user")
                                               : QStringLiteral("other_event")));
    r.kind = eventKindFromName(r.event);
    r.receivedAtMs = kBaseMs + n * 1000 - m_random.bounded(5000); // not in id order
    const int channel = m_random.bounded(5);
    r.channel = channel == 4 ? -1 : channel * 3;
    r.channelName = m_random.bounded(3) == 0 ? QString() : QStringLiteral("ch%1").arg(channel);
    r.chatUserId = pick(m_random, {QStringLiteral("u1"), QStringLiteral("u2"), QStringLiteral("u3"),
                                   QStringLiteral("用户4"), QStringLiteral("u5"), QString()});
    r.chatSessionId = pick(m_random, {QStringLiteral("s1"), QStringLiteral("s2"),
                                      QStringLiteral("s3"), QString(), QString()});
    r.sequenceId = QString::number(n);
    r.msgType = pick(m_random, {QStringLiteral("text"), QStringLiteral("image")});
    r.senderType = static_cast<SenderType>(m_random.bounded(3));
    r.sysUserId = m_random.bounded(3) == 0 ? m_random.bounded(1, 4) : 0;
    r.sendTimeMs = m_random.bounded(2) ? r.receivedAtMs - 100 : 0;
    r.msg = QStringLiteral("text %1 \U0001F600").arg(n);
    r.name = pick(m_random,
                  {QString(), QStringLiteral("Ann"), QStringLiteral("王"), QStringLiteral("Bob")});
    r.phone = pick(m_random, {QString(), QStringLiteral("+1 555"), QStringLiteral("+86 1")});
    r.email = pick(m_random, {QString(), QStringLiteral("a@x"), QStringLiteral("b@y")});
    if (r.kind == EventKind::AddUser || r.kind == EventKind::UpdateUser) {
        // What the change rows fold besides the scalars: labels (renamed,
        // added, removed), custom fields (merged by key), other members.
        r.remarkName = pick(m_random, {QString(), QStringLiteral("R"), QStringLiteral("备注")});
        r.labels = pick(m_random, {QString(), QStringLiteral("[]"),
                                   QStringLiteral(R"([{"id":1,"label_name":"VIP"}])"),
                                   QStringLiteral(R"([{"id":1,"label_name":"Gold"},)"
                                                  R"({"id":2,"label_name":"新客"}])"),
                                   QStringLiteral(R"([{"label_name":"\"quoted\""}])"),
                                   QStringLiteral("plain")});
        r.customField = pick(m_random, {QString(), QStringLiteral(R"({"plan":"a"})"),
                                        QStringLiteral(R"({"plan":"b","n":2})"),
                                        QStringLiteral(R"({"emoji":"\ud83d\ude00"})")});
        r.adReferral =
            pick(m_random, {QString(), QStringLiteral("{}"), QStringLiteral(R"({"ad_id":"7"})")});
    }
    r.verification = kWords[m_random.bounded(5)];
    r.test = m_random.bounded(5) == 0;
    r.dedupeKey = r.event == QLatin1String("message")
                      ? QStringLiteral("m:%1:%2").arg(r.chatUserId, r.sequenceId)
                      : QStringLiteral("b:%1:%2").arg(r.event).arg(n);
    r.payload = QStringLiteral("{\"n\":%1}").arg(n).toUtf8();
    return r;
}

EventRecord RandomDeliveries::next()
{
    const int roll = m_random.bounded(10);
    if (!m_sent.isEmpty() && roll < 3) {
        // A retry of an earlier delivery: the same body, its own receipt.
        EventRecord again = m_sent.at(m_random.bounded(static_cast<int>(m_sent.size())));
        again.verification = kWords[m_random.bounded(5)];
        again.test = m_random.bounded(2) == 0;
        again.receivedAtMs += 500;
        if (roll == 0) // another body under the same sender key: a conflict
            again.payload += ' ';
        return again;
    }
    EventRecord r = fresh();
    m_sent.append(r);
    return r;
}

namespace SummaryCheck {

bool deliver(EventStore &store, RandomDeliveries &deliveries, int count, QString *error)
{
    QRandomGenerator sizes(static_cast<quint32>(count));
    int done = 0;
    while (done < count) {
        if (!store.beginTransaction())
            break;
        const int batch = std::min(count - done, sizes.bounded(1, 9));
        bool ok = true;
        for (int i = 0; i < batch && ok; ++i)
            ok = store.append(deliveries.next()).has_value();
        if (!ok || !store.commit()) {
            store.rollback();
            break;
        }
        done += batch;
    }
    if (done < count && error)
        *error = store.lastError();
    return done == count;
}

QStringList rows(const QString &path, const QString &sql)
{
    QStringList out;
    const QString name = connectionName();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            if (!q.exec(sql))
                out.append(QStringLiteral("error: ") + q.lastError().text());
            while (q.next()) {
                QStringList cells;
                for (int i = 0; i < q.record().count(); ++i)
                    cells.append(q.value(i).toString());
                out.append(cells.join(u'|'));
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return out;
}

QList<Mismatch> compareWithRecount(const QString &path)
{
    constexpr qint64 all = std::numeric_limits<qint64>::max();
    const struct {
        QString table;
        QString recount;
        QString order;
    } tables[] = {
        {QStringLiteral("channel_summary"), SummaryTables::channelRecount(all, false),
         QStringLiteral("1")},
        {QStringLiteral("customer_summary"), SummaryTables::customerRecount(all, false),
         QStringLiteral("1")},
        {QStringLiteral("session_summary"), SummaryTables::sessionRecount(all, false),
         QStringLiteral("1, 2")},
        {QStringLiteral("event_facets"), SummaryTables::facetRecount(all),
         QStringLiteral("1, 2, 3, 4, 5, 6")},
    };
    QList<Mismatch> mismatches;
    for (const auto &t : tables) {
        const QStringList stored =
            rows(path, QStringLiteral("SELECT * FROM %1 ORDER BY %2").arg(t.table, t.order));
        const QStringList recounted =
            rows(path, QStringLiteral("SELECT * FROM (%1) ORDER BY %2").arg(t.recount, t.order));
        if (stored != recounted || stored.isEmpty())
            mismatches.append({t.table, stored, recounted});
    }
    return mismatches;
}

QStringList dumpSummaries(const QString &path)
{
    return rows(path, QStringLiteral("SELECT * FROM channel_summary ORDER BY 1")) +
           rows(path, QStringLiteral("SELECT * FROM customer_summary ORDER BY 1")) +
           rows(path, QStringLiteral("SELECT * FROM session_summary ORDER BY 1, 2"));
}

bool makeSchema6Copy(const QString &from, const QString &to)
{
    // The WAL's pages first: the copy is the whole store.
    rows(from, QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    if (!QFile::copy(from, to))
        return false;
    // One statement at a time, in this order (the operands of + are not).
    const QString before = QString::number(StoreSchema::summaryTablesVersion() - 1);
    QStringList done;
    for (const QString &sql :
         {QStringLiteral("SELECT 1"), QStringLiteral("DROP INDEX session_summary_last"),
          QStringLiteral("DROP TABLE channel_summary"),
          QStringLiteral("DROP TABLE customer_summary"),
          QStringLiteral("DROP TABLE session_summary"), QStringLiteral("DROP TABLE event_facets"),
          QStringLiteral("UPDATE meta SET value = '%1' WHERE key = 'schema_version'").arg(before),
          QStringLiteral("PRAGMA user_version = %1").arg(before)})
        done += rows(to, sql);
    return done == QStringList{QStringLiteral("1")};
}

int upgradeRecording(const QString &path, QList<std::pair<qint64, qint64>> *progress,
                     QString *error)
{
    EventStore store;
    store.setMigrationProgress([progress](qint64 done, qint64 total) {
        progress->append({done, total});
        return true;
    });
    if (!store.open(path)) {
        if (error)
            *error = store.lastError();
        return -1;
    }
    return store.schemaVersion();
}

QStringList compareChangeRows(const QString &path)
{
    EventStore store;
    if (!store.openReadOnly(path))
        return {QStringLiteral("cannot open: ") + store.lastError()};
    QList<EventRecord> events;
    store.forEachCustomerEvent([&events](const EventRecord &e) {
        events.append(e);
        return true;
    });
    QHash<QString, CustomerTimeline> timelines;
    QStringList out;
    const auto show = [](const QList<FieldChange> &changes) {
        QStringList parts;
        for (const FieldChange &c : changes)
            parts.append(
                QStringLiteral("%1 %2 %3>%4 n=%5 u=%6")
                    .arg(c.field, FieldChange::kindName(c.kind), c.oldValue, c.newValue, c.name)
                    .arg(c.unverified));
        return parts.join(QLatin1String("; "));
    };
    for (const EventRecord &e : std::as_const(events)) {
        const QList<FieldChange> replayed = timelines[e.chatUserId].apply(e);
        const std::optional<QList<FieldChange>> stored = store.storedChanges(e);
        if (!stored)
            out.append(QStringLiteral("event %1: no stored rows").arg(e.id));
        else if (*stored != replayed)
            out.append(QStringLiteral("event %1: stored [%2], replay [%3]")
                           .arg(e.id)
                           .arg(show(*stored), show(replayed)));
    }
    if (events.isEmpty())
        out.append(QStringLiteral("no customer events"));
    return out;
}

QStringList dumpChangeRows(const QString &path)
{
    return rows(path, QStringLiteral("SELECT * FROM customer_state ORDER BY 1")) +
           rows(path, QStringLiteral("SELECT * FROM event_changes ORDER BY 1"));
}

bool makeSchema9Copy(const QString &from, const QString &to)
{
    rows(from, QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    if (!QFile::copy(from, to))
        return false;
    QStringList done;
    for (const QString &sql :
         {QStringLiteral("SELECT 1"), QStringLiteral("DROP TABLE customer_state"),
          QStringLiteral("DROP TABLE event_changes"),
          QStringLiteral("UPDATE meta SET value = '9' WHERE key = 'schema_version'"),
          QStringLiteral("PRAGMA user_version = 9")})
        done += rows(to, sql);
    return done == QStringList{QStringLiteral("1")};
}

} // namespace SummaryCheck
