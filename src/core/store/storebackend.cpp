#include "store/storebackend.h"

#include "store/pgeventstore.h"
#include "store/storecolumns.h"
#include "store/storelocation.h"

namespace {

// Thin adapters: every call is the store's own. The two stores share these
// calls' names and meanings; what differs (opening, the name shown) is
// specialised below.
template<typename Store>
class Backend final : public StoreBackend {
public:
    bool open(const StoreLocation &location, Mode mode, QString *error);
    bool isPostgres() const override;
    QString displayName() const override;
    QString lastError() const override { return m_store.lastError(); }
    bool beginTransaction() override { return m_store.beginTransaction(); }
    bool commit() override { return m_store.commit(); }
    void rollback() override { m_store.rollback(); }
    std::optional<AppendResult> append(const EventRecord &record) override
    {
        return m_store.append(record);
    }
    std::optional<qint64> appendRefused(const RefusedRecord &record) override
    {
        return m_store.appendRefused(record);
    }
    qint64 maxEventId() override { return m_store.maxEventId(); }
    qint64 eventCount() override { return m_store.eventCount(); }
    qint64 eventCountUpTo(qint64 id) override
    {
        return m_store.eventCount(StoreColumns::kId + QLatin1String(" <= ?"), {id});
    }
    qint64 deliveryCount() override { return m_store.deliveryCount(); }
    qint64 refusedCount() override { return m_store.refusedCount(); }
    qint64 eventIdOfStoredKey(const QString &storedKey) override
    {
        return m_store.eventIdOfStoredKey(storedKey);
    }
    QList<EventRecord> eventsAfter(qint64 afterId, int limit) override
    {
        return m_store.eventsAfter(afterId, limit);
    }
    QList<DeliveryRecord> deliveries(qint64 eventId) override
    {
        return m_store.deliveries(eventId);
    }
    QList<RefusedRecord> refusedAfter(qint64 afterId, int limit) override
    {
        return m_store.refusedAfter(afterId, limit);
    }

private:
    Store m_store;
};

template<>
bool Backend<EventStore>::open(const StoreLocation &location, Mode mode, QString *error)
{
    return mode == Mode::Write ? m_store.open(location.filePath(), error)
                               : m_store.openReadOnly(location.filePath(), error);
}

template<>
bool Backend<EventStore>::isPostgres() const
{
    return false;
}

template<>
QString Backend<EventStore>::displayName() const
{
    return m_store.path();
}

template<>
bool Backend<PgEventStore>::open(const StoreLocation &location, Mode mode, QString *error)
{
    m_store.setApplicationName(QStringLiteral("hookscope-cli"));
    return mode == Mode::Write ? m_store.open(location, error)
                               : m_store.openReadOnly(location, error);
}

template<>
bool Backend<PgEventStore>::isPostgres() const
{
    return true;
}

template<>
QString Backend<PgEventStore>::displayName() const
{
    return m_store.displayName();
}

template<typename Store>
std::unique_ptr<StoreBackend> openBackend(const StoreLocation &location, StoreBackend::Mode mode,
                                          QString *error)
{
    auto backend = std::make_unique<Backend<Store>>();
    if (!backend->open(location, mode, error))
        return nullptr;
    return backend;
}

} // namespace

StoreBackend::~StoreBackend() = default;

std::unique_ptr<StoreBackend> StoreBackend::open(const StoreLocation &location, Mode mode,
                                                 QString *error)
{
    return location.isPostgres() ? openBackend<PgEventStore>(location, mode, error)
                                 : openBackend<EventStore>(location, mode, error);
}
