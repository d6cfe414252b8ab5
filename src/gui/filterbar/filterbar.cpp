#include "filterbar/filterbar.h"

#include "filterbar/filtercompleter.h"
#include "filterbar/filterterms.h"
#include "paint/theme.h"
#include "settings/settings.h"

#include <QCoreApplication>
#include <QHBoxLayout>
#include <QIcon>
#include <QInputMethodEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QTextCharFormat>
#include <QTimer>
#include <QToolButton>
#include <QToolTip>

namespace {

constexpr int kErrorLabelWidth = 320;
constexpr int kHistoryEntryWidth = 480;

} // namespace

FilterBar::FilterBar(QWidget *parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
    , m_historyButton(new QToolButton(this))
    , m_historyMenu(new QMenu(this))
    , m_errorLabel(new QLabel(this))
    , m_completion(new FilterCompleter(m_edit, this))
    , m_applyTimer(new QTimer(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_historyButton);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_errorLabel);
    setUpHistoryButton();
    setUpEdit();
    m_errorLabel->setTextFormat(Qt::PlainText);
    m_errorLabel->setVisible(false);
    m_applyTimer->setSingleShot(true);
    m_applyTimer->setInterval(m_applyDelay);
    connectSignals();
    setFocusProxy(m_edit);
    rebuildHistoryMenu();
    updateState();
}

void FilterBar::setUpHistoryButton()
{
    const QIcon recent = QIcon::fromTheme(QStringLiteral("document-open-recent"));
    if (recent.isNull())
        m_historyButton->setArrowType(Qt::DownArrow);
    else
        m_historyButton->setIcon(recent);
    m_historyButton->setAutoRaise(true);
    m_historyButton->setToolTip(tr("Recent filters (Up and Down in the filter box)"));
    m_historyButton->setAccessibleName(tr("Recent filters"));
}

void FilterBar::setUpEdit()
{
    m_edit->setClearButtonEnabled(true);
    m_edit->setPlaceholderText(
        tr("Filter: channel:7 type:text user:ID -verified:yes since:2h words or \"a phrase\""));
    m_edit->setAccessibleName(tr("Filter"));
    m_edit->installEventFilter(this);
}

void FilterBar::connectSignals()
{
    connect(m_edit, &QLineEdit::textChanged, this, &FilterBar::onTextChanged);
    connect(m_edit, &QLineEdit::textEdited, this, &FilterBar::onTextEdited);
    connect(m_edit, &QLineEdit::returnPressed, this, [this] {
        // QCompleter shows Enter to the box before it inserts the chosen
        // completion: that Enter chooses, it does not apply the text before it.
        if (m_completion->isChoosing())
            return;
        applyNow();
    });
    // Not QToolButton::setMenu(): its menu indicator beside the arrow reads
    // as two arrows.
    connect(m_historyButton, &QToolButton::clicked, this, [this] {
        m_historyMenu->popup(m_historyButton->mapToGlobal(QPoint(0, m_historyButton->height())));
    });
    connect(m_applyTimer, &QTimer::timeout, this, [this] { apply(false); });
    connect(m_completion, &FilterCompleter::inserted, this, [this] {
        if (m_applyDelay >= 0)
            m_applyTimer->start();
    });
}

FilterBar::~FilterBar() = default;

QString FilterBar::text() const
{
    return m_edit->text();
}

void FilterBar::setText(const QString &text)
{
    m_applyTimer->stop();
    m_history.endWalk();
    m_completion->hidePopup();
    m_edit->setText(text);
    // Parsed again even when the text is unchanged: relative times count from now.
    m_current = FilterExpression::parse(text);
    if (apply(true))
        rememberInHistory(text);
    else
        updateState();
}

void FilterBar::addTerm(const QString &term)
{
    const QString base = m_current.isValid() ? m_edit->text() : m_applied.text();
    setText(FilterTerms::withTerm(base, term));
}

void FilterBar::applyNow()
{
    m_applyTimer->stop();
    // Parsed again so that relative times (since:2h) count from now.
    m_current = FilterExpression::parse(m_edit->text());
    if (apply(true)) {
        rememberInHistory(m_edit->text());
        return;
    }
    updateState();
    if (m_state == State::Invalid) {
        QToolTip::showText(m_edit->mapToGlobal(QPoint(0, m_edit->height())),
                           m_current.errorMessage(), m_edit);
    }
}

bool FilterBar::apply(bool force)
{
    if (!m_current.isValid())
        return false;
    if (!force && m_current.text().trimmed() == m_applied.text().trimmed())
        return false;
    m_applied = m_current;
    updateState();
    Q_EMIT filterChanged(m_applied);
    return true;
}

void FilterBar::focusFilter()
{
    m_edit->setFocus(Qt::ShortcutFocusReason);
    m_edit->selectAll();
}

