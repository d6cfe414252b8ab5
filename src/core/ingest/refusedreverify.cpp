#include "ingest/refusedreverify.h"

#include "ingest/deliveryprocessor.h"
#include "ingest/refusedrequest.h"
#include "store/eventstore.h"

#include <QFileInfo>

#include <algorithm>

RefusedReverify::Result RefusedReverify::judge(const RefusedRecord &record,
                                               const ReceiverConfig &config, EventRecord *event)
{
    Result result;
    if (record.status != 400 && record.status != 401) {
        result.outcome = Outcome::NotJudged;
        result.reason = record.reason;
        return result;
    }
    if (!RefusedRequest::isComplete(record)) {
        result.outcome = Outcome::CopyCut;
        return result;
    }
    if (config.secret.isEmpty() || config.policy == VerifyPolicy::Off) {
        result.outcome = Outcome::NoSecret;
        return result;
    }
    // Judged where it was received: the path it was sent to (the webhook
    // path may have changed since), the time it arrived (the stale rule).
    ReceiverConfig now = config;
    now.path = record.path;
    now.maxBodyBytes = std::max<qint64>(config.maxBodyBytes, record.body.size());
    const DeliveryProcessor processor(now);
    const DeliveryDecision decision = processor.process(RefusedRequest::request(record));
    if (!decision.event) {
        result.outcome = Outcome::StillRefused;
        result.reason = decision.refused ? decision.refused->reason : record.reason;
        return result;
    }
    result.verification = decision.event->verification;
    if (!isVerified(decision.event->verification)) {
        // The record policy takes what does not verify: that is no reason to
        // turn a refusal into an event.
        result.outcome = Outcome::Unverified;
        result.reason = decision.event->verificationDetail;
        return result;
    }
    result.outcome = Outcome::Promoted;
    if (event) {
        *event = *decision.event;
        event->requestHeaders = record.headers;
        event->peer = record.peer;
        event->verificationDetail +=
            QStringLiteral("; re-verified from refused delivery #%1").arg(record.id);
    }
    return result;
}

RefusedReverify::Result RefusedReverify::run(const QString &storePath, qint64 refusedId,
                                             const ReceiverConfig &config)
{
    Result result;
    if (!QFileInfo::exists(storePath)) {
        result.reason = tr("there is no store at %1").arg(storePath);
        return result;
    }
    EventStore store;
    QString error;
    if (!store.open(storePath, &error)) {
        result.reason = error;
        return result;
    }
    const std::optional<RefusedRecord> record = store.refused(refusedId);
    if (!record) {
        result.outcome = store.lastError().isEmpty() ? Outcome::Gone : Outcome::StoreError;
        result.reason = store.lastError();
        return result;
    }
    EventRecord event;
    result = judge(*record, config, &event);
    if (result.outcome != Outcome::Promoted)
        return result;
    const std::optional<EventStore::AppendResult> appended = store.promoteRefused(refusedId, event);
    if (!appended) {
        // Gone in between (another window promoted it), or a store failure.
        result.outcome = store.refused(refusedId) ? Outcome::StoreError : Outcome::Gone;
        result.reason = store.lastError();
        return result;
    }
    result.eventId = appended->eventId;
    result.duplicate = appended->duplicate;
    return result;
}

QString RefusedReverify::describe(const Result &result, qint64 refusedId)
{
    switch (result.outcome) {
    case Outcome::Promoted:
        if (result.duplicate)
            return tr("Refused delivery #%1 verifies now (%2): it was a retry of event #%3, "
                      "which counts it as one more delivery.")
                .arg(refusedId)
                .arg(verificationWord(result.verification))
                .arg(result.eventId);
        return tr("Refused delivery #%1 verifies now (%2): it is event #%3.")
            .arg(refusedId)
            .arg(verificationWord(result.verification))
            .arg(result.eventId);
    case Outcome::StillRefused:
        return tr("Refused delivery #%1 still does not verify with the current secret: %2")
            .arg(refusedId)
            .arg(result.reason);
    case Outcome::Unverified:
        return tr("Refused delivery #%1 still does not verify (%2); it stays refused.")
            .arg(refusedId)
            .arg(verificationWord(result.verification));
    case Outcome::CopyCut:
        return tr("Refused delivery #%1 cannot be re-verified: only the start of its body or "
                  "query was kept, and the signature covers every byte.")
            .arg(refusedId);
    case Outcome::NotJudged:
        return tr("Refused delivery #%1 was refused for its path or method (%2), not its "
                  "signature: there is nothing to re-verify.")
            .arg(refusedId)
            .arg(result.reason);
    case Outcome::NoSecret:
        return tr("No secret is configured, or verification is off: set the secret in the "
                  "settings first.");
    case Outcome::Gone:
        return tr("Refused delivery #%1 is no longer in the store.").arg(refusedId);
    case Outcome::StoreError:
        return tr("Refused delivery #%1 could not be re-verified: %2")
            .arg(refusedId)
            .arg(result.reason);
    }
    return {};
}
