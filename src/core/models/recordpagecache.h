#pragma once

#include <QCache>
#include <QList>

#include <functional>

// A bounded LRU cache of records for a lazily loaded table whose rows are an
// ordered list of ids. Rows are grouped in pages of kPageSize; a miss loads
// the whole page with one call to the loader (one query), so scrolling costs
// one query per page and memory stays at maxPages * kPageSize records however
// many rows the table has. Record needs a qint64 `id` member.
template<typename Record>
class RecordPageCache final {
public:
    static constexpr int kPageSize = 256;
    static constexpr int kDefaultMaxPages = 16; // 4096 records

    // Returns the records of the ids, in their order; ids not found are left
    // out (the cache then holds a default record for them).
    using Loader = std::function<QList<Record>(const QList<qint64> &ids)>;

    explicit RecordPageCache(int maxPages = kDefaultMaxPages)
        : m_pages(maxPages)
    {
    }

    // The record of `row` (0 <= row < ids.size()), loading its page if needed.
    // The reference is valid until the next call. Clear the cache whenever
    // the ids are replaced or reordered; appending ids needs no clear.
    const Record &at(const QList<qint64> &ids, int row, const Loader &loader)
    {
        const int page = row / kPageSize;
        const int offset = row % kPageSize;
        const QList<Record> *cached = m_pages.object(page);
        // The last page grows as live rows arrive.
        if (cached && offset >= cached->size())
            cached = nullptr;
        if (!cached)
            cached = load(ids, page, loader);
        return cached->at(offset);
    }

    void clear() { m_pages.clear(); }
    // Records held now (for tests and diagnostics).
    qsizetype recordCount() const
    {
        qsizetype count = 0;
        const QList<int> keys = m_pages.keys();
        for (const int key : keys)
            count += m_pages.object(key)->size();
        return count;
    }

private:
    const QList<Record> *load(const QList<qint64> &ids, int page, const Loader &loader)
    {
        const QList<qint64> pageIds = ids.mid(static_cast<qsizetype>(page) * kPageSize, kPageSize);
        const QList<Record> found = loader(pageIds);
        // Aligned with pageIds; a record that could not be read stays default
        // (id 0), so the row shows empty instead of another row's data.
        auto *records = new QList<Record>(pageIds.size());
        qsizetype next = 0;
        for (qsizetype i = 0; i < pageIds.size() && next < found.size(); ++i) {
            if (found.at(next).id == pageIds.at(i))
                (*records)[i] = found.at(next++);
        }
        m_pages.insert(page, records);
        return records;
    }

    mutable QCache<int, QList<Record>> m_pages;
};
