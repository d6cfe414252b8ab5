#include "records/exportrowencoder.h"

#include "records/eventrecord.h"

ExportRow ExportRowEncoder::rowOf(const EventRecord &r)
{
    auto buffer = m_text.begin();
    const auto text = [this, &buffer](const QString &s) {
        QByteArray &to = *buffer++;
        to.resize(m_encoder.requiredSpace(s.size()));
        char *const end = m_encoder.appendToBuffer(to.data(), s);
        to.resize(end - to.constData());
        return QByteArrayView(to);
    };
    ExportRow row;
    row.id = r.id;
    row.receivedAtMs = r.receivedAtMs;
    row.event = text(r.event);
    row.channel = r.channel;
    row.channelName = text(r.channelName);
    row.chatUserId = text(r.chatUserId);
    row.chatSessionId = text(r.chatSessionId);
    row.sequenceId = text(r.sequenceId);
    row.msgType = text(r.msgType);
    row.senderType = r.senderType;
    row.msg = text(r.msg);
    row.name = text(r.name);
    row.phone = text(r.phone);
    row.email = text(r.email);
    row.verification = r.verification;
    row.deliveries = r.deliveries;
    row.payload = r.payload;
    row.sendTimeMs = r.sendTimeMs;
    row.sysUserId = r.sysUserId;
    row.sender = text(r.sender);
    row.quoteChat = text(r.quoteChat);
    row.test = r.test;
    row.stale = r.stale;
    row.conflict = r.conflict;
    return row;
}
