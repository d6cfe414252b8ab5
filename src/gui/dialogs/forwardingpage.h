#pragma once

#include "dialogs/forwardruledialog.h"
#include "records/forwardrule.h"

#include <QList>
#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;

// The "Forwarding" page of the settings: the rules that re-send what the
// receiver accepts to the team's own systems (ReceiverConfig::forwardRules,
// docs/forwarding-window.md), a short word on what is sent, and Add, Edit
// and Remove. Each rule is edited in a ForwardRuleDialog, which refuses a
// wrong URL or filter; a rule turned on in the table is checked the same way.
class ForwardingPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ForwardingPage)

public:
    enum Column { EnabledColumn, UrlColumn, FilterColumn, UnverifiedColumn, ColumnCount };

    explicit ForwardingPage(QWidget *parent = nullptr);
    ~ForwardingPage() override;

    void setRules(const QList<ForwardRule> &rules);
    QList<ForwardRule> rules() const;
    // The first rule that is on but cannot be used, in words; empty if none.
    QString validationError() const;

    QTableWidget *table() const { return m_table; }
    QPushButton *addButton() const { return m_add; }
    QPushButton *editButton() const { return m_edit; }
    QPushButton *removeButton() const { return m_remove; }
    // The rule editor while one is open (Add or Edit), else null.
    ForwardRuleDialog *editor() const { return m_editor; }
    QList<QWidget *> tabOrder() const;

    // What the buttons do; the editor opens window-modal and returns at once.
    void addRule();
    void editRule();
    void removeRule();

private:
    void openEditor(int row);
    void setRow(int row, const ForwardRule &rule);
    ForwardRule ruleAt(int row) const;
    void updateButtons();
    void onItemChanged(int row, int column);

    QLabel *m_about = nullptr;
    QTableWidget *m_table = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_edit = nullptr;
    QPushButton *m_remove = nullptr;
    QLabel *m_error = nullptr;
    QList<ForwardRule> m_rules; // row i shows m_rules[i]
    QPointer<ForwardRuleDialog> m_editor;
    bool m_filling = false;
};
