#include "store/pgeventstore.h"

#include "store/pgeventstore_p.h"

#include "corelog.h"
#include "store/dedupekey.h"
#include "store/pgschema.h"
#include "store/storecolumns.h"
#include "store/storelocation.h"
#include "store/storeschema.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <algorithm>
#include <array>

namespace {

using namespace StoreColumns;

// pg_advisory_*lock keys: 'HookScop' and 'HookSche' in ASCII.
constexpr qint64 kWriteLockKey = 0x486f6f6b53636f70LL;
constexpr qint64 kSchemaLockKey = 0x486f6f6b53636865LL;
// A connection that cannot be made in this time is reported, not waited on.
constexpr QLatin1String kConnectOptions{"connect_timeout=10"};

// CASE mapping a verification word to verificationStrength(); an unknown
// word counts as "not checked", as the SQLite store reads it.
QString strengthSql(const QString &column)
{
    QString out = QLatin1String("(CASE ") + column;
    for (const Verification v :
         {Verification::Verified, Verification::VerifiedTimestamp, Verification::VerifiedLoose,
          Verification::NotChecked, Verification::Unsigned, Verification::BadSignature}) {
        out += QStringLiteral(" WHEN '%1' THEN %2")
                   .arg(verificationWord(v))
                   .arg(verificationStrength(v));
    }
    return out +
           QStringLiteral(" ELSE %1 END)").arg(verificationStrength(Verification::NotChecked));
}

// The upsert: a new event's row, or one more delivery of the stored event
// with the same dedupe_key (the same sender key and the same body). The
// merge keeps the stronger verification word with its detail and
// staleness, and the test mark only while every receipt was a test, as
// the SQLite store's does. RETURNING says which happened (xmax = 0: the
// row is new).
QString upsertSql()
{
    QString columns;
    QString values;
    for (const Column &column : kEventsColumns) {
        if (column.name == kId)
            continue;
        if (!columns.isEmpty()) {
            columns += QLatin1String(", ");
            values += QLatin1String(", ");
        }
        columns += column.name;
        values += column.name == kDeliveries ? u'1' : u'?';
    }
    const QString stronger = strengthSql(QLatin1String("EXCLUDED.") + kVerification) +
                             QLatin1String(" > ") +
                             strengthSql(kEventsTable + QLatin1String(".") + kVerification);
    auto pick = [&stronger](Name column) -> QString {
        return column + QLatin1String(" = CASE WHEN ") + stronger +
               QLatin1String(" THEN EXCLUDED.") + column + QLatin1String(" ELSE ") + kEventsTable +
               u'.' + column + QLatin1String(" END");
    };
    return QStringLiteral("INSERT INTO %1(%2) VALUES(%3) ON CONFLICT (%4) DO UPDATE SET "
                          "%5 = %1.%5 + 1, %6 = GREATEST(%1.%6, EXCLUDED.%6), %7, %8, %9, "
                          "%10 = LEAST(%1.%10, EXCLUDED.%10) RETURNING %11, (xmax = 0)")
        .arg(kEventsTable, columns, values, kDedupeKey, kDeliveries, kLastReceivedAt,
             pick(kVerification), pick(kVerificationDetail), pick(kStale))
        .arg(kTest, kId);
}

QString insertSql(Name table, const Column *first, std::size_t count)
{
    QString values;
    for (std::size_t i = 0; i < count; ++i) {
        if (first[i].name == kId)
            continue;
        if (!values.isEmpty())
            values += QLatin1String(", ");
        values += u'?';
    }
    return QStringLiteral("INSERT INTO %1(%2) VALUES(%3) RETURNING %4")
        .arg(table, nameList(first, count, kId), values, kId);
}

} // namespace

