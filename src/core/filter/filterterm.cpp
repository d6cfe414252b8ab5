#include "filter/filterterm.h"

#include "filter/filternode.h"
#include "filter/filtertext.h"
#include "filter/filtertime.h"
#include "records/channelcatalog.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <array>

namespace {

using Kind = FilterNode::Kind;
using Builder = bool (*)(const QString &value, qint64 nowMs, FilterNode *out, QString *error);

// Messages for the user, marked for lupdate.
const char *const kUnknownChannel = QT_TRANSLATE_NOOP(
    "FilterExpression", "unknown channel \"%1\": use a code (7) or a name (\"WhatsApp API\")");
const char *const kBadSender =
    QT_TRANSLATE_NOOP("FilterExpression", "sender is customer or agent, not \"%1\"");
const char *const kBadAgent = QT_TRANSLATE_NOOP(
    "FilterExpression", "agent takes a numeric agent id (sys_user_id), not \"%1\"");
const char *const kBadVerified =
    QT_TRANSLATE_NOOP("FilterExpression", "verified is yes or no, not \"%1\"");
const char *const kBadTest = QT_TRANSLATE_NOOP("FilterExpression", "test is yes or no, not \"%1\"");
const char *const kNeedsValue = QT_TRANSLATE_NOOP("FilterExpression", "%1: needs a value");
const char *const kUnknownField = QT_TRANSLATE_NOOP(
    "FilterExpression",
    "unknown field \"%1\": the fields are %2; put text with a colon in quotes to search for it");

QString translated(const char *text)
{
    return QCoreApplication::translate("FilterExpression", text);
}

bool equalsWord(const QString &value, const char *word)
{
    return value.compare(QLatin1String(word), Qt::CaseInsensitive) == 0;
}

bool buildChannel(const QString &value, qint64, FilterNode *out, QString *error)
{
    const std::optional<int> code = ChannelCatalog::codeFor(value);
    if (!code) {
        *error = translated(kUnknownChannel).arg(value);
        return false;
    }
    *out = FilterNode::leaf(Kind::Channel, *code);
    return true;
}

bool buildEvent(const QString &value, qint64, FilterNode *out, QString *)
{
    *out = FilterNode::leaf(Kind::Event, FilterText::foldAscii(value));
    return true;
}

bool buildType(const QString &value, qint64, FilterNode *out, QString *)
{
    *out = FilterNode::leaf(Kind::MsgType, FilterText::foldAscii(value));
    return true;
}

bool buildUser(const QString &value, qint64, FilterNode *out, QString *)
{
    *out = FilterNode::leaf(Kind::User, value);
    return true;
}

bool buildSession(const QString &value, qint64, FilterNode *out, QString *)
{
    *out = FilterNode::leaf(Kind::Session, value);
    return true;
}

bool buildSender(const QString &value, qint64, FilterNode *out, QString *error)
{
    const bool customer = equalsWord(value, "customer");
    if (!customer && !equalsWord(value, "agent")) {
        *error = translated(kBadSender).arg(value);
        return false;
    }
    *out = FilterNode::leaf(Kind::Sender, customer ? 1 : 2);
    return true;
}

bool buildAgent(const QString &value, qint64, FilterNode *out, QString *error)
{
    static const QRegularExpression number(QStringLiteral("^-?[0-9]{1,18}\\z"));
    if (!number.match(value).hasMatch()) {
        *error = translated(kBadAgent).arg(value);
        return false;
    }
    *out = FilterNode::leaf(Kind::Agent, value.toLongLong());
    return true;
}

bool buildVerified(const QString &value, qint64, FilterNode *out, QString *error)
{
    const bool yes = equalsWord(value, "yes");
    if (!yes && !equalsWord(value, "no")) {
        *error = translated(kBadVerified).arg(value);
        return false;
    }
    *out = FilterNode::leaf(Kind::Verified, yes ? 1 : 0);
    return true;
}

bool buildTest(const QString &value, qint64, FilterNode *out, QString *error)
{
    const bool yes = equalsWord(value, "yes");
    if (!yes && !equalsWord(value, "no")) {
        *error = translated(kBadTest).arg(value);
        return false;
    }
    *out = FilterNode::leaf(Kind::Test, yes ? 1 : 0);
    return true;
}

bool buildTime(const QString &value, qint64 nowMs, Kind kind, FilterNode *out, QString *error)
{
    const FilterTime::Bound bound =
        kind == Kind::Since ? FilterTime::Bound::Lower : FilterTime::Bound::Upper;
    qint64 ms = 0;
    if (!FilterTime::parse(value, nowMs, bound, &ms, error))
        return false;
    *out = FilterNode::leaf(kind, ms);
    return true;
}

bool buildSince(const QString &value, qint64 nowMs, FilterNode *out, QString *error)
{
    return buildTime(value, nowMs, Kind::Since, out, error);
}

bool buildUntil(const QString &value, qint64 nowMs, FilterNode *out, QString *error)
{
    return buildTime(value, nowMs, Kind::Until, out, error);
}

struct Field {
    const char *name;
    Builder build;
};

constexpr std::array<Field, 11> kFields{{
    {"channel", buildChannel},
    {"event", buildEvent},
    {"type", buildType},
    {"user", buildUser},
    {"session", buildSession},
    {"sender", buildSender},
    {"agent", buildAgent},
    {"verified", buildVerified},
    {"since", buildSince},
    {"until", buildUntil},
    {"test", buildTest},
}};

} // namespace

QStringList FilterTerm::fieldNames()
{
    QStringList names;
    for (const Field &f : kFields)
        names.append(QString::fromLatin1(f.name));
    return names;
}

bool FilterTerm::build(const QString &field, const QString &value, qint64 nowMs, FilterNode *out,
                       QString *error)
{
    for (const Field &f : kFields) {
        if (!equalsWord(field, f.name))
            continue;
        if (value.isEmpty()) {
            *error = translated(kNeedsValue).arg(QString::fromLatin1(f.name));
            return false;
        }
        return f.build(value, nowMs, out, error);
    }
    *error = translated(kUnknownField).arg(field, fieldNames().join(QLatin1String(", ")));
    return false;
}
