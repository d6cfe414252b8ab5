#pragma once

#include <QString>

#include <vector>

struct EventRecord;

// One node of a compiled filter expression (FilterParser builds the tree once;
// FilterExpression::matches() and FilterSql walk it, nothing is re-parsed).
// Every leaf is a plain two-valued test: an event without a channel simply
// does not match channel:N, so negation means the same in C++ and in SQL.
struct FilterNode {
    enum class Kind {
        All,      // every child holds (implicit AND)
        Any,      // some child holds (OR)
        Not,      // the one child does not hold
        Text,     // text: ASCII-folded needle, in msg, name, phone or email
        Channel,  // number: channel code (>= 0)
        Event,    // text: ASCII-folded event name, exact
        MsgType,  // text: ASCII-folded msg_type, exact
        User,     // text: chat_user_id, exact and case-sensitive
        Session,  // text: chat_session_id, exact and case-sensitive
        Sender,   // number: sender_type (1 customer, 2 agent)
        Agent,    // number: sys_user_id
        Verified, // number: 1 = one of the verified words, 0 = any other
        Since,    // number: received_at >= ms since the epoch
        Until,    // number: received_at < ms since the epoch
        Test,     // number: 1 = marked as a test delivery, 0 = not
    };

    Kind kind = Kind::All;
    std::vector<FilterNode> children;
    QString text;
    qint64 number = 0;

    static FilterNode leaf(Kind kind, const QString &text, qint64 number = 0);
    static FilterNode leaf(Kind kind, qint64 number);

    bool matches(const EventRecord &e) const;
    // Whether this node or one below it is a Test leaf.
    bool mentions(Kind leafKind) const;
};
