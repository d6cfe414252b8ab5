#include "panes/payloadtreeview.h"

#include "models/payloadtreemodel.h"

#include <QAction>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QGuiApplication>
#include <QHeaderView>
#include <QMenu>

PayloadTreeView::PayloadTreeView(QWidget *parent)
    : QTreeView(parent)
{
    setObjectName(QStringLiteral("payloadTree"));
    setUniformRowHeights(true);
    setAlternatingRowColors(true);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setAllColumnsShowFocus(true);
    header()->setStretchLastSection(true);
}

QKeySequence PayloadTreeView::copyPathKey()
{
    return QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C);
}

QString PayloadTreeView::currentValue() const
{
    const QModelIndex current = currentIndex();
    return current.isValid()
               ? current.siblingAtColumn(0).data(PayloadTreeModel::ValueTextRole).toString()
               : QString();
}

QString PayloadTreeView::currentPath() const
{
    const QModelIndex current = currentIndex();
    return current.isValid()
               ? current.siblingAtColumn(0).data(PayloadTreeModel::PathRole).toString()
               : QString();
}

void PayloadTreeView::copyValue() const
{
    if (currentIndex().isValid())
        QGuiApplication::clipboard()->setText(currentValue());
}

void PayloadTreeView::copyPath() const
{
    if (currentIndex().isValid())
        QGuiApplication::clipboard()->setText(currentPath());
}

bool PayloadTreeView::isCopyKey(const QKeyEvent *event)
{
    return event->matches(QKeySequence::Copy) ||
           QKeySequence(event->keyCombination()) == copyPathKey();
}

bool PayloadTreeView::event(QEvent *event)
{
    // Claim the copy keys before the window's Copy action sees them.
    if (event->type() == QEvent::ShortcutOverride && isCopyKey(static_cast<QKeyEvent *>(event))) {
        event->accept();
        return true;
    }
    return QTreeView::event(event);
}

void PayloadTreeView::keyPressEvent(QKeyEvent *event)
{
    if (QKeySequence(event->keyCombination()) == copyPathKey()) {
        copyPath();
        event->accept();
        return;
    }
    if (event->matches(QKeySequence::Copy)) {
        copyValue();
        event->accept();
        return;
    }
    QTreeView::keyPressEvent(event);
}

void PayloadTreeView::contextMenuEvent(QContextMenuEvent *event)
{
    const QModelIndex index = indexAt(event->pos());
    if (index.isValid())
        setCurrentIndex(index);
    QMenu menu(this);
    QAction *value = menu.addAction(tr("Copy &Value"), this, &PayloadTreeView::copyValue);
    value->setShortcut(QKeySequence::Copy);
    QAction *path = menu.addAction(tr("Copy &Path"), this, &PayloadTreeView::copyPath);
    path->setShortcut(copyPathKey());
    for (QAction *action : {value, path}) {
        action->setShortcutVisibleInContextMenu(true);
        action->setEnabled(index.isValid());
    }
    menu.addSeparator();
    menu.addAction(tr("&Expand All"), this, &QTreeView::expandAll);
    menu.addAction(tr("&Collapse All"), this, &QTreeView::collapseAll);
    menu.exec(event->globalPos());
}
