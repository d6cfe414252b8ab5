#include "filter/filternode.h"

#include "filter/filtertext.h"
#include "records/eventrecord.h"

#include <algorithm>

FilterNode FilterNode::leaf(Kind kind, const QString &text, qint64 number)
{
    FilterNode node;
    node.kind = kind;
    node.text = text;
    node.number = number;
    return node;
}

FilterNode FilterNode::leaf(Kind kind, qint64 number)
{
    return leaf(kind, QString(), number);
}

bool FilterNode::matches(const EventRecord &e) const
{
    const auto holds = [&e](const FilterNode &child) { return child.matches(e); };
    switch (kind) {
    case Kind::All:
        return std::all_of(children.cbegin(), children.cend(), holds);
    case Kind::Any:
        return std::any_of(children.cbegin(), children.cend(), holds);
    case Kind::Not:
        return !children.front().matches(e);
    case Kind::Text:
        return FilterText::containsFolded(e.msg, text) ||
               FilterText::containsFolded(e.name, text) ||
               FilterText::containsFolded(e.phone, text) ||
               FilterText::containsFolded(e.email, text);
    case Kind::Channel:
        return e.channel >= 0 && e.channel == number;
    case Kind::Event:
        return FilterText::equalsFolded(e.event, text);
    case Kind::MsgType:
        return FilterText::equalsFolded(e.msgType, text);
    case Kind::User:
        return e.chatUserId == text;
    case Kind::Session:
        return e.chatSessionId == text;
    case Kind::Sender:
        return static_cast<qint64>(e.senderType) == number;
    case Kind::Agent:
        return e.sysUserId == number;
    case Kind::Verified:
        return isVerified(e.verification) == (number != 0);
    case Kind::Since:
        return e.receivedAtMs >= number;
    case Kind::Until:
        return e.receivedAtMs < number;
    case Kind::Test:
        return e.test == (number != 0);
    }
    return false;
}

bool FilterNode::mentions(Kind leafKind) const
{
    return kind == leafKind ||
           std::any_of(children.cbegin(), children.cend(),
                       [leafKind](const FilterNode &child) { return child.mentions(leafKind); });
}