std::optional<QSqlQuery>
PgEventStore::Private::select(const QString &sql, const QVariantList &binds, const QString &doing)
{
    // lastError() describes the last call, as EventStore's does.
    lastError.clear();
    lastSqlState.clear();
    if (!open) {
        failWith(QStringLiteral("The PostgreSQL store is not open."));
        return std::nullopt;
    }
    QSqlQuery query(db());
    query.setForwardOnly(true);
    if (!query.prepare(sql)) {
        fail(doing, query.lastError());
        return std::nullopt;
    }
    for (const QVariant &bind : binds)
        query.addBindValue(bind.userType() == QMetaType::QString ? PgSchema::text(bind.toString())
                                                                 : bind);
    if (!query.exec()) {
        fail(doing, query.lastError());
        return std::nullopt;
    }
    return query;
}

qint64 PgEventStore::Private::scalar(const QString &sql, const QVariantList &binds,
                                     const QString &doing)
{
    std::optional<QSqlQuery> query = select(sql, binds, doing);
    if (!query)
        return -1;
    if (!query->next()) {
        fail(doing, query->lastError());
        return -1;
    }
    return query->value(0).toLongLong();
}

bool PgEventStore::Private::connect(const StoreLocation &location)
{
    shown = location.displayName();
    if (!location.isPostgres())
        return failWith(QStringLiteral("%1 is not a PostgreSQL URL.").arg(shown));
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
        return failWith(QStringLiteral("Cannot open the PostgreSQL store %1: Qt's PostgreSQL "
                                       "driver is not installed (Debian: libqt6sql6-psql).")
                            .arg(shown));
    connection = QStringLiteral("hookscope-pg-") + QUuid::createUuid().toString(QUuid::Id128);
    QSqlDatabase database = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
    database.setHostName(location.host());
    database.setPort(location.port());
    database.setUserName(location.user());
    // Empty: libpq reads PGPASSWORD or the password file itself.
    database.setPassword(location.password());
    database.setDatabaseName(location.databaseName());
    QString options = kConnectOptions + QLatin1String(";application_name=") + applicationName;
    if (!location.connectOptions().isEmpty())
        options += u';' + location.connectOptions();
    database.setConnectOptions(options);
    if (!database.open())
        return fail(QStringLiteral("connect to"), database.lastError());
    // Every session of HookScope speaks UTF-8 and UTC, whatever the server's defaults.
    return exec(QStringLiteral("SET client_encoding = 'UTF8'"), QStringLiteral("set up")) &&
           exec(QStringLiteral("SET TIME ZONE 'UTC'"), QStringLiteral("set up"));
}

std::optional<int> PgEventStore::Private::readVersion()
{
    QSqlQuery query(db());
    if (!query.exec(QStringLiteral("SELECT to_regclass('meta') IS NOT NULL, "
                                   "to_regclass('%1') IS NOT NULL")
                        .arg(kEventsTable)) ||
        !query.next()) {
        fail(QStringLiteral("read the layout of"), query.lastError());
        return std::nullopt;
    }
    const bool hasMeta = query.value(0).toBool();
    const bool hasEvents = query.value(1).toBool();
    if (!hasMeta && hasEvents) {
        failWith(QStringLiteral("The database of %1 has an events table that HookScope did not "
                                "make; use another database.")
                     .arg(shown));
        return std::nullopt;
    }
    if (!hasMeta)
        return 0;
    if (!query.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'schema_version'"))) {
        fail(QStringLiteral("read the layout of"), query.lastError());
        return std::nullopt;
    }
    bool ok = false;
    const int version = query.next() ? query.value(0).toString().toInt(&ok) : 0;
    if (!ok || version < 1) {
        failWith(QStringLiteral("The PostgreSQL store %1 has no valid layout version.").arg(shown));
        return std::nullopt;
    }
    return version;
}

