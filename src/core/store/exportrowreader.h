#pragma once

#include "records/exportrow.h"

#include <QByteArray>
#include <QString>
#include <QStringConverter>
#include <QVariant>
#include <QVariantList>

#include <array>

class QSqlDatabase;
struct sqlite3;
struct sqlite3_stmt;

// Reads the export columns of the events table (ExportRow) straight from
// SQLite, on the connection QtSql opened (QSqlDriver::handle()): UTF-8 views
// of SQLite's own buffers, no QVariant or QString per cell. That is what
// makes an export of a million events cheap (docs/storage.md).
//
// Every value equals what the QtSql path gives (StoreSchema::readEvent, then
// EventExporter's UTF-8 encoding): a cell is used as stored only when that is
// provably the same; otherwise, rarely, it is read the way QtSql reads it.
class ExportRowReader final {
    Q_DISABLE_COPY_MOVE(ExportRowReader)

public:
    // schemaVersion: the file's (EventStore::schemaVersion()); a file older
    // than the test mark (schema 6) reads every row as "not a test".
    explicit ExportRowReader(const QSqlDatabase &db, int schemaVersion);
    ~ExportRowReader();

    // False when the connection's SQLite is not the library linked here (a
    // Qt with its own copy) or is not SQLite: read through QtSql instead.
    bool isUsable() const { return m_db != nullptr; }

    // Prepares "SELECT <export columns> FROM events<tail>" and binds `binds`
    // to its '?' as QtSql would. False with errorText() set on a failure.
    bool prepare(const QString &tail, const QVariantList &binds);
    // Steps to the next row; false at the end, or on an error (errorText()).
    bool next();
    const ExportRow &row() const { return m_row; }
    QString errorText() const { return m_error; }

private:
    enum Column {
        Id,
        ReceivedAt,
        Event,
        Channel,
        ChannelName,
        ChatUserId,
        ChatSessionId,
        SequenceId,
        MsgType,
        SenderTypeCode,
        Msg,
        Name,
        Phone,
        Email,
        VerificationWord,
        Deliveries,
        Payload,
        SendTime,
        SysUserId,
        Sender,
        QuoteChat,
        Test,
        Stale,
        Conflict,
        ColumnCount,
        Forward = ColumnCount // not an events column: m_converted's slot of the summary
    };

    bool bindAll(const QVariantList &binds);
    bool prepareForwards();
    void stepForwards();
    QByteArrayView forwardsOf(qint64 eventId);
    void readRow();
    qint64 integer(Column column) const;
    int integer32(Column column) const;
    QByteArrayView text(Column column);
    QByteArrayView payload();
    QByteArrayView converted(Column column, const QString &text);
    QVariant qtSqlValue(Column column) const;
    bool fail(const QString &text);

    sqlite3 *m_db = nullptr;
    int m_schemaVersion = 0;
    sqlite3_stmt *m_statement = nullptr;
    ExportRow m_row;
    std::array<QByteArray, ColumnCount + 1> m_converted; // cells not usable as stored; Forward
    sqlite3_stmt *m_forwards = nullptr; // the forwards rows, in (event_id, id) order
    qint64 m_forwardEventId = -1;       // the current forwards row's; -1 at the end
    qint64 m_lastEventId = 0;
    QStringEncoder m_encoder{QStringEncoder::Utf8, QStringConverter::Flag::Stateless};
    QString m_error;
};
