#pragma once

#include <QString>
#include <QStringList>

#include <optional>

// The filters applied recently, most recent first, and the walk through them
// with Up and Down in the filter box (FilterBar). A walk starts at the text
// typed in the box (the draft), which Down at the newest entry brings back.
class FilterHistory final {
public:
    static constexpr int kLength = 20;

    const QStringList &entries() const { return m_entries; }
    // Replaces the entries (the first kLength) and ends any walk.
    void setEntries(const QStringList &entries);
    // Puts `entry` first (an earlier copy removed) and ends any walk.
    void remember(const QString &entry);
    void endWalk() { m_index = -1; }
    // One step: +1 (Up) to an older entry, -1 (Down) to a newer one or the
    // draft. `typed` is the box's text, kept as the draft when a walk
    // starts. The text to show, or none when there is nowhere to go.
    std::optional<QString> step(int step, const QString &typed);

private:
    QStringList m_entries;
    int m_index = -1; // -1: not walking; else index into m_entries
    QString m_draft;  // the text typed before the walk
};
