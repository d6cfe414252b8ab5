#pragma once

#include <QIcon>
#include <QList>

// HookScope's own icon (resources/icons, drawn for the app): the committed
// PNGs in every size the package installs, compiled in through
// resources/hookscope.qrc, so the window has its icon without a theme.
class AppIcon final {
public:
    // The sizes of the PNGs, smallest first (the hicolor sizes installed).
    static QList<int> sizes();
    static QIcon icon();
};
