#pragma once

#include "protocol/signatureverifier.h"
#include "records/eventrecord.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

// One HTTP request as the receiver saw it, free of any QtHttpServer type so
// that the decision logic below is plain, testable core code.
struct IncomingRequest {
    QByteArray method; // upper case: POST, GET, ...
    QString path;
    QString query; // the raw query string, without '?'
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QString peer;
    qint64 receivedAtMs = 0;
};

// What to do with a request: the HTTP answer, and what to store. A 200 is
// only sent after `event` is committed (the receiver holds the answer until
// then); a refusal is answered at once and `refused` recorded.
struct DeliveryDecision {
    int status = 0;
    QByteArray responseBody; // JSON
    std::optional<EventRecord> event;
    std::optional<RefusedRecord> refused;
};

class DeliveryProcessor final {
public:
    static constexpr qint64 kDefaultMaxBodyBytes = 1024 * 1024;

    DeliveryProcessor(SignatureVerifier verifier, QString webhookPath,
                      qint64 maxBodyBytes = kDefaultMaxBodyBytes);

    const SignatureVerifier &verifier() const { return m_verifier; }
    QString webhookPath() const { return m_path; }
    qint64 maxBodyBytes() const { return m_maxBodyBytes; }

    DeliveryDecision process(const IncomingRequest &request) const;

    static QByteArray successBody();
    static QByteArray errorBody(int status, const QString &message);
    static RefusedRecord refusal(const IncomingRequest &request, int status, const QString &reason);

private:
    DeliveryDecision refuse(const IncomingRequest &request, int status, const QString &reason,
                            bool record) const;

    SignatureVerifier m_verifier;
    QString m_path;
    qint64 m_maxBodyBytes = kDefaultMaxBodyBytes;
};
