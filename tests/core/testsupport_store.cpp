#include "testsupport_store.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include "store/sqlitehandle.h"

#include <sqlite3.h>

#include <utility>

TestStore::TestStore()
{
    m_open = m_dir.isValid() && m_writer.open(path());
}

qint64 TestStore::write(const QList<EventRecord> &records)
{
    if (!m_writer.beginTransaction())
        return -1;
    for (const EventRecord &r : records) {
        if (!m_writer.append(r)) {
            m_writer.rollback();
            return -1;
        }
    }
    return m_writer.commit() ? m_writer.maxEventId() : -1;
}

sqlite3 *openReaderHandle(EventStore &reader, const QString &path)
{
    const QStringList before = QSqlDatabase::connectionNames();
    if (!reader.openReadOnly(path))
        return nullptr;
    for (const QString &name : QSqlDatabase::connectionNames()) {
        if (!before.contains(name))
            return SqliteHandle::of(QSqlDatabase::database(name, false));
    }
    return nullptr;
}

StepCounter::StepCounter(sqlite3 *handle, int every)
    : m_handle(handle)
{
    sqlite3_progress_handler(m_handle, every, &StepCounter::tick, &m_steps);
}

StepCounter::~StepCounter()
{
    sqlite3_progress_handler(m_handle, 0, nullptr, nullptr);
}

qint64 StepCounter::take()
{
    return std::exchange(m_steps, 0);
}

int StepCounter::tick(void *steps)
{
    ++*static_cast<qint64 *>(steps);
    return 0;
}

// A connection of the test's own, for writing files the way another program
// (or an older HookScope) would.
void rawExec(const QString &path, const QStringList &statements)
{
    static int counter = 0;
    const QString name = QStringLiteral("raw-%1").arg(++counter);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery query(db);
        for (const QString &statement : statements)
            QVERIFY2(query.exec(statement), qPrintable(query.lastError().text()));
    }
    QSqlDatabase::removeDatabase(name);
}

QVariant rawValue(const QString &path, const QString &sql)
{
    static int counter = 0;
    const QString name = QStringLiteral("rawvalue-%1").arg(++counter);
    QVariant value;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(sql) && query.next())
                value = query.value(0);
        }
    }
    QSqlDatabase::removeDatabase(name);
    return value;
}

void writeFirstLayoutStore(const QString &path)
{
    rawExec(
        path,
        {QStringLiteral(
             "CREATE TABLE events(id INTEGER PRIMARY KEY, received_at INTEGER NOT NULL,"
             " event TEXT NOT NULL, channel INTEGER, channel_name TEXT NOT NULL DEFAULT '',"
             " chat_user_id TEXT NOT NULL DEFAULT '', chat_session_id TEXT NOT NULL DEFAULT '',"
             " sequence_id TEXT NOT NULL DEFAULT '', msg_type TEXT NOT NULL DEFAULT '',"
             " sender_type INTEGER NOT NULL DEFAULT 0, sender TEXT NOT NULL DEFAULT '',"
             " sys_user_id INTEGER NOT NULL DEFAULT 0, send_time INTEGER NOT NULL DEFAULT 0,"
             " msg TEXT NOT NULL DEFAULT '', quote_chat TEXT NOT NULL DEFAULT '',"
             " channel_uid TEXT NOT NULL DEFAULT '', name TEXT NOT NULL DEFAULT '',"
             " remark_name TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '',"
             " email TEXT NOT NULL DEFAULT '', remark TEXT NOT NULL DEFAULT '',"
             " labels TEXT NOT NULL DEFAULT '', custom_field TEXT NOT NULL DEFAULT '',"
             " ad_referral TEXT NOT NULL DEFAULT '', verification TEXT NOT NULL,"
             " verification_detail TEXT NOT NULL DEFAULT '', dedupe_key TEXT NOT NULL UNIQUE,"
             " query TEXT NOT NULL DEFAULT '', payload BLOB NOT NULL)"),
         QStringLiteral("CREATE TABLE refused(id INTEGER PRIMARY KEY, received_at INTEGER NOT NULL,"
                        " status INTEGER NOT NULL, reason TEXT NOT NULL, method TEXT NOT NULL,"
                        " path TEXT NOT NULL, query TEXT NOT NULL, headers TEXT NOT NULL,"
                        " peer TEXT NOT NULL, body BLOB NOT NULL)"),
         QStringLiteral("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)"),
         QStringLiteral("INSERT INTO meta VALUES('schema_version', '1')"),
         QStringLiteral("INSERT INTO events(received_at, event, channel, chat_user_id,"
                        " sequence_id, msg, verification, dedupe_key, query, payload)"
                        " VALUES(1700000000456, 'message', 12, 'cu9', '77', 'old text',"
                        " 'verified', 'm:cu9:77', 'timestamp=1', X'7B7D')"),
         QStringLiteral("PRAGMA user_version = 1")});
}
