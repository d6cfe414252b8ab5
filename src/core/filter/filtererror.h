#pragma once

#include <QString>

// Why and where a filter text failed to parse. position and length are QString
// indices into the text, so the filter bar can underline the offending term.
struct FilterError {
    QString message;
    int position = -1;
    int length = 0;

    bool isSet() const { return position >= 0; }
};
