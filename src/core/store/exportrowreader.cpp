#include "store/exportrowreader.h"

#include "store/sqlitehandle.h"
#include "store/storecolumns.h"

#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlQuery>

#include <sqlite3.h>

#include <cstring>
#include <iterator>

namespace {

// The first schema with events.test.
constexpr int kTestVersion = 6;

// "SELECT <export columns> FROM events", in the order of ExportRowReader::Column.
QByteArray selectExportColumns(int schemaVersion)
{
    using namespace StoreColumns;
    QString columns;
    for (const Name name : kExportColumns) {
        if (!columns.isEmpty())
            columns += QLatin1String(", ");
        // A schema-5 file read without upgrading it has no test mark.
        columns += name == kTest && schemaVersion < kTestVersion ? QLatin1String("0") : name;
    }
    return (QLatin1String("SELECT ") + columns + QLatin1String(" FROM ") + kEventsTable).toUtf8();
}

// QtSql binds a null QString or QByteArray as NULL, not as ''
// (QSqlResultPrivate::isVariantNull; the store binds no date or time types).
bool isNullForQtSql(const QVariant &value)
{
    if (value.isNull())
        return true;
    if (value.typeId() == QMetaType::QString)
        return static_cast<const QString *>(value.constData())->isNull();
    if (value.typeId() == QMetaType::QByteArray)
        return static_cast<const QByteArray *>(value.constData())->isNull();
    return false;
}

// As QSQLiteResult::exec binds a value; every other type goes as its text.
int bindValue(sqlite3_stmt *statement, int index, const QVariant &value)
{
    if (isNullForQtSql(value))
        return sqlite3_bind_null(statement, index);
    switch (value.typeId()) {
    case QMetaType::QByteArray: {
        const auto &bytes = *static_cast<const QByteArray *>(value.constData());
        return sqlite3_bind_blob64(statement, index, bytes.constData(),
                                   static_cast<sqlite3_uint64>(bytes.size()), SQLITE_TRANSIENT);
    }
    case QMetaType::Int:
    case QMetaType::Bool:
        return sqlite3_bind_int(statement, index, value.toInt());
    case QMetaType::Double:
        return sqlite3_bind_double(statement, index, value.toDouble());
    case QMetaType::UInt:
    case QMetaType::LongLong:
        return sqlite3_bind_int64(statement, index, value.toLongLong());
    default: {
        const QString text = value.toString();
        return sqlite3_bind_text16(statement, index, text.utf16(),
                                   static_cast<int>(text.size() * 2), SQLITE_TRANSIENT);
    }
    }
}

// QtSql reads text as UTF-16, and SQLite's conversion keeps valid UTF-8 as it
// is except U+FFFE and U+FFFF, which become U+FFFD.
bool sameThroughUtf16(QByteArrayView utf8)
{
    if (utf8.isEmpty())
        return true;
    if (!utf8.isValidUtf8())
        return false;
    const char *p = utf8.data();
    const char *const end = p + utf8.size();
    while ((p = static_cast<const char *>(std::memchr(p, '\xEF', static_cast<size_t>(end - p))))) {
        if (end - p >= 3 && p[1] == '\xBF' && (p[2] == '\xBE' || p[2] == '\xBF'))
            return false;
        ++p;
    }
    return true;
}

} // namespace

ExportRowReader::ExportRowReader(const QSqlDatabase &db, int schemaVersion)
    : m_db(SqliteHandle::of(db))
    , m_schemaVersion(schemaVersion)
{
}

ExportRowReader::~ExportRowReader()
{
    sqlite3_finalize(m_statement);
    sqlite3_finalize(m_forwards);
}

