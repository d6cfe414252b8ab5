#include "window/firstframe.h"

#include <QBackingStore>
#include <QPainter>
#include <QRegion>
#include <QWidget>

void prepareFirstFrame(QWidget *window)
{
    if (!window || !window->isWindow() || window->testAttribute(Qt::WA_PaintOnScreen))
        return;
    QBackingStore *store = window->backingStore();
    if (!store)
        return;
    const QSize size = window->size();
    if (size.isEmpty())
        return;
    // A store of the window's size has been painted: the repaint manager
    // keeps it as it is.
    if (store->size() == size)
        return;
    store->resize(size);
    const QRect all(QPoint(0, 0), size);
    store->beginPaint(QRegion(all));
    if (QPaintDevice *device = store->paintDevice()) {
        QPainter painter(device);
        painter.fillRect(all, window->palette().window());
    }
    store->endPaint();
}
