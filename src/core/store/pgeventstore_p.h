#pragma once

#include "corelog.h"
#include "store/pgeventstore.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <memory>
#include <optional>

// PgEventStore's connection and statements (pgeventstore.cpp: connection,
// layout and writes; pgeventstorereads.cpp: reads).
struct PgEventStore::Private {
    QString connection;
    QString applicationName = QStringLiteral("hookscope");
    QString shown;
    QString lastError;
    QString lastSqlState;
    int schemaVersion = 0;
    bool open = false;
    bool readOnly = false;
    bool inTransaction = false;
    bool locked = false;  // the write lock is held by this transaction
    bool changed = false; // something to announce at the commit
    std::unique_ptr<QSqlQuery> upsert;
    std::unique_ptr<QSqlQuery> markOthers;
    std::unique_ptr<QSqlQuery> markSelf;
    std::unique_ptr<QSqlQuery> insertDelivery;
    std::unique_ptr<QSqlQuery> insertRefused;

    QSqlDatabase db() const { return QSqlDatabase::database(connection, false); }

    bool fail(const QString &doing, const QSqlError &error)
    {
        lastSqlState = error.nativeErrorCode();
        lastError = QStringLiteral("Cannot %1 the PostgreSQL store %2: %3")
                        .arg(doing, shown, error.text().trimmed());
        qCDebug(lcCore).noquote() << lastError;
        return false;
    }
    bool failWith(const QString &message)
    {
        lastSqlState.clear();
        lastError = message;
        qCDebug(lcCore).noquote() << lastError;
        return false;
    }
    bool exec(const QString &sql, const QString &doing)
    {
        QSqlQuery query(db());
        return query.exec(sql) || fail(doing, query.lastError());
    }
    std::optional<QSqlQuery> select(const QString &sql, const QVariantList &binds,
                                    const QString &doing);
    qint64 scalar(const QString &sql, const QVariantList &binds, const QString &doing);
    bool connect(const StoreLocation &location);
    bool prepareSchema();
    std::optional<int> readVersion();
    bool prepareStatements();
    bool takeWriteLock();
    std::optional<AppendResult> appendOne(const EventRecord &r);
    void dropStatements()
    {
        upsert.reset();
        markOthers.reset();
        markSelf.reset();
        insertDelivery.reset();
        insertRefused.reset();
    }
};
