#pragma once

#include <QList>
#include <QString>

// Where verified deliveries are re-sent (hookscope-cli serve --forward, the
// window's forwarding rules; docs/forwarding.md). Plain value.
struct ForwardRule {
    QString url;                    // http(s) URL of the team's own system
    QString filter;                 // a filter expression (DESIGN.md); empty: every event
    bool includeUnverified = false; // also events without a verified word
    bool enabled = true;
};

inline bool operator==(const ForwardRule &a, const ForwardRule &b)
{
    return a.url == b.url && a.filter == b.filter && a.includeUnverified == b.includeUnverified &&
           a.enabled == b.enabled;
}
