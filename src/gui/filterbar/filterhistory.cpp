#include "filterbar/filterhistory.h"

void FilterHistory::setEntries(const QStringList &entries)
{
    m_entries = entries.mid(0, kLength);
    m_index = -1;
}

void FilterHistory::remember(const QString &entry)
{
    m_entries.removeAll(entry);
    m_entries.prepend(entry);
    setEntries(m_entries);
}

std::optional<QString> FilterHistory::step(int step, const QString &typed)
{
    if (m_entries.isEmpty())
        return std::nullopt;
    int index = m_index + step;
    if (m_index < 0 && step > 0) {
        m_draft = typed;
        index = 0;
    }
    if (index >= m_entries.size())
        return std::nullopt;
    m_index = qMax(-1, index);
    return m_index < 0 ? m_draft : m_entries.at(m_index);
}
