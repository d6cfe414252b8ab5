#include "ingest/deskmirror.h"

#include "corelog.h"
#include "ingest/appendfeed.h"
#include "ingest/receiverconfig.h"
#include "store/eventstore.h"
#include "store/pgchangefeed.h"
#include "store/pgeventstore.h"
#include "store/storefiles.h"
#include "store/storemigration.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTimer>

#include <algorithm>
#include <memory>

namespace {

// The copy's progress, in its meta table.
const QString kSourceKey = QStringLiteral("desk_copy_source");
const QString kTablesKey = QStringLiteral("desk_copy_tables");
const QString kReceiptKey = QStringLiteral("desk_copy_receipt");
const QString kRefusedKey = QStringLiteral("desk_copy_refused");

bool removeCopy(const QString &path)
{
    bool ok = true;
    for (const char *suffix : {"", "-wal", "-shm"}) {
        const QString file = path + QLatin1String(suffix);
        if (QFile::exists(file))
            ok = QFile::remove(file) && ok;
    }
    return ok;
}

} // namespace

class DeskMirror::Worker final : public QObject {
    Q_OBJECT

public:
    Worker(const StoreLocation &source, const QString &copyPath)
        : m_source(source)
        , m_copyPath(copyPath)
        , m_retry(this) // moves to the copy's thread with the worker
    {
        m_retry.setSingleShot(true);
        connect(&m_retry, &QTimer::timeout, this, &Worker::connectSource);
    }

    void begin()
    {
        QString error;
        if (!openCopy(&error)) {
            fail(error);
            return;
        }
        Q_EMIT status(State::Connecting, QString(), 0, false, 0, 0);
        connectSource();
    }

Q_SIGNALS:
    void status(DeskMirror::State state, const QString &detail, int retryInMs, bool readOnlyRole,
                qint64 done, qint64 total, bool firstFill = false);
    void copied(qint64 lastEventId, qint64 lastRefusedId);

private:
    bool openCopy(QString *error)
    {
        if (!StoreFiles::prepare(m_copyPath, error))
            return false;
        m_copy.setQuiet(true);
        if (!m_copy.open(m_copyPath, error))
            return false;
        const QString source = m_copy.metaValue(kSourceKey);
        if (!source.isEmpty() && source != m_source.displayName()) {
            *error = QStringLiteral("%1 is a copy of %2, not of %3.")
                         .arg(QDir::toNativeSeparators(m_copyPath), source, m_source.displayName());
            return false;
        }
        m_receipt = m_copy.metaValue(kReceiptKey).toLongLong();
        m_refused = m_copy.metaValue(kRefusedKey).toLongLong();
        return true;
    }

    // Empties the copy (the server's tables are not those it copied).
    bool startAnew(QString *error)
    {
        qCInfo(lcCore).noquote() << "the desk copy" << m_copyPath << "starts anew: the tables of"
                                 << m_source.displayName() << "are not those it copied";
        m_copy.close();
        if (!removeCopy(m_copyPath)) {
            *error = QStringLiteral("Cannot remove the old copy %1.")
                         .arg(QDir::toNativeSeparators(m_copyPath));
            return false;
        }
        return openCopy(error);
    }

    void connectSource()
    {
        auto feed = std::make_unique<PgChangeFeed>(m_source, QStringLiteral("hookscope-desk"));
        QString error;
        if (!feed->start(&error))
            return retryLater(error);
        m_feed = std::move(feed);
        connect(m_feed.get(), &PgChangeFeed::committed, this, &Worker::wake);
        connect(m_feed.get(), &PgChangeFeed::connectionLost, this,
                [this](const QString &why, int retryInMs) {
                    m_live = false;
                    Q_EMIT status(State::Lost, why, retryInMs, m_readOnlyRole, 0, 0);
                });
        connect(m_feed.get(), &PgChangeFeed::reconnected, this, [this] {
            m_checked = false;
            wake();
        });
        m_checked = false;
        m_backoffMs = PgChangeFeed::kFirstBackoffMs;
        wake();
    }

