#include "filterbar/filtercompleter.h"

#include "filter/filterexpression.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QLineEdit>
#include <QStringListModel>

#include <algorithm>

namespace {

bool isFieldNameText(QStringView text)
{
    return !text.isEmpty() &&
           std::all_of(text.begin(), text.end(), [](QChar c) { return c.isLetter() || c == u'_'; });
}

} // namespace

FilterCompleter::FilterCompleter(QLineEdit *edit, QObject *parent)
    : QObject(parent)
    , m_edit(edit)
    , m_completer(new QCompleter(this))
    , m_model(new QStringListModel(this))
{
    // Not QLineEdit::setCompleter(): that completes the whole line.
    m_completer->setModel(m_model);
    m_completer->setWidget(m_edit);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setMaxVisibleItems(12);
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this,
            &FilterCompleter::insert);

    m_values.insert(QStringLiteral("sender"),
                    {QStringLiteral("customer"), QStringLiteral("agent")});
    m_values.insert(QStringLiteral("verified"), {QStringLiteral("yes"), QStringLiteral("no")});
    m_values.insert(QStringLiteral("test"), {QStringLiteral("yes"), QStringLiteral("no")});
    const QStringList spans{QStringLiteral("15m"), QStringLiteral("1h"), QStringLiteral("24h"),
                            QStringLiteral("7d"), QStringLiteral("30d")};
    m_values.insert(QStringLiteral("since"), spans);
    m_values.insert(QStringLiteral("until"), spans);
}

FilterCompleter::~FilterCompleter() = default;

void FilterCompleter::setValues(const QString &field, const QStringList &values)
{
    QStringList unique = values;
    unique.removeAll(QString());
    unique.removeDuplicates();
    m_values.insert(field.toLower(), unique);
}

QStringList FilterCompleter::values(const QString &field) const
{
    return m_values.value(field.toLower());
}

QStringList FilterCompleter::currentCompletions() const
{
    QStringList out;
    const QAbstractItemModel *model = m_completer->completionModel();
    for (int row = 0; row < model->rowCount(); ++row)
        out.append(model->index(row, 0).data().toString());
    return out;
}

bool FilterCompleter::isPopupVisible() const
{
    return m_completer->popup()->isVisible();
}

bool FilterCompleter::isChoosing() const
{
    return isPopupVisible() && m_completer->popup()->currentIndex().isValid();
}

void FilterCompleter::hidePopup()
{
    m_completer->popup()->hide();
}

void FilterCompleter::update(bool explicitly)
{
    const QString text = m_edit->text();
    const int cursor = m_edit->cursorPosition();
    const FilterTerms::Span span = FilterTerms::at(text, cursor);
    QStringView term = QStringView(text).mid(span.start, cursor - span.start);
    if (term.startsWith(u'-'))
        term = term.mid(1);
    const qsizetype colon = term.indexOf(u':');
    QStringList candidates;
    QString prefix;
    if (colon < 0) {
        // A bare word may be a field name being typed; an empty term offers
        // the field names only when asked, not after every space.
        if ((term.isEmpty() && !explicitly) || (!term.isEmpty() && !isFieldNameText(term)))
            return hidePopup();
        for (const QString &name : FilterExpression::fieldNames())
            candidates.append(name + QLatin1Char(':'));
        prefix = term.toString();
        m_completer->setFilterMode(Qt::MatchStartsWith);
    } else {
        for (const QString &value : m_values.value(term.left(colon).toString().toLower()))
            candidates.append(FilterExpression::quoteValue(value));
        prefix = term.mid(colon + 1).toString();
        if (prefix.startsWith(u'"'))
            prefix.remove(0, 1);
        m_completer->setFilterMode(Qt::MatchContains);
    }
    m_term = span;
    m_model->setStringList(candidates);
    m_completer->setCompletionPrefix(prefix);
    const int count = m_completer->completionCount();
    const bool alreadyTyped =
        count == 1 && m_completer->currentCompletion().compare(prefix, Qt::CaseInsensitive) == 0;
    if (count == 0 || alreadyTyped)
        return hidePopup();
    m_completer->complete();
}

void FilterCompleter::insert(const QString &completion)
{
    const QString text = m_edit->text();
    QStringView term = QStringView(text).mid(m_term.start, m_term.length);
    QString replacement;
    if (term.startsWith(u'-')) {
        replacement = QStringLiteral("-");
        term = term.mid(1);
    }
    const bool fieldName = completion.endsWith(u':');
    if (!fieldName)
        replacement += term.left(term.indexOf(u':') + 1);
    replacement += completion;
    QString next = text;
    next.replace(m_term.start, m_term.length, replacement);
    int cursor = m_term.start + static_cast<int>(replacement.size());
    // A finished value gets its separating space; a field name waits for its value.
    if (!fieldName) {
        if (cursor >= next.size() || !next.at(cursor).isSpace())
            next.insert(cursor, QLatin1Char(' '));
        ++cursor;
    }
    m_edit->setText(next);
    m_edit->setCursorPosition(cursor);
    Q_EMIT inserted();
    // After "channel:" offer the channels straight away (once QCompleter
    // has finished hiding its popup).
    if (fieldName)
        QMetaObject::invokeMethod(
            this, [this] { update(true); }, Qt::QueuedConnection);
}
