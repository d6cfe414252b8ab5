#include "testsupport_store.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

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
