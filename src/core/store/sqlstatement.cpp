#include "store/sqlstatement.h"

#include <QSqlDatabase>

#include <sqlite3.h>

SqlStatement::SqlStatement(const QSqlDatabase &db, sqlite3 *handle)
    : m_handle(handle)
{
    if (!m_handle)
        m_query = std::make_unique<QSqlQuery>(db);
}

SqlStatement::~SqlStatement()
{
    // Before the connection closes (EventStore::Private::reset): SQLite
    // refuses to close a connection with statements left.
    sqlite3_finalize(m_statement);
}

bool SqlStatement::prepare(const QString &sql)
{
    if (m_query)
        return m_query->prepare(sql) || (m_error = m_query->lastError(), false);
    sqlite3_finalize(m_statement);
    m_statement = nullptr;
    const QByteArray utf8 = sql.toUtf8();
    if (sqlite3_prepare_v3(m_handle, utf8.constData(), int(utf8.size()), SQLITE_PREPARE_PERSISTENT,
                           &m_statement, nullptr) != SQLITE_OK)
        return fail();
    return true;
}

void SqlStatement::rewind()
{
    if (m_active)
        sqlite3_reset(m_statement);
    m_active = false;
    m_rowPending = false;
}

void SqlStatement::bind(int index, const QVariant &value)
{
    if (m_query) {
        m_query->bindValue(index, value);
        return;
    }
    rewind();
    const int at = index + 1;
    switch (value.metaType().id()) {
    case QMetaType::UnknownType:
    case QMetaType::Nullptr:
        sqlite3_bind_null(m_statement, at);
        break;
    case QMetaType::QByteArray: {
        const QByteArray bytes = value.toByteArray();
        if (bytes.isNull()) { // as QtSql binds it
            sqlite3_bind_null(m_statement, at);
            break;
        }
        sqlite3_bind_blob64(m_statement, at, bytes.constData(), sqlite3_uint64(bytes.size()),
                            SQLITE_TRANSIENT);
        break;
    }
    case QMetaType::QString: {
        const QString text = value.toString();
        if (text.isNull()) { // as QtSql binds it; an empty one is ''
            sqlite3_bind_null(m_statement, at);
            break;
        }
        QByteArray utf8 = text.toUtf8();
        if (utf8.isNull())
            utf8 = QByteArray("");
        sqlite3_bind_text64(m_statement, at, utf8.constData(), sqlite3_uint64(utf8.size()),
                            SQLITE_TRANSIENT, SQLITE_UTF8);
        break;
    }
    case QMetaType::Double:
    case QMetaType::Float:
        sqlite3_bind_double(m_statement, at, value.toDouble());
        break;
    default: // the integers and bool
        sqlite3_bind_int64(m_statement, at, value.toLongLong());
        break;
    }
}

bool SqlStatement::exec()
{
    if (m_query) {
        const bool ok = m_query->exec();
        m_error = m_query->lastError();
        return ok;
    }
    rewind();
    m_error = QSqlError();
    const int status = sqlite3_step(m_statement);
    if (status == SQLITE_ROW) {
        m_active = true;
        m_rowPending = true;
        return true;
    }
    if (status != SQLITE_DONE)
        return fail();
    m_lastInsertId = sqlite3_last_insert_rowid(m_handle);
    m_rowsAffected = sqlite3_changes(m_handle);
    sqlite3_reset(m_statement);
    return true;
}

bool SqlStatement::next()
{
    if (m_query)
        return m_query->next() || (m_error = m_query->lastError(), false);
    if (m_rowPending) {
        m_rowPending = false;
        return true;
    }
    if (!m_active)
        return false;
    const int status = sqlite3_step(m_statement);
    if (status == SQLITE_ROW)
        return true;
    if (status != SQLITE_DONE)
        return fail();
    rewind();
    return false;
}

QVariant SqlStatement::value(int column) const
{
    if (m_query)
        return m_query->value(column);
    switch (sqlite3_column_type(m_statement, column)) {
    case SQLITE_INTEGER:
        return QVariant(qint64(sqlite3_column_int64(m_statement, column)));
    case SQLITE_FLOAT:
        return QVariant(sqlite3_column_double(m_statement, column));
    case SQLITE_TEXT:
        return QString::fromUtf8(
            reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column)),
            sqlite3_column_bytes(m_statement, column));
    case SQLITE_BLOB:
        return QByteArray(static_cast<const char *>(sqlite3_column_blob(m_statement, column)),
                          sqlite3_column_bytes(m_statement, column));
    default:
        return QVariant();
    }
}

void SqlStatement::finish()
{
    if (m_query)
        m_query->finish();
    else
        rewind();
}

qint64 SqlStatement::lastInsertId() const
{
    return m_query ? m_query->lastInsertId().toLongLong() : m_lastInsertId;
}

qint64 SqlStatement::rowsAffected() const
{
    return m_query ? m_query->numRowsAffected() : m_rowsAffected;
}

QSqlError SqlStatement::lastError() const
{
    return m_error;
}

// SQLite's message and extended result code, as QtSql's driver reports them.
bool SqlStatement::fail()
{
    const int code = sqlite3_extended_errcode(m_handle);
    m_error = QSqlError(QStringLiteral("Unable to execute statement"),
                        QString::fromUtf8(sqlite3_errmsg(m_handle)), QSqlError::StatementError,
                        QString::number(code));
    if (m_active || m_statement)
        sqlite3_reset(m_statement);
    m_active = false;
    m_rowPending = false;
    return false;
}