void FilterBar::setApplyDelay(int ms)
{
    m_applyDelay = ms;
    m_applyTimer->stop();
    if (ms >= 0)
        m_applyTimer->setInterval(ms);
    updateState();
}

void FilterBar::onTextChanged(const QString &text)
{
    m_current = FilterExpression::parse(text);
    updateState();
}

void FilterBar::onTextEdited()
{
    m_history.endWalk();
    // Clearing the box is a decision, not a pause in typing.
    if (m_edit->text().trimmed().isEmpty()) {
        m_applyTimer->stop();
        apply(false);
    } else if (m_applyDelay >= 0) {
        m_applyTimer->start();
    }
    m_completion->update(false);
}

void FilterBar::setSettings(Settings *settings)
{
    m_settings = settings;
    if (m_settings)
        setHistory(m_settings->filterHistory());
}

void FilterBar::setHistory(const QStringList &history)
{
    m_history.setEntries(history);
    rebuildHistoryMenu();
}

void FilterBar::rememberInHistory(const QString &text)
{
    const QString entry = text.trimmed();
    if (entry.isEmpty())
        return;
    if (m_settings) {
        m_settings->addToFilterHistory(entry);
        m_history.setEntries(m_settings->filterHistory());
    } else {
        m_history.remember(entry);
    }
    rebuildHistoryMenu();
}

void FilterBar::rebuildHistoryMenu()
{
    m_historyMenu->clear();
    if (m_history.entries().isEmpty()) {
        m_historyMenu->addAction(tr("No recent filters"))->setEnabled(false);
        return;
    }
    const QFontMetrics metrics(m_historyMenu->font());
    for (const QString &entry : m_history.entries()) {
        QString shown = metrics.elidedText(entry, Qt::ElideRight, kHistoryEntryWidth);
        // '&' would become a mnemonic in a menu entry.
        shown.replace(QLatin1Char('&'), QLatin1String("&&"));
        QAction *action = m_historyMenu->addAction(shown);
        action->setToolTip(entry);
        action->setData(entry);
        connect(action, &QAction::triggered, this, [this, entry] { setText(entry); });
    }
}

void FilterBar::recallHistory(int step)
{
    const std::optional<QString> text = m_history.step(step, m_edit->text());
    if (!text)
        return;
    m_edit->setText(*text);
    if (m_applyDelay >= 0)
        m_applyTimer->start();
}

void FilterBar::updateState()
{
    if (!m_current.isValid())
        m_state = State::Invalid;
    else
        m_state = m_current.isEmpty() ? State::Empty : State::Valid;

    m_markStart = -1;
    m_markLength = 0;
    if (m_state == State::Invalid) {
        m_markStart = m_current.errorPosition();
        m_markLength = qMax(1, m_current.errorLength());
        m_markLength = qMin(m_markLength, static_cast<int>(m_edit->text().size()) - m_markStart);
        const QString applied = m_applied.isEmpty()
                                    ? tr("all events")
                                    : QStringLiteral("\u201c%1\u201d").arg(m_applied.text());
        const QString why = m_current.errorMessage();
        m_edit->setToolTip(tr("%1\nNot applied: the stream still shows %2.").arg(why, applied));
        m_errorLabel->setText(
            QFontMetrics(m_errorLabel->font()).elidedText(why, Qt::ElideRight, kErrorLabelWidth));
        m_errorLabel->setToolTip(m_edit->toolTip());
        m_errorLabel->setVisible(true);
    } else {
        m_edit->setToolTip(
            tr("Terms separated by spaces must all hold; a OR b; -term excludes.\n"
               "Fields: %1.\nEnter applies at once; Esc clears; Up and Down recall recent "
               "filters.")
                .arg(FilterExpression::fieldNames().join(QLatin1String(", "))));
        const bool pending =
            m_applyDelay < 0 && m_current.text().trimmed() != m_applied.text().trimmed();
        m_errorLabel->setText(pending ? tr("Enter to apply") : QString());
        m_errorLabel->setToolTip(QString());
        m_errorLabel->setVisible(pending);
    }
    applyPalette();
    // After QLineEdit has finished its own update of the text layout.
    QMetaObject::invokeMethod(this, &FilterBar::markError, Qt::QueuedConnection);
}

void FilterBar::applyPalette()
{
    const QPalette base = palette();
    QPalette edit = base;
    if (m_state != State::Empty) {
        const Theme::Tone tone = m_state == State::Valid ? Theme::Tone::Good : Theme::Tone::Bad;
        const qreal amount = 0.12;
        edit.setColor(QPalette::Base,
                      Theme::blend(base.color(QPalette::Base), Theme::tone(base, tone), amount));
    }
    if (m_edit->palette() != edit)
        m_edit->setPalette(edit);
    QPalette label = base;
    label.setColor(
        QPalette::WindowText,
        Theme::tone(base, m_state == State::Invalid ? Theme::Tone::Bad : Theme::Tone::Neutral));
    m_errorLabel->setPalette(label);
}

