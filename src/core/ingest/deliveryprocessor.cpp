#include "ingest/deliveryprocessor.h"

#include "ingest/stalecheck.h"
#include "protocol/eventparser.h"
#include "protocol/signaturecheck.h"
#include "protocol/signedparts.h"
#include "store/dedupekey.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

#include <optional>
#include <utility>

namespace {

QByteArray queryValue(const QUrlQuery &query, const QString &name)
{
    if (!query.hasQueryItem(name))
        return {};
    QByteArray value = query.queryItemValue(name, QUrl::FullyDecoded).toUtf8();
    if (value.isNull())
        value = QByteArray(""); // present but empty is not "absent"
    return value;
}

SignedParts signedParts(const IncomingRequest &request, const EventParser::Result &parsed)
{
    const QUrlQuery query(request.query);
    return {parsed.dataText, parsed.eventText, queryValue(query, QStringLiteral("timestamp")),
            queryValue(query, QStringLiteral("signature"))};
}

// Why the strict policy refuses a delivery with this signature check, if it does.
std::optional<QString> strictRefusal(const SignatureVerifier &verifier, const SignatureCheck &check)
{
    if (verifier.policy() != VerifyPolicy::Strict)
        return std::nullopt;
    if (check.outcome == Verification::Unsigned)
        return QStringLiteral("unsigned: the request has no signature parameter");
    if (check.outcome == Verification::BadSignature)
        return QStringLiteral("bad-signature: %1").arg(check.detail);
    return std::nullopt;
}

// The parsed event with the facts of this delivery, answered 200 once committed.
DeliveryDecision accept(const IncomingRequest &request, EventParser::Result &parsed,
                        const SignatureCheck &check, const std::optional<QString> &stale,
                        const RefusalLimits &limits)
{
    EventRecord &r = parsed.record;
    r.receivedAtMs = request.receivedAtMs;
    r.lastReceivedAtMs = request.receivedAtMs;
    r.verification = check.outcome;
    r.verificationDetail = check.detail;
    r.stale = stale.has_value();
    if (stale)
        r.verificationDetail += QStringLiteral("; ") + *stale;
    r.dedupeKey = EventParser::dedupeKey(r, parsed.dataText);
    r.query = request.query;
    r.payload = request.body;
    r.payloadSha256 = DedupeKey::digest(r.payload); // here, not on the writer's thread
    r.requestHeaders = DeliveryProcessor::headerLines(request.headers, limits.maxBodyBytes);
    r.peer = request.peer;
    r.test = DeliveryProcessor::isTestMarked(request.headers);

    DeliveryDecision decision;
    decision.status = 200;
    decision.responseBody = DeliveryProcessor::successBody();
    decision.event = std::move(r);
    return decision;
}

// The first `maxBytes` bytes of `text` in UTF-8, never half a character.
QString cutText(const QString &text, qint64 maxBytes)
{
    if (text.size() * 3 <= maxBytes)
        return text; // short enough whatever its characters
    const QByteArray utf8 = text.toUtf8();
    if (utf8.size() <= maxBytes)
        return text;
    qsizetype end = maxBytes;
    while (end > 0 && (static_cast<unsigned char>(utf8.at(end)) & 0xc0) == 0x80)
        --end; // back to the start of the character that would be cut
    return QString::fromUtf8(utf8.left(end));
}

} // namespace

DeliveryProcessor::DeliveryProcessor(SignatureVerifier verifier, QString webhookPath,
                                     qint64 maxBodyBytes, const RefusalLimits &refusalLimits)
    : m_verifier(std::move(verifier))
    , m_path(std::move(webhookPath))
    , m_maxBodyBytes(maxBodyBytes)
    , m_refusalLimits(refusalLimits)
{
}

DeliveryProcessor::DeliveryProcessor(const ReceiverConfig &config)
    : DeliveryProcessor(SignatureVerifier(config.secret, config.policy),
                        ReceiverConfig::normalisedPath(config.path), config.maxBodyBytes,
                        config.refusals)
{
    setStaleRule(config.staleAfterMs, config.refuseStale);
}

void DeliveryProcessor::setStaleRule(qint64 staleAfterMs, bool refuseStale)
{
    m_staleAfterMs = staleAfterMs;
    m_refuseStale = refuseStale;
}

QByteArray DeliveryProcessor::successBody()
{
    return QByteArrayLiteral(R"({"code":0,"msg":"success"})");
}

