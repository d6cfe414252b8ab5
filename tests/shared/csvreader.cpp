#include "csvreader.h"

std::optional<QList<QStringList>> parseCsv(const QString &text)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        if (text.at(i) == u'"') {
            ++i;
            for (;;) {
                if (i >= n)
                    return std::nullopt; // unterminated quote
                if (text.at(i) == u'"') {
                    if (i + 1 < n && text.at(i + 1) == u'"') {
                        field += u'"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field += text.at(i++);
            }
        } else {
            while (i < n && text.at(i) != u',' && text.at(i) != u'\r' && text.at(i) != u'\n') {
                if (text.at(i) == u'"')
                    return std::nullopt; // a quote in an unquoted field
                field += text.at(i++);
            }
        }
        if (i < n && text.at(i) == u',') {
            row.append(field);
            field.clear();
            ++i;
        } else if (i + 1 < n && text.at(i) == u'\r' && text.at(i + 1) == u'\n') {
            row.append(field);
            field.clear();
            rows.append(row);
            row.clear();
            i += 2;
        } else {
            return std::nullopt; // bare CR or LF, or junk after a closing quote
        }
    }
    if (!row.isEmpty() || !field.isEmpty())
        return std::nullopt; // last record without CRLF
    return rows;
}