void FilterBar::markError()
{
    // A real input method composing in the box owns the preedit formats.
    if (m_composing)
        return;
    QList<QInputMethodEvent::Attribute> attributes;
    if (m_state == State::Invalid && m_markStart >= 0 && m_markLength > 0) {
        QTextCharFormat format;
        const QColor bad = Theme::tone(palette(), Theme::Tone::Bad);
        format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        format.setUnderlineColor(bad);
        format.setBackground(Theme::blend(palette().color(QPalette::Base), bad, 0.40));
        // Input method attributes count from the cursor.
        attributes.append({QInputMethodEvent::TextFormat, m_markStart - m_edit->cursorPosition(),
                           m_markLength, format});
    }
    QInputMethodEvent event(QString(), attributes);
    m_sendingFormats = true;
    QCoreApplication::sendEvent(m_edit, &event);
    m_sendingFormats = false;
}

void FilterBar::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        applyPalette();
        markError();
    }
}

bool FilterBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_edit) {
        if (event->type() == QEvent::InputMethod && !m_sendingFormats) {
            const auto *im = static_cast<QInputMethodEvent *>(event);
            m_composing = !im->preeditString().isEmpty();
            if (!m_composing)
                QMetaObject::invokeMethod(this, &FilterBar::markError, Qt::QueuedConnection);
        } else if (event->type() == QEvent::KeyPress) {
            return handleKey(static_cast<QKeyEvent *>(event));
        } else if (event->type() == QEvent::ShortcutOverride &&
                   yieldsToShortcut(static_cast<QKeyEvent *>(event))) {
            // Not accepted: the application's shortcut gets the key. A key no
            // shortcut claims still arrives here as a key press.
            event->ignore();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

// QLineEdit claims some Ctrl keys for itself (Emacs-style on Unix: Ctrl+E is
// "end of line"), so Export and the like did nothing while the filter had
// focus. Keys a text field is expected to own keep going to the line edit;
// every other Ctrl/Alt/Meta combination goes to the application first.
bool FilterBar::yieldsToShortcut(const QKeyEvent *event)
{
    const Qt::KeyboardModifiers mods =
        event->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier);
    if (mods == Qt::NoModifier)
        return false;
    static constexpr QKeySequence::StandardKey kEditing[] = {
        QKeySequence::Copy,
        QKeySequence::Cut,
        QKeySequence::Paste,
        QKeySequence::Undo,
        QKeySequence::Redo,
        QKeySequence::SelectAll,
        QKeySequence::Deselect,
        QKeySequence::MoveToNextWord,
        QKeySequence::MoveToPreviousWord,
        QKeySequence::SelectNextWord,
        QKeySequence::SelectPreviousWord,
        QKeySequence::MoveToStartOfLine,
        QKeySequence::MoveToEndOfLine,
        QKeySequence::SelectStartOfLine,
        QKeySequence::SelectEndOfLine,
        QKeySequence::DeleteStartOfWord,
        QKeySequence::DeleteEndOfWord,
        QKeySequence::DeleteCompleteLine,
        QKeySequence::Backspace,
        QKeySequence::Delete,
    };
    // Ctrl+E is "end of line" on some platforms (MoveToEndOfLine): Export's.
    const int key = event->key();
    if ((mods == Qt::ControlModifier) && key == Qt::Key_E)
        return true;
    for (const QKeySequence::StandardKey standard : kEditing) {
        if (event->matches(standard))
            return false;
    }
    // Ctrl+Space completes (handleKey); plain navigation with Ctrl stays.
    switch (key) {
    case Qt::Key_Space:
    case Qt::Key_Left:
    case Qt::Key_Right:
    case Qt::Key_Home:
    case Qt::Key_Backspace:
    case Qt::Key_Delete:
        return false;
    default:
        return true;
    }
}

bool FilterBar::handleKey(QKeyEvent *event)
{
    if (m_completion->isPopupVisible())
        return false;
    switch (event->key()) {
    case Qt::Key_Up:
        recallHistory(1);
        return true;
    case Qt::Key_Down:
        recallHistory(-1);
        return true;
    case Qt::Key_Escape:
        if (m_edit->text().isEmpty())
            return false;
        m_applyTimer->stop();
        m_history.endWalk();
        m_edit->clear();
        apply(false);
        return true;
    case Qt::Key_Space:
        if (event->modifiers() & Qt::ControlModifier) {
            m_completion->update(true);
            return true;
        }
        return false;
    default:
        return false;
    }
}

void FilterBar::setCompletionValues(const QString &field, const QStringList &values)
{
    m_completion->setValues(field, values);
}

QStringList FilterBar::completionValues(const QString &field) const
{
    return m_completion->values(field);
}

QStringList FilterBar::currentCompletions() const
{
    return m_completion->currentCompletions();
}

QCompleter *FilterBar::completer() const
{
    return m_completion->completer();
}