    void retryLater(const QString &error)
    {
        m_live = false;
        Q_EMIT status(State::Lost, error, m_backoffMs, m_readOnlyRole, 0, 0);
        m_retry.start(m_backoffMs);
        m_backoffMs = std::min(m_backoffMs * 2, PgChangeFeed::kMaxBackoffMs);
    }

    // The tables behind the URL are those the copy holds rows of.
    bool checkTables()
    {
        PgEventStore &pg = m_feed->store();
        const QString tables = pg.tablesIdentity();
        const qint64 lastReceipt = tables.isEmpty() ? -1 : pg.maxDeliveryId();
        if (lastReceipt < 0) {
            m_feed->lost(pg.lastError());
            return false;
        }
        m_readOnlyRole = !pg.roleMayWrite();
        const QString held = m_copy.metaValue(kTablesKey);
        QString error;
        if ((!held.isEmpty() && held != tables) || lastReceipt < m_receipt ||
            (held.isEmpty() && m_receipt > 0)) {
            if (!startAnew(&error)) {
                fail(error);
                return false;
            }
        }
        if (m_copy.metaValue(kTablesKey) != tables &&
            !(m_copy.setMetaValue(kSourceKey, m_source.displayName()) &&
              m_copy.setMetaValue(kTablesKey, tables))) {
            fail(m_copy.lastError());
            return false;
        }
        return true;
    }

    void wake()
    {
        if (m_syncQueued || m_failed || !m_feed || !m_feed->isConnected())
            return;
        m_syncQueued = true;
        QMetaObject::invokeMethod(this, &Worker::syncBatch, Qt::QueuedConnection);
    }

    // One transaction of the copy; queues the next while there is more, so
    // that a stop or a lost connection is heard between batches.
    void syncBatch()
    {
        m_syncQueued = false;
        if (m_failed || !m_feed || !m_feed->isConnected())
            return;
        PgEventStore &pg = m_feed->store();
        if (!m_checked && !(m_checked = checkTables()))
            return;
        if (!m_live && m_total == 0) {
            m_firstFill = m_receipt == 0;
            m_total = pg.maxDeliveryId();
            if (m_total < 0)
                return m_feed->lost(pg.lastError());
        }
        const QList<PgEventStore::Receipt> receipts =
            pg.receiptsAfter(m_receipt, kReceiptsPerBatch);
        if (receipts.isEmpty() && !pg.lastError().isEmpty())
            return m_feed->lost(pg.lastError());
        QList<RefusedRecord> refused;
        if (receipts.size() < kReceiptsPerBatch) {
            refused = pg.refusedAfter(m_refused, kRefusedPerBatch);
            if (refused.isEmpty() && !pg.lastError().isEmpty())
                return m_feed->lost(pg.lastError());
        }
        if (receipts.isEmpty() && refused.isEmpty())
            return caughtUp();
        if (!copyRows(receipts, refused))
            return;
        Q_EMIT copied(m_copy.maxEventId(), m_copy.maxRefusedId());
        if (!m_live)
            Q_EMIT status(State::CatchingUp, QString(), 0, m_readOnlyRole, m_receipt,
                          std::max(m_total, m_receipt), m_firstFill);
        m_syncQueued = true;
        QMetaObject::invokeMethod(this, &Worker::syncBatch, Qt::QueuedConnection);
    }

    bool copyRows(const QList<PgEventStore::Receipt> &receipts, const QList<RefusedRecord> &refused)
    {
        if (!m_copy.beginTransaction())
            return fail(m_copy.lastError());
        qint64 receipt = m_receipt;
        qint64 refusedId = m_refused;
        bool ok = true;
        for (qsizetype i = 0; ok && i < receipts.size(); ++i) {
            const PgEventStore::Receipt &r = receipts.at(i);
            ok = m_copy.append(StoreMigration::receipt(r.event, r.delivery)).has_value();
            receipt = r.delivery.id;
        }
        for (qsizetype i = 0; ok && i < refused.size(); ++i) {
            RefusedRecord row = refused.at(i);
            refusedId = row.id;
            row.id = 0;
            ok = m_copy.appendRefused(row).has_value();
        }
        if (ok && !refused.isEmpty()) {
            const RefusalLimits limits;
            ok = m_copy.trimRefused(limits.maxRows, limits.maxTableBytes, refused.size() + 64) >= 0;
        }
        ok = ok && m_copy.setMetaValue(kReceiptKey, QString::number(receipt)) &&
             m_copy.setMetaValue(kRefusedKey, QString::number(refusedId)) && m_copy.commit();
        if (!ok) {
            const QString error = m_copy.lastError();
            m_copy.rollback();
            return fail(error);
        }
        m_receipt = receipt;
        m_refused = refusedId;
        return true;
    }