QByteArray DeliveryProcessor::errorBody(int status, const QString &message)
{
    const QJsonObject object{{QStringLiteral("code"), status}, {QStringLiteral("msg"), message}};
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

RefusedRecord DeliveryProcessor::refusal(const IncomingRequest &request, int status,
                                         const QString &reason, const RefusalLimits &limits)
{
    // A refusal is recorded for whoever sends it: only a bounded copy is
    // kept, so that recording refusals never fills the disk (DESIGN.md).
    RefusedRecord r;
    r.receivedAtMs = request.receivedAtMs;
    r.status = status;
    r.reason = reason.left(int(limits.maxQueryBytes));
    r.method = QString::fromLatin1(request.method.left(int(limits.maxQueryBytes)));
    r.path = cutText(request.path, limits.maxQueryBytes);
    r.query = cutText(request.query, limits.maxQueryBytes);
    r.queryBytes = request.query.toUtf8().size();
    r.headers = headerLines(request.headers, limits.maxBodyBytes);
    r.peer = request.peer;
    r.body = request.body.left(limits.maxBodyBytes);
    r.bodyBytes = request.body.size();
    return r;
}

QString DeliveryProcessor::headerLines(const QList<QPair<QByteArray, QByteArray>> &headers,
                                       qint64 maxBytes)
{
    static constexpr const char *kSecretHeaders[] = {"authorization", "proxy-authorization",
                                                     "cookie"};
    QString lines;
    for (const auto &[name, value] : headers) {
        bool secret = false;
        for (const char *word : kSecretHeaders)
            secret = secret || name.trimmed().compare(word, Qt::CaseInsensitive) == 0;
        lines += QString::fromLatin1(name) + u": " +
                 (secret ? QStringLiteral("[redacted]") : QString::fromUtf8(value)) + u'\n';
        if (lines.size() > maxBytes)
            break; // whoever sends them: never more than the bound is kept
    }
    return cutText(lines, maxBytes);
}

bool DeliveryProcessor::isTestMarked(const QList<QPair<QByteArray, QByteArray>> &headers)
{
    for (const auto &[name, value] : headers) {
        if (name.compare(kTestHeader, Qt::CaseInsensitive) == 0 && value.trimmed() == "1")
            return true;
    }
    return false;
}

DeliveryDecision DeliveryProcessor::refuse(const IncomingRequest &request, int status,
                                           const QString &reason, bool record) const
{
    DeliveryDecision decision;
    decision.status = status;
    decision.responseBody = errorBody(status, reason);
    if (record)
        decision.refused = refusal(request, status, reason, m_refusalLimits);
    return decision;
}

DeliveryDecision DeliveryProcessor::process(const IncomingRequest &request) const
{
    if (std::optional<DeliveryDecision> refused = refuseBeforeParsing(request))
        return std::move(*refused);
    EventParser::Result parsed = EventParser::parse(request.body);
    if (!parsed.ok)
        return refuse(request, 400, parsed.error, true);
    const SignedParts parts = signedParts(request, parsed);
    const SignatureCheck check = m_verifier.verify(parts);
    if (const std::optional<QString> reason = strictRefusal(m_verifier, check))
        return refuse(request, 401, *reason, true);
    const std::optional<QString> stale =
        StaleCheck::reason(parts.timestamp, request.receivedAtMs, m_staleAfterMs);
    // Like a bad signature: a replayed old delivery is refused under the
    // strict policy only, and only when the user asked for it.
    if (stale && m_refuseStale && m_verifier.policy() == VerifyPolicy::Strict)
        return refuse(request, 401, *stale, true);
    return accept(request, parsed, check, stale, m_refusalLimits);
}

std::optional<DeliveryDecision>
DeliveryProcessor::refuseBeforeParsing(const IncomingRequest &request) const
{
    if (request.path != m_path) {
        // Only a POST elsewhere looks like a misconfigured webhook worth keeping.
        return refuse(request, 404, QStringLiteral("no webhook at %1").arg(request.path),
                      request.method == "POST");
    }
    if (request.method != "POST") {
        return refuse(request, 405,
                      QStringLiteral("method %1 not allowed on %2, use POST")
                          .arg(QString::fromLatin1(request.method), m_path),
                      true);
    }
    if (request.body.size() > m_maxBodyBytes) {
        return refuse(request, 413,
                      QStringLiteral("body of %1 bytes is over the limit of %2 bytes")
                          .arg(request.body.size())
                          .arg(m_maxBodyBytes),
                      false);
    }
    return std::nullopt;
}
