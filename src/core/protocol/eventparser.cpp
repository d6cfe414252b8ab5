#include "protocol/eventparser.h"

#include "protocol/jsoncursor.h"
#include "protocol/jsonmemberscanner.h"
#include "protocol/jsonreserializer.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

// A scalar as text, whether it arrived as a string or a number.
QString scalarText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double:
        return value.toVariant().toString(); // integers stay exact in Qt 6
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    default:
        return {};
    }
}

qint64 scalarInteger(const QJsonValue &value, qint64 fallback)
{
    bool ok = false;
    const qint64 n = value.isString() ? value.toString().trimmed().toLongLong(&ok)
                                      : value.toVariant().toLongLong(&ok);
    return ok ? n : fallback;
}

// Times arrive in seconds or milliseconds; SaleSmartly mostly sends ms.
qint64 epochMs(const QJsonValue &value)
{
    const qint64 n = scalarInteger(value, 0);
    return (n > 0 && n < 100'000'000'000LL) ? n * 1000 : n;
}

// JSON-in-string members (labels, custom_field, ad_referral) as compact JSON
// text, whichever way they came; a string that is not JSON is kept verbatim.
QString jsonMemberText(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    if (value.isString()) {
        const QString text = value.toString();
        const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
        if (doc.isObject() || doc.isArray())
            return QString::fromUtf8(doc.toJson(QJsonDocument::Compact));
        return text;
    }
    return scalarText(value);
}

void fillMessage(EventRecord &r, const QJsonObject &data)
{
    r.msgType = scalarText(data.value(QLatin1String("msg_type")));
    r.sequenceId = scalarText(data.value(QLatin1String("sequence_id")));
    r.sendTimeMs = epochMs(data.value(QLatin1String("send_time")));
    r.msg = scalarText(data.value(QLatin1String("msg")));
    r.quoteChat = scalarText(data.value(QLatin1String("quote_chat")));
    r.channelUid = scalarText(data.value(QLatin1String("channel_uid")));
    r.sender = scalarText(data.value(QLatin1String("sender")));
    const qint64 senderType = scalarInteger(data.value(QLatin1String("sender_type")), 0);
    r.senderType = (senderType == 1 || senderType == 2) ? static_cast<SenderType>(senderType)
                                                        : SenderType::Unknown;
}

void fillCustomer(EventRecord &r, const QJsonObject &data)
{
    r.name = scalarText(data.value(QLatin1String("name")));
    r.remarkName = scalarText(data.value(QLatin1String("remark_name")));
    r.phone = scalarText(data.value(QLatin1String("phone")));
    r.email = scalarText(data.value(QLatin1String("email")));
    r.remark = scalarText(data.value(QLatin1String("remark")));
    r.labels = jsonMemberText(data.value(QLatin1String("labels")));
    r.customField = jsonMemberText(data.value(QLatin1String("custom_field")));
    r.adReferral = jsonMemberText(data.value(QLatin1String("ad_referral")));
}

void fillRecord(EventRecord &r, const QJsonObject &data)
{
    r.presentFields = data.keys();
    r.chatUserId = scalarText(data.value(QLatin1String("chat_user_id")));
    r.chatSessionId = scalarText(data.value(QLatin1String("chat_session_id")));
    r.channel = static_cast<int>(scalarInteger(data.value(QLatin1String("channel")), -1));
    r.channelName = scalarText(data.value(QLatin1String("channel_name")));
    r.sysUserId = scalarInteger(data.value(QLatin1String("sys_user_id")), 0);
    // Fill both groups whatever the event says: an unknown event that carries
    // message or customer fields is still searchable by them.
    fillMessage(r, data);
    fillCustomer(r, data);
}

// The top-level members whose text the signature covers.
struct SignedMembers {
    const JsonMemberScanner::Member *data = nullptr;
    const JsonMemberScanner::Member *event = nullptr;
};

// Picks `data` and `event` out of the top-level members; false and *error
// when either appears twice.
bool findSignedMembers(const QList<JsonMemberScanner::Member> &members, SignedMembers &found,
                       QString *error)
{
    for (const JsonMemberScanner::Member &m : members) {
        const JsonMemberScanner::Member **slot = m.key == "data"    ? &found.data
                                                 : m.key == "event" ? &found.event
                                                                    : nullptr;
        if (!slot)
            continue;
        if (*slot) {
            // Two `data` members would make the signed text ambiguous.
            *error =
                QStringLiteral("duplicate top-level member \"%1\"").arg(QString::fromUtf8(m.key));
            return false;
        }
        *slot = &m;
    }
    return true;
}

// `event` as signed (docs/json-cursor.md): a string as decoded, anything
// else as its exact bytes.
QByteArray signedEventText(const JsonMemberScanner::Member &member, const QString &decoded,
                           const QByteArray &body)
{
    return member.isString ? decoded.toUtf8() : body.mid(member.begin, member.length);
}

// `data` as signed (spec section 2): its exact bytes, or a string's decoded content.
QByteArray signedDataText(const JsonMemberScanner::Member &member, const QByteArray &body)
{
    const QByteArray span = body.mid(member.begin, member.length);
    return member.isString ? JsonCursor::decodeString(span) : span;
}

// The fields of `data`, whether it came as an object or as a JSON string.
QJsonObject dataObject(const QJsonObject &root, const QByteArray &dataText)
{
    const QJsonValue value = root.value(QLatin1String("data"));
    return value.isObject() ? value.toObject() : QJsonDocument::fromJson(dataText).object();
}

} // namespace

EventParser::Result EventParser::parse(const QByteArray &body)
{
    Result result;
    QList<JsonMemberScanner::Member> members;
    if (!JsonMemberScanner::scan(body, &members, &result.error))
        return result;
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        result.error = QStringLiteral("body is not valid JSON: %1 at byte %2")
                           .arg(parseError.errorString())
                           .arg(parseError.offset);
        return result;
    }
    SignedMembers signedMembers;
    if (!findSignedMembers(members, signedMembers, &result.error))
        return result;
    const QJsonObject root = doc.object();
    EventRecord &r = result.record;
    r.event = root.value(QLatin1String("event")).toString();
    r.kind = eventKindFromName(r.event);
    if (signedMembers.event)
        result.eventText = signedEventText(*signedMembers.event, r.event, body);

    QJsonObject data;
    if (signedMembers.data) {
        result.dataText = signedDataText(*signedMembers.data, body);
        data = dataObject(root, result.dataText);
    }
    fillRecord(r, data);
    result.ok = true;
    return result;
}

QString EventParser::dedupeKey(const EventRecord &record, const QByteArray &dataText)
{
    if (record.kind == EventKind::Message && !record.chatUserId.isEmpty() &&
        !record.sequenceId.isEmpty())
        return QStringLiteral("m:") + record.chatUserId + u':' + record.sequenceId;
    // Spacing differences between retries must not split one event in two.
    QByteArray canonical = JsonReserializer::rewrite(dataText, JsonReserializer::Style::Compact);
    if (canonical.isNull())
        canonical = dataText;
    const QByteArray digest = QCryptographicHash::hash(canonical, QCryptographicHash::Sha1).toHex();
    return QStringLiteral("b:") + record.event + u':' + QString::fromLatin1(digest);
}