    void caughtUp()
    {
        if (m_live)
            return;
        m_live = true;
        m_total = 0;
        Q_EMIT status(State::Live, QString(), 0, m_readOnlyRole, 0, 0);
        // The panes hear of the copy once when it is current, even when
        // there was nothing to copy.
        Q_EMIT copied(m_copy.maxEventId(), m_copy.maxRefusedId());
    }

    bool fail(const QString &error)
    {
        m_failed = true;
        m_feed.reset();
        m_retry.stop();
        qCWarning(lcCore).noquote() << "the desk copy stopped:" << error;
        Q_EMIT status(State::Failed, error, 0, m_readOnlyRole, 0, 0);
        return false;
    }

    StoreLocation m_source;
    QString m_copyPath;
    EventStore m_copy;
    std::unique_ptr<PgChangeFeed> m_feed;
    QTimer m_retry;
    int m_backoffMs = PgChangeFeed::kFirstBackoffMs;
    qint64 m_receipt = 0; // the last delivery id copied
    qint64 m_refused = 0; // the last refused id copied
    qint64 m_total = 0;   // the server's last delivery id when catching up began
    bool m_live = false;
    bool m_firstFill = false; // this catching up began with an empty copy
    bool m_readOnlyRole = false;
    bool m_syncQueued = false;
    bool m_failed = false;
    bool m_checked = false; // checkTables() passed on this connection
};

DeskMirror::DeskMirror(QObject *parent)
    : QObject(parent)
    , m_feed(new AppendFeed(this))
{
    m_thread.setObjectName(QStringLiteral("hookscope-desk-copy"));
}

// Says nothing: whoever listens may be half destroyed with this (the
// window that owns it).
DeskMirror::~DeskMirror()
{
    halt();
}

QString DeskMirror::copyPathFor(const StoreLocation &source, const QString &folder)
{
    const QByteArray name = source.displayName().toUtf8();
    const QString hash = QString::fromLatin1(
        QCryptographicHash::hash(name, QCryptographicHash::Sha256).toHex().left(20));
    return QDir(folder).filePath(QStringLiteral("team-") + hash + QStringLiteral(".sqlite"));
}

void DeskMirror::start(const StoreLocation &source, const QString &copyPath)
{
    stop();
    m_copyPath = copyPath;
    m_sourceName = source.displayName();
    m_feed->setDatabasePath(copyPath);
    const quint64 run = ++m_run;
    auto *worker = new Worker(source, copyPath);
    worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, worker, &QObject::deleteLater);
    connect(worker, &Worker::copied, this, [this, run](qint64 lastEventId, qint64 lastRefusedId) {
        if (run == m_run)
            m_feed->notifyCommitted(lastEventId, lastRefusedId);
    });
    connect(worker, &Worker::status, this,
            [this, run](State state, const QString &detail, int retryInMs, bool readOnlyRole,
                        qint64 done, qint64 total, bool firstFill) {
                if (run != m_run)
                    return;
                m_status = Status{state, detail, retryInMs, readOnlyRole, done, total, firstFill};
                Q_EMIT statusChanged();
            });
    m_status = Status{State::Connecting, QString(), 0, false, 0, 0, false};
    m_thread.start();
    QMetaObject::invokeMethod(worker, &Worker::begin, Qt::QueuedConnection);
    Q_EMIT statusChanged();
}

void DeskMirror::stop()
{
    if (!halt())
        return;
    m_status = Status{};
    Q_EMIT statusChanged();
}

bool DeskMirror::halt()
{
    if (!m_thread.isRunning())
        return false;
    ++m_run;
    m_thread.quit();
    m_thread.wait();
    return true;
}

#include "deskmirror.moc"
