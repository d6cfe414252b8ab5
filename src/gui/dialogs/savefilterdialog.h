#pragma once

#include <QDialog>

#include <memory>
#include <optional>

namespace Ui {
class SaveFilterDialog;
}

// Asks for the name of a saved filter (new, or a new name for one). Save is
// enabled once the name has a visible character; the name is trimmed and at
// most kMaxNameLength long. The form is ui/savefilterdialog.ui.
class SaveFilterDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SaveFilterDialog)

public:
    static constexpr int kMaxNameLength = 200;

    // prompt: the sentence above the field; suggestion: the name proposed.
    explicit SaveFilterDialog(const QString &prompt, const QString &suggestion,
                              QWidget *parent = nullptr);
    ~SaveFilterDialog() override;

    QString name() const;

    // Shows the dialog modally: the name, or nullopt when cancelled.
    static std::optional<QString> ask(QWidget *parent, const QString &prompt,
                                      const QString &suggestion);

private:
    void updateSaveButton();

    std::unique_ptr<Ui::SaveFilterDialog> m_ui;
};
