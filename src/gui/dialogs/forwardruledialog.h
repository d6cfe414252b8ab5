#pragma once

#include "records/forwardrule.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;

// Edits one forwarding rule: the URL (http or https), an optional filter
// expression (checked with the filter language's parser; an error marks
// the offending term, as the filter bar does), whether unverified events
// go too, and whether the rule is on. OK is refused while either is wrong.
class ForwardRuleDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ForwardRuleDialog)

public:
    explicit ForwardRuleDialog(const ForwardRule &rule, QWidget *parent = nullptr);
    ~ForwardRuleDialog() override;

    ForwardRule rule() const;
    // The error shown (empty: none), and the term marked in the filter
    // (-1: none).
    QString errorText() const;
    int markedStart() const { return m_markStart; }
    int markedLength() const { return m_markLength; }

    QLineEdit *urlEdit() const { return m_url; }
    QLineEdit *filterEdit() const { return m_filter; }
    QCheckBox *unverifiedBox() const { return m_unverified; }
    QCheckBox *enabledBox() const { return m_enabled; }

    void accept() override;

protected:
    void changeEvent(QEvent *event) override;

private:
    // Checks both fields; `strict` also reports an empty URL (on OK only,
    // not while typing). Returns the field in error, or null.
    QLineEdit *validate(bool strict);
    void markTerm();

    QLineEdit *m_url = nullptr;
    QLineEdit *m_filter = nullptr;
    QCheckBox *m_unverified = nullptr;
    QCheckBox *m_enabled = nullptr;
    QLabel *m_error = nullptr;
    int m_markStart = -1;
    int m_markLength = 0;
};