bool PgEventStore::Private::prepareSchema()
{
    // One process creates or upgrades the tables; a second receiver
    // starting at the same moment waits here, then finds them made.
    if (!exec(QStringLiteral("SELECT pg_advisory_lock(%1)").arg(kSchemaLockKey),
              QStringLiteral("lock the layout of")))
        return false;
    QSqlDatabase database = db();
    bool ok = database.transaction() || fail(QStringLiteral("begin on"), database.lastError());
    std::optional<int> version = ok ? readVersion() : std::nullopt;
    ok = ok && version.has_value();
    if (ok && *version > PgSchema::kCurrentVersion)
        ok = failWith(QStringLiteral("The PostgreSQL store %1 was made by a newer HookScope "
                                     "(layout %2; this one knows up to %3).")
                          .arg(shown)
                          .arg(*version)
                          .arg(PgSchema::kCurrentVersion));
    QString error;
    if (ok && *version == 0) {
        ok = PgSchema::createCurrent(database, &error) &&
             PgSchema::stampVersion(database, PgSchema::kCurrentVersion, &error);
    } else {
        // The upgrade fills derived tables from the events: a receiver of
        // the older layout still running must not commit events between
        // the fill and the commit, so the upgrade takes the writers' lock.
        if (ok && *version < PgSchema::kCurrentVersion)
            ok = exec(QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kWriteLockKey),
                      QStringLiteral("lock for upgrading"));
        for (int v = version.value_or(0); ok && v < PgSchema::kCurrentVersion; ++v)
            ok = PgSchema::migrateStep(database, v, &error) &&
                 PgSchema::stampVersion(database, v + 1, &error);
    }
    if (ok && !error.isEmpty())
        ok = false;
    if (!ok && !error.isEmpty())
        failWith(QStringLiteral("Cannot create or upgrade the tables of the PostgreSQL store %1: "
                                "%2")
                     .arg(shown, error));
    ok = ok ? (database.commit() || fail(QStringLiteral("commit on"), database.lastError()))
            : (database.rollback(), false);
    const bool unlocked = exec(QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(kSchemaLockKey),
                               QStringLiteral("unlock the layout of"));
    return ok && unlocked;
}

bool PgEventStore::Private::prepareStatements()
{
    const auto prepared = [this](std::unique_ptr<QSqlQuery> &query, const QString &sql) {
        query = std::make_unique<QSqlQuery>(db());
        return query->prepare(sql) ||
               fail(QStringLiteral("prepare statements for"), query->lastError());
    };
    return prepared(upsert, upsertSql()) &&
           prepared(markOthers, QStringLiteral("UPDATE %1 SET %2 = 1 WHERE %3 >= ? AND %3 < ? AND "
                                               "length(%3) = length(?) + %4 AND %5 <> ?")
                                    .arg(kEventsTable, kConflict, kDedupeKey)
                                    .arg(DedupeKey::kSuffixLength)
                                    .arg(kId)) &&
           prepared(markSelf, QStringLiteral("UPDATE %1 SET %2 = 1 WHERE %3 = ?")
                                  .arg(kEventsTable, kConflict, kId)) &&
           prepared(insertDelivery, insertSql(kDeliveriesTable, kDeliveriesColumns,
                                              std::size(kDeliveriesColumns))) &&
           prepared(insertRefused,
                    insertSql(kRefusedTable, kRefusedColumns, std::size(kRefusedColumns)));
}

PgEventStore::PgEventStore()
    : d(std::make_unique<Private>())
{
}

PgEventStore::~PgEventStore()
{
    close();
}

void PgEventStore::setApplicationName(const QString &name)
{
    const bool plain = !name.isEmpty() && name.size() <= 60 &&
                       std::all_of(name.cbegin(), name.cend(), [](QChar c) {
                           return c.unicode() < 0x80 && (c.isLetterOrNumber() || c == u'-');
                       });
    Q_ASSERT(plain);
    if (plain)
        d->applicationName = name;
}

bool PgEventStore::open(const StoreLocation &location, QString *error)
{
    close();
    const bool ok = d->connect(location) && d->prepareSchema() && d->prepareStatements();
    d->open = ok;
    d->schemaVersion = ok ? PgSchema::kCurrentVersion : 0;
    if (!ok) {
        const QString why = d->lastError;
        close();
        d->lastError = why;
        if (error)
            *error = why;
    }
    return ok;
}

