#pragma once

#include "ingest/deliverydecision.h"
#include "ingest/incomingrequest.h"
#include "ingest/receiverconfig.h"
#include "protocol/signatureverifier.h"
#include "records/refusedrecord.h"

#include <QByteArray>
#include <QString>

#include <optional>

// Decides what becomes of one request: routing (path, method), the body
// limit, parsing, and the signature check under the configured policy.
class DeliveryProcessor final {
public:
    static constexpr qint64 kDefaultMaxBodyBytes = 1024 * 1024;

    DeliveryProcessor(SignatureVerifier verifier, QString webhookPath,
                      qint64 maxBodyBytes = kDefaultMaxBodyBytes,
                      const RefusalLimits &refusalLimits = RefusalLimits());
    // Everything from the receiver's config: secret, policy, path, body limit
    // and the stale-timestamp rule.
    explicit DeliveryProcessor(const ReceiverConfig &config);

    // A timestamp further than staleAfterMs from the request's receipt time
    // marks the event stale; under the strict policy, refuseStale refuses it.
    void setStaleRule(qint64 staleAfterMs, bool refuseStale);
    qint64 staleAfterMs() const { return m_staleAfterMs; }
    bool refusesStale() const { return m_refuseStale; }

    const SignatureVerifier &verifier() const { return m_verifier; }
    QString webhookPath() const { return m_path; }
    qint64 maxBodyBytes() const { return m_maxBodyBytes; }

    DeliveryDecision process(const IncomingRequest &request) const;

    static QByteArray successBody();
    static QByteArray errorBody(int status, const QString &message);
    // The record of a refusal: the request with its body and query cut to
    // the limits (their sizes as received kept), path and headers too.
    static RefusedRecord refusal(const IncomingRequest &request, int status, const QString &reason,
                                 const RefusalLimits &limits = RefusalLimits());
    // The headers as "Name: value" lines, cut to maxBytes of UTF-8 (never
    // half a character): the refused copy and each accepted receipt alike.
    // Credentials a proxy or client may add (Authorization,
    // Proxy-Authorization, Cookie) are kept as "[redacted]": the store, the
    // inspector and "copy" never hold them.
    static QString headerLines(const QList<QPair<QByteArray, QByteArray>> &headers,
                               qint64 maxBytes);

    // The header that marks a delivery as a test (docs/test-deliveries.md):
    // "X-HookScope-Test: 1", the name in any case.
    static constexpr char kTestHeader[] = "X-HookScope-Test";
    static bool isTestMarked(const QList<QPair<QByteArray, QByteArray>> &headers);

private:
    // The refusals that need no parsing: another path, another method, a body
    // over the limit. Empty when the request may go on to be parsed.
    std::optional<DeliveryDecision> refuseBeforeParsing(const IncomingRequest &request) const;
    DeliveryDecision refuse(const IncomingRequest &request, int status, const QString &reason,
                            bool record) const;

    SignatureVerifier m_verifier;
    QString m_path;
    qint64 m_maxBodyBytes = kDefaultMaxBodyBytes;
    qint64 m_staleAfterMs = ReceiverConfig().staleAfterMs;
    bool m_refuseStale = false;
    RefusalLimits m_refusalLimits;
};
