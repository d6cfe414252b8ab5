#pragma once

#include "filter/filterexpression.h"
#include "filterbar/filterhistory.h"

#include <QStringList>
#include <QTimer>
#include <QWidget>

class FilterCompleter;
class QCompleter;
class QKeyEvent;
class QLabel;
class QLineEdit;
class QMenu;
class QToolButton;
class Settings;

// The filter bar above the stream (docs/filter-language.md). The text is
// checked on every keystroke and the box shows the result: neutral (empty),
// valid (a green tint) or invalid (a red tint, the offending term underlined,
// the reason in the tooltip and in a label beside the box).
//
// Applying: a valid text is applied 300 ms after the last change (see
// setApplyDelay()), or at once on Enter; applying emits filterChanged(). An
// invalid text is never applied: the previous filter stays in force and the
// label says so. Enter re-applies even an unchanged text, which re-resolves
// relative times (since:2h). Esc (with no completion open) clears and
// applies the empty filter.
//
// Completion works on the term under the cursor: field names ("channel:")
// for a bare word, values given by setCompletionValues() after "field:".
// Up/Down (with no completion open) step through the history, which also
// sits in the drop-down button at the left. Enter and setText() add to the
// history.
class FilterBar final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FilterBar)

public:
    enum class State { Empty, Valid, Invalid };
    Q_ENUM(State)

    explicit FilterBar(QWidget *parent = nullptr);
    ~FilterBar() override;

    // The filter last applied (always valid; the empty filter at first).
    FilterExpression filter() const { return m_applied; }
    // What the box holds now, which may be invalid or not yet applied.
    QString text() const;
    // Sets the text and applies it at once when valid (else shows why not).
    void setText(const QString &text);
    // ANDs `term` (e.g. "user:cu_1", built with FilterExpression::quoteValue)
    // to the current valid text, or to the applied filter when the text is
    // invalid, and applies. A term already present is not added twice.
    void addTerm(const QString &term);

    // Values offered after "field:" (field: "channel", "type", "user",
    // "session", "event", ...). Quoted with FilterExpression::quoteValue.
    // sender, verified, since and until have built-in values.
    void setCompletionValues(const QString &field, const QStringList &values);
    QStringList completionValues(const QString &field) const;

    // Most recent first. With setSettings() the history is loaded from and
    // saved to Settings (filterHistory / addToFilterHistory); the Settings
    // must outlive the bar, or be unset with setSettings(nullptr).
    void setHistory(const QStringList &history);
    QStringList history() const { return m_history.entries(); }
    void setSettings(Settings *settings);

    // Delay between the last edit and applying; negative: apply on Enter only.
    void setApplyDelay(int ms);
    int applyDelay() const { return m_applyDelay; }
    // True while an edit waits out the apply delay; when it has passed, the
    // text is applied if valid. False: nothing is applied without more input.
    bool isApplyPending() const { return m_applyTimer->isActive(); }

    // State of the text in the box, with the marked range when invalid.
    State state() const { return m_state; }
    QString errorMessage() const { return m_current.errorMessage(); }
    int markedStart() const { return m_markStart; }
    int markedLength() const { return m_markLength; }

    // For tests and for a "?" hint: what completion offers for the term at
    // the cursor right now (empty when nothing is offered).
    QStringList currentCompletions() const;
    QCompleter *completer() const;
    QMenu *historyMenu() const { return m_historyMenu; }
    QLineEdit *lineEdit() const { return m_edit; }

public Q_SLOTS:
    // Focuses the box and selects its text (Ctrl+F / Ctrl+L in the window).
    void focusFilter();
    // Applies the text now (what Enter does): emits when valid.
    void applyNow();

Q_SIGNALS:
    // A valid filter was applied (possibly the empty one).
    void filterChanged(const FilterExpression &filter);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void setUpHistoryButton();
    void setUpEdit();
    void connectSignals();
    void onTextChanged(const QString &text);
    void onTextEdited();
    bool apply(bool force);
    void rememberInHistory(const QString &text);
    void rebuildHistoryMenu();
    void recallHistory(int step);
    void updateState();
    void applyPalette();
    void markError();
    bool handleKey(QKeyEvent *event);
    static bool yieldsToShortcut(const QKeyEvent *event);

    QLineEdit *m_edit = nullptr;
    QToolButton *m_historyButton = nullptr;
    QMenu *m_historyMenu = nullptr;
    QLabel *m_errorLabel = nullptr;
    FilterCompleter *m_completion = nullptr;
    QTimer *m_applyTimer = nullptr;
    Settings *m_settings = nullptr;

    FilterExpression m_current; // parsed text of the box
    FilterExpression m_applied;
    State m_state = State::Empty;
    int m_markStart = -1;
    int m_markLength = 0;
    int m_applyDelay = 300;

    FilterHistory m_history;
    bool m_composing = false;      // an input method is composing in the box
    bool m_sendingFormats = false; // our own InputMethod event is in flight
};
