#include "paint/appicon.h"

#include <QString>

// The resources live in the static hookscope_gui library: nothing refers to
// them, so they must be registered by name before the first use.
static void initAppIconResources()
{
    Q_INIT_RESOURCE(hookscope);
}

QList<int> AppIcon::sizes()
{
    return {16, 22, 24, 32, 48, 64, 128, 256};
}

QIcon AppIcon::icon()
{
    initAppIconResources();
    QIcon icon;
    for (const int size : sizes())
        icon.addFile(QStringLiteral(":/icons/hookscope-%1.png").arg(size), QSize(size, size));
    return icon;
}
