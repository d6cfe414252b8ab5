#include "dialogs/savefilterdialog.h"

#include "ui_savefilterdialog.h"

#include <QPushButton>

namespace {

// The prompt quotes the filter, which can be as long as the user typed it.
constexpr int kMaxPromptLength = 300;

} // namespace

SaveFilterDialog::SaveFilterDialog(const QString &prompt, const QString &suggestion,
                                   QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SaveFilterDialog>())
{
    m_ui->setupUi(this);
    m_ui->promptLabel->setText(
        prompt.size() > kMaxPromptLength ? prompt.left(kMaxPromptLength - 1) + u'\u2026' : prompt);
    m_ui->nameEdit->setMaxLength(kMaxNameLength);
    m_ui->nameEdit->setText(suggestion.left(kMaxNameLength));
    m_ui->nameEdit->selectAll();
    connect(m_ui->nameEdit, &QLineEdit::textChanged, this, &SaveFilterDialog::updateSaveButton);
    updateSaveButton();
    setMinimumWidth(360);
}

SaveFilterDialog::~SaveFilterDialog() = default;

QString SaveFilterDialog::name() const
{
    return m_ui->nameEdit->text().trimmed();
}

void SaveFilterDialog::updateSaveButton()
{
    m_ui->buttons->button(QDialogButtonBox::Save)->setEnabled(!name().isEmpty());
}

std::optional<QString> SaveFilterDialog::ask(QWidget *parent, const QString &prompt,
                                             const QString &suggestion)
{
    SaveFilterDialog dialog(prompt, suggestion, parent);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.name();
}
