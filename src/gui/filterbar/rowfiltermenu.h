#pragma once

#include <QString>

class FilterBar;
class QMenu;
struct EventRecord;

// "Filter on this customer / session / channel / type" and "Exclude this
// ..." for a row's context menu. Each action ANDs its term (user:ID,
// session:ID, channel:CODE, type:T, or the same with "-") to the filter bar
// and applies it (FilterBar::addTerm). Actions whose value the row lacks are
// left out. The action's data() is the term.
class RowFilterMenu final {
public:
    RowFilterMenu() = delete;

    static void addActions(QMenu *menu, const EventRecord &record, FilterBar *bar);

    // The terms addActions() offers for a record, in menu order (without the
    // exclusions): for callers that build their own menus or shortcuts.
    struct Term {
        QString kind;  // "customer", "session", "channel", "type"
        QString term;  // e.g. user:cu_1
        QString shown; // the value as a person reads it (channel name)
    };
    static QList<Term> termsFor(const EventRecord &record);
};