bool ExportRowReader::prepare(const QString &tail, const QVariantList &binds)
{
    static_assert(std::size(StoreColumns::kExportColumns) == ColumnCount,
                  "one export column per ExportRowReader::Column");
    if (!m_db)
        return fail(QStringLiteral("the connection has no SQLite handle"));
    const QByteArray sql = selectExportColumns(m_schemaVersion) + tail.toUtf8();
    const char *rest = nullptr;
    if (sqlite3_prepare_v2(m_db, sql.constData(), static_cast<int>(sql.size()), &m_statement,
                           &rest) != SQLITE_OK)
        return fail(QString::fromUtf8(sqlite3_errmsg(m_db)));
    if (!QByteArrayView(rest, sql.constData() + sql.size() - rest).trimmed().isEmpty())
        return fail(QStringLiteral("Unable to execute multiple statements at a time"));
    return bindAll(binds) && prepareForwards();
}

// The `forward` column is not a subquery per row (a correlated group_concat
// costs 2.6 s per million events that have a row): the forwards rows are
// read once, in (event_id, id) order, beside the events, which come in id
// order (forwardsOf).
bool ExportRowReader::prepareForwards()
{
    using namespace StoreColumns;
    if (m_schemaVersion < kTestVersion) // no forwards table yet
        return true;
    const QByteArray sql = QStringLiteral("SELECT %1, %2, %3 FROM %4 ORDER BY %1, %5")
                               .arg(kEventId, kState, kLastStatus, kForwardsTable, kId)
                               .toUtf8();
    if (sqlite3_prepare_v2(m_db, sql.constData(), static_cast<int>(sql.size()), &m_forwards,
                           nullptr) != SQLITE_OK)
        return fail(QString::fromUtf8(sqlite3_errmsg(m_db)));
    stepForwards();
    return m_error.isEmpty();
}

void ExportRowReader::stepForwards()
{
    const int status = sqlite3_step(m_forwards);
    if (status == SQLITE_ROW) {
        m_forwardEventId = sqlite3_column_int64(m_forwards, 0);
        return;
    }
    m_forwardEventId = -1; // the end
    if (status != SQLITE_DONE)
        fail(QString::fromUtf8(sqlite3_errmsg(m_db)));
}

// "forwarded 200; pending", as EventStore::forwardSummary() spells it.
QByteArrayView ExportRowReader::forwardsOf(qint64 eventId)
{
    QByteArray &text = m_converted[Forward];
    text.clear();
    if (!m_forwards)
        return text;
    if (eventId < m_lastEventId) { // not in id order after all: start over
        sqlite3_reset(m_forwards);
        stepForwards();
    }
    m_lastEventId = eventId;
    while (m_forwardEventId >= 0 && m_forwardEventId < eventId)
        stepForwards();
    while (m_forwardEventId >= 0 && m_forwardEventId == eventId) {
        if (!text.isEmpty())
            text.append("; ", 2);
        text.append(reinterpret_cast<const char *>(sqlite3_column_text(m_forwards, 1)),
                    sqlite3_column_bytes(m_forwards, 1));
        const qint64 status = sqlite3_column_int64(m_forwards, 2);
        if (status > 0) {
            text.append(' ');
            text.append(QByteArray::number(status));
        }
        stepForwards();
    }
    return text;
}

bool ExportRowReader::bindAll(const QVariantList &binds)
{
    if (sqlite3_bind_parameter_count(m_statement) != binds.size())
        return fail(QStringLiteral("Parameter count mismatch"));
    for (int i = 0; i < binds.size(); ++i) {
        if (bindValue(m_statement, i + 1, binds.at(i)) != SQLITE_OK)
            return fail(QString::fromUtf8(sqlite3_errmsg(m_db)));
    }
    return true;
}

bool ExportRowReader::next()
{
    if (!m_statement || !m_error.isEmpty())
        return false;
    const int status = sqlite3_step(m_statement);
    if (status == SQLITE_ROW) {
        readRow();
        return true;
    }
    if (status != SQLITE_DONE)
        fail(QString::fromUtf8(sqlite3_errmsg(m_db)));
    return false;
}

