#pragma once

#include "filterbar/filterbar.h"

#include <QLineEdit>
#include <QString>
#include <QTest>

// What every filter bar test starts from: the bar shown at a usual width
// with its box focused. False when the window system never exposed it.
inline bool showForTyping(FilterBar &bar)
{
    bar.resize(720, bar.sizeHint().height());
    bar.show();
    if (!QTest::qWaitForWindowExposed(&bar))
        return false;
    bar.lineEdit()->setFocus();
    return true;
}

// Key presses into the box, as a user types them.
inline void typeInto(FilterBar &bar, const QString &text)
{
    QTest::keyClicks(bar.lineEdit(), text);
}
