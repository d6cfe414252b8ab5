#pragma once

#include "ingest/receiverconfig.h"
#include "receiverstats.h"
#include "webhooksender.h"

#include <QByteArray>

class ReceiverService;

inline const QByteArray kSecret("test-secret-123");
inline const QByteArray
    kBody(R"({"data":{"msg_type":"text","chat_user_id":"cu1","sequence_id":"1",)"
          R"("msg":"hello","channel":7,"sender_type":"1"},"event":"message"})");

struct Answer {
    int status = 0;
    QByteArray body;
    QByteArray head;
};

// One blocking HTTP exchange; the receiver runs on its own threads, so the
// test thread may wait.
Answer exchange(quint16 port, const QByteArray &raw);
// A POST of `body` to `target` as raw HTTP/1.1.
QByteArray post(const QByteArray &target, const QByteArray &body);
// kBody with another sequence_id: another event.
QByteArray bodyWithSequence(int sequence);
QByteArray signedTarget(const QByteArray &body, WebhookSender::SignMode mode);
// A POST of `body` to /webhook, signed with kSecret.
QByteArray signedPost(const QByteArray &body = kBody);

// 127.0.0.1, port 0, kSecret, a 64 KiB body limit.
ReceiverConfig testConfig(VerifyPolicy policy = VerifyPolicy::Strict);
// start() and wait for started(); false (with a warning) if it did not.
bool startAndWait(ReceiverService &service, const ReceiverConfig &config, const QString &db);
// stop() and wait for stopped(); the run's final counts.
ReceiverStats stopAndWait(ReceiverService &service);
