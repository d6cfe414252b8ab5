#include "store/pgchangefeed.h"

#include "corelog.h"
#include "store/pgeventstore.h"

#include <QSqlDatabase>
#include <QSqlDriver>

PgChangeFeed::PgChangeFeed(const StoreLocation &location, const QString &applicationName,
                           QObject *parent)
    : QObject(parent)
    , m_location(location)
    , m_applicationName(applicationName)
{
    m_probe.setInterval(kProbeMs);
    connect(&m_probe, &QTimer::timeout, this, &PgChangeFeed::probe);
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &PgChangeFeed::retry);
}

PgChangeFeed::~PgChangeFeed() = default;

bool PgChangeFeed::start(QString *error)
{
    if (!connectAndListen(error))
        return false;
    m_probe.start();
    return true;
}

bool PgChangeFeed::isConnected() const
{
    return m_connected;
}

PgEventStore &PgChangeFeed::store()
{
    Q_ASSERT(m_store);
    return *m_store;
}

bool PgChangeFeed::connectAndListen(QString *error)
{
    m_store = std::make_unique<PgEventStore>();
    m_store->setApplicationName(m_applicationName);
    QString why;
    if (!m_store->openReadOnly(m_location, &why)) {
        if (error)
            *error = why;
        return false;
    }
    QSqlDriver *driver = QSqlDatabase::database(m_store->connectionName(), false).driver();
    if (!driver || !driver->subscribeToNotification(QString(PgEventStore::kChannel))) {
        if (error)
            *error = QStringLiteral("Cannot listen for commits on the PostgreSQL store %1.")
                         .arg(m_store->displayName());
        m_store.reset();
        return false;
    }
    connect(driver, &QSqlDriver::notification, this,
            [this](const QString &name, QSqlDriver::NotificationSource, const QVariant &payload) {
                onNotification(name, payload);
            });
    m_connected = true;
    return true;
}

void PgChangeFeed::onNotification(const QString &name, const QVariant &payload)
{
    Q_UNUSED(payload);
    if (name != QLatin1String(PgEventStore::kChannel))
        return;
    // Only a wake-up: any role that may connect may NOTIFY on the channel,
    // so the payload ("<last event id> <last refused id>", PgEventStore::
    // commit()) is not believed. A forged "999999" would make a reader skip
    // every event below it; the ids are read from the tables instead (two
    // index lookups), once for all the notifications that arrived together.
    if (m_probeQueued)
        return;
    m_probeQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_probeQueued = false;
            probe();
        },
        Qt::QueuedConnection);
}

void PgChangeFeed::probe()
{
    if (!m_connected)
        return;
    const qint64 events = m_store->maxEventId();
    const qint64 refused = events < 0 ? -1 : m_store->maxRefusedId();
    if (events < 0 || refused < 0)
        return disconnectStore(m_store->lastError());
    Q_EMIT committed(events, refused);
}

void PgChangeFeed::lost(const QString &error)
{
    if (!m_connected)
        return;
    // A read may fail for its own reason (a statement the server refused):
    // only a connection that no longer answers is dropped.
    if (m_store->maxEventId() >= 0)
        return;
    disconnectStore(error);
}

void PgChangeFeed::disconnectStore(const QString &error)
{
    m_connected = false;
    m_probe.stop();
    m_store.reset();
    qCDebug(lcCore).noquote() << "PostgreSQL viewer connection lost:" << error;
    Q_EMIT connectionLost(error, m_backoffMs);
    m_retry.start(m_backoffMs);
}

void PgChangeFeed::retry()
{
    QString error;
    if (!connectAndListen(&error)) {
        m_backoffMs = std::min(m_backoffMs * 2, kMaxBackoffMs);
        Q_EMIT connectionLost(error, m_backoffMs);
        m_retry.start(m_backoffMs);
        return;
    }
    m_backoffMs = kFirstBackoffMs;
    m_probe.start();
    Q_EMIT reconnected();
    probe(); // what was committed while the connection was down
}
