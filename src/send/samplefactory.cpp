#include "samplefactory.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

#include <array>

namespace {

constexpr std::array<int, 8> kMessageChannels{1, 2, 5, 6, 7, 12, 15, 16};
constexpr std::array<int, 6> kCustomerChannels{1, 3, 4, 7, 12, 18};
constexpr std::array<const char *, 8> kTexts{
    "Hi, is the blue one in stock?",
    "我想知道价格和数量，谢谢",
    "Can I change my delivery address? 🚚",
    "Olá! Vocês entregam em Lisboa?",
    "=HYPERLINK(\"http://example.com\") is what I see",
    "Order #1042 arrived damaged,\nphotos attached",
    "Thanks, that solved it 👍",
    "¿Tienen talla M?",
};
constexpr std::array<const char *, 3> kButtons{"Track my order", "Talk to an agent",
                                               "Opening hours"};
constexpr std::array<const char *, 6> kNames{"Ana Souza",   "李伟",        "Maria García",
                                             "John O'Neil", "Aiko Tanaka", "Ömer Yılmaz"};

template<typename T, std::size_t N>
T pick(const std::array<T, N> &values, qint64 index)
{
    return values.at(static_cast<std::size_t>(index % static_cast<qint64>(N)));
}

QByteArray wrap(const char *event, const QJsonObject &data)
{
    QJsonObject root{{QStringLiteral("event"), QString::fromLatin1(event)},
                     {QStringLiteral("data"), data}};
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

} // namespace

QStringList SampleFactory::kindNames()
{
    return {QStringLiteral("text"), QStringLiteral("button"), QStringLiteral("image"),
            QStringLiteral("add_user"), QStringLiteral("update_user")};
}

std::optional<SampleFactory::Kind> SampleFactory::kindFromName(QStringView name)
{
    const QStringList names = kindNames();
    for (qsizetype i = 0; i < names.size(); ++i) {
        if (name.compare(names.at(i), Qt::CaseInsensitive) == 0)
            return static_cast<Kind>(i);
    }
    return std::nullopt;
}

QString SampleFactory::newTestTag()
{
    return QString::number(QRandomGenerator::global()->generate(), 16).rightJustified(8, u'0');
}

QString SampleFactory::id(const QString &id) const
{
    if (m_testTag.isEmpty())
        return id;
    return QLatin1String(kTestIdPrefix) + m_testTag + u'-' + id;
}

QString SampleFactory::customerName(const QString &name) const
{
    return m_testTag.isEmpty() ? name : name + QLatin1String(kTestNameSuffix);
}

SampleFactory::SampleFactory(Kind kind, qint64 runId)
    : m_kind(kind)
    , m_runId(runId)
{
}

QByteArray SampleFactory::body(qint64 index) const
{
    switch (m_kind) {
    case Kind::Text:
        return message(index, "text");
    case Kind::Button:
        return message(index, "button");
    case Kind::Image:
        return message(index, "image");
    case Kind::AddUser:
        return customer(index, false);
    case Kind::UpdateUser:
        return customer(index, true);
    }
    return {};
}

QByteArray SampleFactory::message(qint64 index, const char *msgType) const
{
    const int channel = pick(kMessageChannels, index);
    const qint64 customer = index % 97;
    const QString user = id(QStringLiteral("cu%1-%2").arg(channel).arg(customer));
    const bool fromAgent = index % 4 == 3;
    QString text;
    if (qstrcmp(msgType, "button") == 0)
        text = QString::fromUtf8(pick(kButtons, index));
    else if (qstrcmp(msgType, "image") == 0)
        text = QStringLiteral("https://assets-cdn.example.com/%1/%2.jpg").arg(m_runId).arg(index);
    else
        text = QString::fromUtf8(pick(kTexts, index));
    QJsonObject data{
        {QStringLiteral("msg_type"), QString::fromLatin1(msgType)},
        {QStringLiteral("chat_user_id"), user},
        {QStringLiteral("sequence_id"), id(QString::number(m_runId * 1'000'000 + index))},
        {QStringLiteral("send_time"), QString::number(m_runId + index)},
        {QStringLiteral("msg"), text},
        {QStringLiteral("chat_session_id"),
         id(QStringLiteral("s%1-%2").arg(channel).arg(customer))},
        {QStringLiteral("channel"), channel},
        {QStringLiteral("channel_uid"), QStringLiteral("uid-%1").arg(channel)},
        {QStringLiteral("sender_type"), fromAgent ? QStringLiteral("2") : QStringLiteral("1")},
        {QStringLiteral("sender"), fromAgent ? QStringLiteral("agent-%1").arg(index % 5) : user},
        {QStringLiteral("sys_user_id"), index % 3 == 0 ? 0 : static_cast<int>(index % 5 + 1)},
    };
    if (index % 7 == 5)
        data.insert(QStringLiteral("quote_chat"), QString::fromUtf8(pick(kTexts, index - 1)));
    return wrap("message", data);
}

QByteArray SampleFactory::customer(qint64 index, bool update) const
{
    const int channel = pick(kCustomerChannels, index);
    const QString name = QString::fromUtf8(pick(kNames, index));
    const QString shown = update ? name + QStringLiteral(" (VIP)") : name;
    QJsonObject data{
        // Stable ids across runs, so that updates land on customers seen before.
        {QStringLiteral("chat_user_id"), id(QStringLiteral("cust-%1").arg(index % 200))},
        {QStringLiteral("name"), customerName(shown)},
        {QStringLiteral("channel"), channel},
        {QStringLiteral("sys_user_id"), static_cast<int>(index % 4)},
        {QStringLiteral("labels"),
         update ? QStringLiteral(R"([{"id":1,"label_name":"VIP"}])") : QStringLiteral("[]")},
        {QStringLiteral("custom_field"),
         QStringLiteral(R"({"budget":%1})").arg(100 * (index % 10))},
    };
    if (!update) {
        data.insert(QStringLiteral("remark_name"), QString());
        data.insert(QStringLiteral("phone"), QStringLiteral("+1 555 %1").arg(1000 + index % 9000));
        data.insert(QStringLiteral("email"), QStringLiteral("user%1@example.com").arg(index));
        data.insert(QStringLiteral("remark"), QString());
        data.insert(QStringLiteral("ad_referral"),
                    QStringLiteral(R"({"ad_id":%1,"ad_title":"Spring sale"})").arg(index % 3));
    } else {
        data.insert(QStringLiteral("remark"), QStringLiteral("called back on day %1").arg(index));
    }
    return wrap(update ? "update_user" : "add_user", data);
}
