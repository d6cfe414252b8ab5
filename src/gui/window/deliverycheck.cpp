#include "window/deliverycheck.h"

#include "guilog.h"
#include "ingest/appendfeed.h"
#include "store/eventstore.h"

#include <QFileInfo>

DeliveryCheck::DeliveryCheck(QObject *parent)
    : QObject(parent)
{
}

DeliveryCheck::~DeliveryCheck() = default;

QString DeliveryCheck::waitingText()
{
    return tr("Waiting for the first delivery…");
}

void DeliveryCheck::start(AppendFeed *feed, const QString &databasePath,
                          const ReceiverConfig &config)
{
    stop();
    m_feed = feed;
    m_path = databasePath;
    m_config = config;
    m_afterEvent = -1;
    m_afterRefused = -1;
    // What is in the store now is the past; a store that cannot be read yet
    // (a new one) has no past, and is opened when a commit is announced.
    if (openStore()) {
        m_afterEvent = m_store->maxEventId();
        m_afterRefused = m_store->maxRefusedId();
    }
    if (m_afterEvent < 0 || m_afterRefused < 0)
        m_afterEvent = m_afterRefused = 0;
    connect(feed, &AppendFeed::appended, this, &DeliveryCheck::onAppended);
    setVerdict({Outcome::Waiting, waitingText()});
}

void DeliveryCheck::stop()
{
    if (m_feed)
        disconnect(m_feed, nullptr, this, nullptr);
    m_feed = nullptr;
    m_store.reset();
}

bool DeliveryCheck::openStore()
{
    if (m_store && m_store->isOpen())
        return true;
    m_store = std::make_unique<EventStore>();
    QString error;
    if (!QFileInfo::exists(m_path) || !m_store->openReadOnly(m_path, &error)) {
        if (!error.isEmpty())
            qCDebug(lcGui).noquote() << "delivery check:" << error;
        m_store.reset();
        return false;
    }
    return true;
}

void DeliveryCheck::onAppended(qint64 lastEventId, qint64 lastRefusedId)
{
    if (!m_feed || !m_feed->isAbout(m_path) || !openStore())
        return;
    // The first new row of this commit, event or refusal, whichever came first.
    const QList<EventRecord> events =
        lastEventId > m_afterEvent ? m_store->eventsAfter(m_afterEvent, 1) : QList<EventRecord>();
    const QList<RefusedRecord> refused = lastRefusedId > m_afterRefused
                                             ? m_store->refusedAfter(m_afterRefused, 1)
                                             : QList<RefusedRecord>();
    m_afterEvent = qMax(m_afterEvent, lastEventId);
    m_afterRefused = qMax(m_afterRefused, lastRefusedId);
    if (!events.isEmpty() &&
        (refused.isEmpty() || events.first().receivedAtMs <= refused.first().receivedAtMs))
        setVerdict(judge(events.first(), m_config));
    else if (!refused.isEmpty())
        setVerdict(judge(refused.first(), m_config));
}

void DeliveryCheck::setVerdict(const Verdict &verdict)
{
    m_verdict = verdict;
    Q_EMIT changed(verdict.outcome, verdict.text);
}

DeliveryCheck::Verdict DeliveryCheck::judge(const EventRecord &event, const ReceiverConfig &config)
{
    switch (event.verification) {
    case Verification::Verified:
    case Verification::VerifiedTimestamp:
    case Verification::VerifiedLoose:
        if (event.stale)
            return {Outcome::Stale,
                    tr("Received and verified, but its timestamp is far from this machine's "
                       "clock. Check that the clock is set automatically (systemd-timesyncd or "
                       "chrony).")};
        return {Outcome::Verified,
                tr("Received, verified: SaleSmartly's webhook key and HookScope's secret are the "
                   "same. HookScope is connected.")};
    case Verification::BadSignature:
        return {Outcome::KeysDiffer,
                tr("Received, but the signature does not match: SaleSmartly's webhook key and "
                   "HookScope's secret are not the same. Copy the webhook key from SaleSmartly "
                   "again and paste it as the secret.")};
    case Verification::Unsigned:
        return {Outcome::Unsigned,
                tr("Received without a signature. SaleSmartly signs its deliveries with the "
                   "webhook key: check that one is set in SaleSmartly's webhook settings.")};
    case Verification::NotChecked:
        if (config.secret.isEmpty())
            return {Outcome::NoSecret,
                    tr("Received, but not checked: no secret is set in HookScope, so deliveries "
                       "are not verified and anyone could send them. Paste SaleSmartly's webhook "
                       "key as the secret.")};
        return {Outcome::NotChecked,
                tr("Received, but not checked: verification is switched off in the settings.")};
    }
    return {Outcome::Refused, QString()};
}

DeliveryCheck::Verdict DeliveryCheck::judge(const RefusedRecord &refused,
                                            const ReceiverConfig &config)
{
    const QString webhookPath = ReceiverConfig::normalisedPath(config.path);
    if (refused.status == 404)
        return {Outcome::WrongPath,
                tr("A delivery was sent to %1, but HookScope receives webhooks at %2. In "
                   "SaleSmartly, use the URL that ends in %2.")
                    .arg(refused.path.left(200), webhookPath)};
    if (refused.reason.startsWith(QLatin1String("bad-signature")))
        return {Outcome::KeysDiffer,
                tr("Refused: the signature does not match. SaleSmartly's webhook key and "
                   "HookScope's secret are not the same. Copy the webhook key from SaleSmartly "
                   "again and paste it as the secret.")};
    if (refused.reason.startsWith(QLatin1String("unsigned")))
        return {Outcome::Unsigned,
                tr("Refused: the delivery has no signature. SaleSmartly signs its deliveries "
                   "with the webhook key: check that one is set in SaleSmartly's webhook "
                   "settings.")};
    if (refused.reason.startsWith(QLatin1String("stale")))
        return {Outcome::Stale,
                tr("Refused as stale: its timestamp is far from this machine's clock (%1). "
                   "Check that the clock is set automatically.")
                    .arg(refused.reason.left(300))};
    return {Outcome::Refused,
            tr("Refused with status %1: %2").arg(refused.status).arg(refused.reason.left(300))};
}
