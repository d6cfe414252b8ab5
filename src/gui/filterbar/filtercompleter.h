#pragma once

#include "filterbar/filterterms.h"

#include <QHash>
#include <QObject>
#include <QStringList>

class QCompleter;
class QLineEdit;
class QStringListModel;

// Completion for the filter bar, on the term under the cursor rather than
// the whole line: field names ("channel:") for a bare word, the values given
// by setValues() after "field:" (quoted with FilterExpression::quoteValue),
// keeping a leading "-". Choosing a value adds the separating space; choosing
// a field name opens that field's values at once.
class FilterCompleter final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FilterCompleter)

public:
    explicit FilterCompleter(QLineEdit *edit, QObject *parent = nullptr);
    ~FilterCompleter() override;

    // Raw values per field (any case); empty values and duplicates dropped.
    void setValues(const QString &field, const QStringList &values);
    QStringList values(const QString &field) const;

    // Recomputes the list for the term at the cursor and shows or hides the
    // popup. explicitly: the user asked (Ctrl+Space), so an empty term
    // offers every field name.
    void update(bool explicitly);
    // What the popup offers now (empty when nothing).
    QStringList currentCompletions() const;
    bool isPopupVisible() const;
    // The popup is open with an entry chosen: Enter picks it.
    bool isChoosing() const;
    void hidePopup();
    QCompleter *completer() const { return m_completer; }

Q_SIGNALS:
    // A completion was put into the line edit (by the user choosing it).
    void inserted();

private:
    void insert(const QString &completion);

    QLineEdit *m_edit = nullptr;
    QCompleter *m_completer = nullptr;
    QStringListModel *m_model = nullptr;
    QHash<QString, QStringList> m_values; // field (lower case) -> raw values
    FilterTerms::Span m_term;             // the term the list was made for
};
