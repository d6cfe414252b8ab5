#pragma once

#include "records/forwardrule.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

// Whether a forwarding rule (records/forwardrule.h) can be used: its URL an
// http(s) address with a host, its filter an expression of the filter
// language. The settings page shows these errors; the settings facade turns
// off a stored rule that fails them (a hand-edited file), so nothing invalid
// reaches the receiver.
class ForwardRuleCheck final {
    Q_DECLARE_TR_FUNCTIONS(ForwardRuleCheck)

public:
    static constexpr int kMaxRules = 20;
    static constexpr int kMaxUrlLength = 2048;
    static constexpr int kMaxFilterLength = 4000;

    // Empty when `url` can be forwarded to.
    static QString urlError(const QString &url);
    // Empty when `filter` parses (or is blank); else the parser's message.
    // *position and *length (when given) are QString indices of the
    // offending term in `filter`, as FilterExpression::errorPosition().
    static QString filterError(const QString &filter, int *position = nullptr,
                               int *length = nullptr);
    // The first error of the rule, URL first.
    static QString error(const ForwardRule &rule);
    // The URLs of the rules that are on and usable, once each, exactly as
    // configured (the forwards table's `target`): what the forwarder sends to.
    static QStringList enabledTargets(const QList<ForwardRule> &rules);
};
