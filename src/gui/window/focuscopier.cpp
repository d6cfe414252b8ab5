#include "window/focuscopier.h"

#include "panes/payloadtreeview.h"

#include <QAbstractItemView>
#include <QClipboard>
#include <QGuiApplication>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTextEdit>

void FocusCopier::addCopy(const QWidget *widget, Copy copy)
{
    m_copies.insert(widget, std::move(copy));
}

bool FocusCopier::copyFrom(QWidget *focus) const
{
    if (!focus)
        return false;
    if (const auto it = m_copies.constFind(focus); it != m_copies.constEnd())
        (*it)();
    else if (auto *line = qobject_cast<QLineEdit *>(focus))
        line->copy();
    else if (auto *plain = qobject_cast<QPlainTextEdit *>(focus))
        plain->copy();
    else if (auto *text = qobject_cast<QTextEdit *>(focus))
        text->copy();
    else if (auto *tree = qobject_cast<PayloadTreeView *>(focus))
        tree->copyValue();
    else if (auto *view = qobject_cast<QAbstractItemView *>(focus);
             view && view->currentIndex().isValid())
        QGuiApplication::clipboard()->setText(view->currentIndex().data().toString());
    else
        return false;
    return true;
}