bool PgEventStore::openReadOnly(const StoreLocation &location, QString *error)
{
    close();
    bool ok = d->connect(location);
    const std::optional<int> version = ok ? d->readVersion() : std::nullopt;
    ok = ok && version.has_value();
    if (ok && *version != PgSchema::kCurrentVersion)
        ok = d->failWith(
            *version == 0
                ? QStringLiteral("The PostgreSQL store %1 has no HookScope tables yet: start a "
                                 "receiver on it (hookscope-cli serve --db URL) first.")
                      .arg(d->shown)
                : QStringLiteral("The PostgreSQL store %1 is at layout %2, this HookScope reads "
                                 "layout %3: %4.")
                      .arg(d->shown)
                      .arg(*version)
                      .arg(PgSchema::kCurrentVersion)
                      .arg(*version > PgSchema::kCurrentVersion
                               ? QStringLiteral("update HookScope")
                               : QStringLiteral("start a receiver of this version on it once")));
    d->open = ok;
    d->readOnly = ok;
    d->schemaVersion = ok ? *version : 0;
    if (!ok) {
        const QString why = d->lastError;
        close();
        d->lastError = why;
        if (error)
            *error = why;
    }
    return ok;
}

void PgEventStore::close()
{
    d->dropStatements();
    if (!d->connection.isEmpty()) {
        {
            QSqlDatabase database = d->db();
            if (database.isOpen())
                database.close();
        }
        QSqlDatabase::removeDatabase(d->connection);
        d->connection.clear();
    }
    d->open = d->readOnly = d->inTransaction = d->locked = d->changed = false;
    d->schemaVersion = 0;
}

bool PgEventStore::isOpen() const
{
    return d->open;
}

QString PgEventStore::displayName() const
{
    return d->shown;
}

int PgEventStore::schemaVersion() const
{
    return d->schemaVersion;
}

QString PgEventStore::lastError() const
{
    return d->lastError;
}

QString PgEventStore::lastSqlState() const
{
    return d->lastSqlState;
}

QString PgEventStore::connectionName() const
{
    return d->connection;
}

bool PgEventStore::beginTransaction()
{
    if (!d->open || d->readOnly || d->inTransaction)
        return d->failWith(
            QStringLiteral("Cannot begin a transaction on the PostgreSQL store %1.").arg(d->shown));
    QSqlDatabase database = d->db();
    if (!database.transaction())
        return d->fail(QStringLiteral("begin a transaction on"), database.lastError());
    d->inTransaction = true;
    d->locked = d->changed = false;
    return true;
}

bool PgEventStore::commit()
{
    if (!d->inTransaction)
        return d->failWith(
            QStringLiteral("No transaction is open on the PostgreSQL store %1.").arg(d->shown));
    QSqlDatabase database = d->db();
    if (d->changed) {
        // Under the write lock no other writer has ids beyond these: the
        // last ids are a watermark (the class comment).
        const qint64 events =
            d->scalar(QStringLiteral("SELECT COALESCE(MAX(%1), 0) FROM %2").arg(kId, kEventsTable),
                      {}, QStringLiteral("read the last event id from"));
        const qint64 refused =
            d->scalar(QStringLiteral("SELECT COALESCE(MAX(%1), 0) FROM %2").arg(kId, kRefusedTable),
                      {}, QStringLiteral("read the last refused id from"));
        if (events < 0 || refused < 0 ||
            d->scalar(QStringLiteral("SELECT 0 FROM pg_notify(?, ?)"),
                      {QString(kChannel), QStringLiteral("%1 %2").arg(events).arg(refused)},
                      QStringLiteral("announce the commit on")) < 0) {
            rollback();
            return false;
        }
    }
    if (!database.commit()) {
        d->fail(QStringLiteral("commit to"), database.lastError());
        rollback();
        return false;
    }
    d->inTransaction = d->locked = d->changed = false;
    return true;
}

void PgEventStore::rollback()
{
    if (d->inTransaction)
        d->db().rollback();
    d->inTransaction = d->locked = d->changed = false;
}

bool PgEventStore::Private::takeWriteLock()
{
    if (locked)
        return true;
    QSqlQuery query(db());
    if (!query.exec(QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kWriteLockKey)))
        return fail(QStringLiteral("lock for writing"), query.lastError());
    locked = true;
    return true;
}