void ExportRowReader::readRow()
{
    ExportRow &r = m_row;
    r.id = integer(Id);
    r.receivedAtMs = integer(ReceivedAt);
    r.event = text(Event);
    r.channel = sqlite3_column_type(m_statement, Channel) == SQLITE_NULL ? -1 : integer32(Channel);
    r.channelName = text(ChannelName);
    r.chatUserId = text(ChatUserId);
    r.chatSessionId = text(ChatSessionId);
    r.sequenceId = text(SequenceId);
    r.msgType = text(MsgType);
    r.senderType = senderTypeFromCode(integer32(SenderTypeCode));
    r.msg = text(Msg);
    r.name = text(Name);
    r.phone = text(Phone);
    r.email = text(Email);
    r.verification =
        verificationFromUtf8(text(VerificationWord)).value_or(Verification::NotChecked);
    r.deliveries = integer32(Deliveries);
    r.payload = payload();
    r.sendTimeMs = integer(SendTime);
    r.sysUserId = integer(SysUserId);
    r.sender = text(Sender);
    r.quoteChat = text(QuoteChat);
    r.test = integer32(Test) != 0;
    r.stale = integer32(Stale) != 0;
    r.conflict = integer32(Conflict) != 0;
    r.forward = forwardsOf(r.id);
}

qint64 ExportRowReader::integer(Column column) const
{
    if (sqlite3_column_type(m_statement, column) == SQLITE_INTEGER)
        return sqlite3_column_int64(m_statement, column);
    return qtSqlValue(column).toLongLong();
}

int ExportRowReader::integer32(Column column) const
{
    if (sqlite3_column_type(m_statement, column) == SQLITE_INTEGER)
        return static_cast<int>(sqlite3_column_int64(m_statement, column));
    return qtSqlValue(column).toInt();
}

// UTF-8 equal to what EventExporter makes of the QString QtSql reads.
QByteArrayView ExportRowReader::text(Column column)
{
    switch (sqlite3_column_type(m_statement, column)) {
    case SQLITE_NULL:
        return {};
    case SQLITE_TEXT: {
        const QByteArrayView utf8(
            reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column)),
            sqlite3_column_bytes(m_statement, column));
        if (sameThroughUtf16(utf8))
            return utf8;
        break;
    }
    case SQLITE_BLOB: { // QtSql: QByteArray, then QString::fromUtf8()
        const QByteArrayView bytes(
            static_cast<const char *>(sqlite3_column_blob(m_statement, column)),
            sqlite3_column_bytes(m_statement, column));
        if (bytes.isValidUtf8())
            return bytes;
        break;
    }
    default:
        break;
    }
    return converted(column, qtSqlValue(column).toString());
}

QByteArrayView ExportRowReader::payload()
{
    if (sqlite3_column_type(m_statement, Payload) == SQLITE_BLOB)
        return {static_cast<const char *>(sqlite3_column_blob(m_statement, Payload)),
                sqlite3_column_bytes(m_statement, Payload)};
    m_converted[Payload] = qtSqlValue(Payload).toByteArray();
    return m_converted[Payload];
}

QByteArrayView ExportRowReader::converted(Column column, const QString &text)
{
    QByteArray &utf8 = m_converted[column];
    utf8.resize(m_encoder.requiredSpace(text.size()));
    char *const end = m_encoder.appendToBuffer(utf8.data(), text);
    utf8.resize(end - utf8.constData());
    return utf8;
}

// The cell as QtSql's SQLite driver reads it (QSQLiteResultPrivate::fetchNext).
QVariant ExportRowReader::qtSqlValue(Column column) const
{
    switch (sqlite3_column_type(m_statement, column)) {
    case SQLITE_BLOB:
        return QByteArray(static_cast<const char *>(sqlite3_column_blob(m_statement, column)),
                          sqlite3_column_bytes(m_statement, column));
    case SQLITE_INTEGER:
        return static_cast<qint64>(sqlite3_column_int64(m_statement, column));
    case SQLITE_FLOAT:
        return sqlite3_column_double(m_statement, column);
    case SQLITE_NULL:
        return QVariant(QMetaType::fromType<QString>());
    default:
        return QString(reinterpret_cast<const QChar *>(sqlite3_column_text16(m_statement, column)),
                       sqlite3_column_bytes16(m_statement, column) / 2);
    }
}

bool ExportRowReader::fail(const QString &text)
{
    if (m_error.isEmpty())
        m_error = text;
    return false;
}
