#pragma once

#include <QString>
#include <QStringList>

struct FilterNode;

// Turns one field:value term of the filter language into a leaf of the
// filter tree, checking the field name (case-insensitive) and the value.
class FilterTerm final {
public:
    // The field names, in the order the documentation lists them.
    static QStringList fieldNames();

    // False with *error set (a sentence for the user) when the field is
    // unknown or the value does not fit it.
    static bool build(const QString &field, const QString &value, qint64 nowMs, FilterNode *out,
                      QString *error);
};