std::optional<PgEventStore::AppendResult> PgEventStore::Private::appendOne(const EventRecord &r)
{
    if (!takeWriteLock())
        return std::nullopt;
    const QString sender =
        r.dedupeKey.isEmpty()
            ? QStringLiteral("u:") + QUuid::createUuid().toString(QUuid::WithoutBraces)
            : PgSchema::text(r.dedupeKey);
    const QString key = DedupeKey::stored(sender, r.payload, r.payloadSha256);
    const QVariant values[] = {
        r.receivedAtMs,
        r.receivedAtMs,
        PgSchema::text(r.event),
        r.channel < 0 ? QVariant(QMetaType::fromType<int>()) : QVariant(r.channel),
        PgSchema::text(r.channelName),
        PgSchema::text(r.chatUserId),
        PgSchema::text(r.chatSessionId),
        PgSchema::text(r.sequenceId),
        PgSchema::text(r.msgType),
        static_cast<int>(r.senderType),
        PgSchema::text(r.sender),
        r.sysUserId,
        r.sendTimeMs,
        PgSchema::text(r.msg),
        PgSchema::text(r.quoteChat),
        PgSchema::text(r.channelUid),
        PgSchema::text(r.name),
        PgSchema::text(r.remarkName),
        PgSchema::text(r.phone),
        PgSchema::text(r.email),
        PgSchema::text(r.remark),
        PgSchema::text(r.labels),
        PgSchema::text(r.customField),
        PgSchema::text(r.adReferral),
        PgSchema::text(r.presentFields.join(QLatin1Char(','))),
        verificationWord(r.verification),
        PgSchema::text(r.verificationDetail),
        key,
        PgSchema::text(r.query),
        r.payload.isNull() ? QByteArray("") : r.payload,
        r.conflict ? 1 : 0,
        r.stale ? 1 : 0,
        r.test ? 1 : 0,
    };
    int i = 0;
    for (const QVariant &value : values)
        upsert->bindValue(i++, value);
    if (!upsert->exec() || !upsert->next()) {
        fail(QStringLiteral("store an event in"), upsert->lastError());
        return std::nullopt;
    }
    AppendResult result;
    result.eventId = upsert->value(0).toLongLong();
    result.duplicate = !upsert->value(1).toBool();
    upsert->finish();
    if (!result.duplicate) {
        markOthers->bindValue(0, DedupeKey::lowerBound(sender));
        markOthers->bindValue(1, DedupeKey::upperBound(sender));
        markOthers->bindValue(2, sender);
        markOthers->bindValue(3, result.eventId);
        if (!markOthers->exec()) {
            fail(QStringLiteral("mark conflicts in"), markOthers->lastError());
            return std::nullopt;
        }
        if (markOthers->numRowsAffected() > 0) {
            markSelf->bindValue(0, result.eventId);
            if (!markSelf->exec()) {
                fail(QStringLiteral("mark conflicts in"), markSelf->lastError());
                return std::nullopt;
            }
            result.conflict = true;
        }
    }
    const QVariant delivery[] = {
        result.eventId,
        r.receivedAtMs,
        verificationWord(r.verification),
        PgSchema::text(r.query),
        PgSchema::text(r.requestHeaders),
        PgSchema::text(r.peer),
    };
    i = 0;
    for (const QVariant &value : delivery)
        insertDelivery->bindValue(i++, value);
    if (!insertDelivery->exec()) {
        fail(QStringLiteral("record a delivery in"), insertDelivery->lastError());
        return std::nullopt;
    }
    insertDelivery->finish();
    changed = true;
    return result;
}

std::optional<PgEventStore::AppendResult> PgEventStore::append(const EventRecord &record)
{
    if (!d->open || d->readOnly) {
        d->failWith(QStringLiteral("The PostgreSQL store is not open for writing."));
        return std::nullopt;
    }
    if (d->inTransaction)
        return d->appendOne(record);
    if (!beginTransaction())
        return std::nullopt;
    std::optional<AppendResult> result = d->appendOne(record);
    if (result && commit())
        return result;
    rollback();
    return std::nullopt;
}

