#pragma once

#include <QHash>

#include <functional>

class QWidget;

// Edit > Copy (Ctrl+C) for whatever has the focus: the selected text of a
// text field, the value under the cursor of the payload tree, the current
// cell of a view, or what a pane registered for its own view (the stream
// copies whole rows). The window registers; the copying lives here.
class FocusCopier final {
    Q_DISABLE_COPY_MOVE(FocusCopier)

public:
    using Copy = std::function<void()>;

    FocusCopier() = default;

    // `copy` runs instead of the default when `widget` has the focus.
    void addCopy(const QWidget *widget, Copy copy);
    // Copies from `focus` to the clipboard; false when it has nothing to copy.
    bool copyFrom(QWidget *focus) const;

private:
    QHash<const QWidget *, Copy> m_copies;
};
