#include "store/storecolumns.h"

namespace StoreColumns {

QString nameList(const Column *first, std::size_t count, Name skip)
{
    QString out;
    for (std::size_t i = 0; i < count; ++i) {
        if (first[i].name == skip)
            continue;
        if (!out.isEmpty())
            out += QLatin1String(", ");
        out += first[i].name;
    }
    return out;
}

QString nameList(const Name *first, std::size_t count)
{
    QString out;
    for (std::size_t i = 0; i < count; ++i) {
        if (i > 0)
            out += QLatin1String(", ");
        out += first[i];
    }
    return out;
}

QString createTable(Name table, const Column *first, std::size_t count)
{
    QString out = QLatin1String("CREATE TABLE ") + table + u'(';
    for (std::size_t i = 0; i < count; ++i) {
        if (i > 0)
            out += QLatin1String(", ");
        out += first[i].name + u' ' + QLatin1String(first[i].definition);
    }
    return out + u')';
}

} // namespace StoreColumns