std::optional<qint64> PgEventStore::appendRefused(const RefusedRecord &r)
{
    if (!d->open || d->readOnly) {
        d->failWith(QStringLiteral("The PostgreSQL store is not open for writing."));
        return std::nullopt;
    }
    const bool own = !d->inTransaction;
    if (own && !beginTransaction())
        return std::nullopt;
    const QVariant values[] = {
        r.receivedAtMs,
        r.status,
        PgSchema::text(r.reason),
        PgSchema::text(r.method),
        PgSchema::text(r.path),
        PgSchema::text(r.query),
        PgSchema::text(r.headers),
        PgSchema::text(r.peer),
        r.body.isNull() ? QByteArray("") : r.body,
        std::max<qint64>(r.bodyBytes, r.body.size()),
        std::max<qint64>(r.queryBytes, r.query.toUtf8().size()),
        StoreSchema::refusedKeptBytes(r),
    };
    int i = 0;
    for (const QVariant &value : values)
        d->insertRefused->bindValue(i++, value);
    std::optional<qint64> id;
    if (d->takeWriteLock() && d->insertRefused->exec() && d->insertRefused->next())
        id = d->insertRefused->value(0).toLongLong();
    else if (d->locked)
        d->fail(QStringLiteral("record a refused delivery in"), d->insertRefused->lastError());
    d->insertRefused->finish();
    if (id && d->scalar(QStringLiteral("UPDATE refused_totals SET rows = rows + 1, bytes = bytes + "
                                       "? RETURNING rows"),
                        {StoreSchema::refusedKeptBytes(r)},
                        QStringLiteral("count a refused delivery in")) < 0)
        id.reset();
    d->changed = d->changed || id.has_value();
    if (own && !(id && commit())) {
        rollback();
        return std::nullopt;
    }
    return id;
}

qint64 PgEventStore::trimRefused(qint64 maxRows, qint64 maxBytes, qint64 batch)
{
    if (!d->open || d->readOnly || !d->takeWriteLock())
        return -1;
    std::optional<QSqlQuery> totals =
        d->select(QStringLiteral("SELECT rows, bytes FROM refused_totals"), {},
                  QStringLiteral("read the size of the refused table of"));
    if (!totals || !totals->next())
        return -1;
    qint64 rows = totals->value(0).toLongLong();
    qint64 bytes = totals->value(1).toLongLong();
    if (rows <= maxRows && bytes <= maxBytes)
        return 0;
    std::optional<QSqlQuery> oldest =
        d->select(QStringLiteral("SELECT %1, %2 FROM %3 ORDER BY %1 LIMIT ?")
                      .arg(kId, kKeptBytes, kRefusedTable),
                  {batch}, QStringLiteral("read the oldest refused deliveries of"));
    if (!oldest)
        return -1;
    qint64 last = 0;
    qint64 doomed = 0;
    qint64 doomedBytes = 0;
    while ((rows - doomed > maxRows || bytes - doomedBytes > maxBytes) && oldest->next()) {
        last = oldest->value(0).toLongLong();
        doomedBytes += oldest->value(1).toLongLong();
        ++doomed;
    }
    if (doomed == 0)
        return 0;
    if (d->scalar(QStringLiteral("WITH gone AS (DELETE FROM %1 WHERE %2 <= ? RETURNING 1) "
                                 "SELECT count(*) FROM gone")
                      .arg(kRefusedTable, kId),
                  {last}, QStringLiteral("trim the refused deliveries of")) != doomed ||
        d->scalar(QStringLiteral("UPDATE refused_totals SET rows = rows - ?, bytes = bytes - ? "
                                 "RETURNING rows"),
                  {doomed, doomedBytes}, QStringLiteral("count the refused deliveries of")) < 0)
        return -1;
    d->changed = true;
    return doomed;
}

bool PgEventStore::roleMayWrite()
{
    return d->open &&
           d->scalar(QStringLiteral("SELECT CASE WHEN has_table_privilege(?, 'INSERT') THEN 1 "
                                    "ELSE 0 END"),
                     {QString(kEventsTable)}, QStringLiteral("read the role's rights on")) == 1;
}

bool PgEventStore::ping()
{
    return d->open && d->scalar(QStringLiteral("SELECT 1"), {}, QStringLiteral("reach")) == 1;
}
