#pragma once

#include <QTreeView>

class QAction;

// The payload's JSON tree with "Copy value" (Ctrl+C) and "Copy path"
// (Ctrl+Shift+C) on the context menu and as keys while it has focus.
class PayloadTreeView final : public QTreeView {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PayloadTreeView)

public:
    explicit PayloadTreeView(QWidget *parent = nullptr);

    QString currentValue() const;
    QString currentPath() const;
    void copyValue() const;
    void copyPath() const;

    static QKeySequence copyPathKey();

protected:
    bool event(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    static bool isCopyKey(const QKeyEvent *event);
};
