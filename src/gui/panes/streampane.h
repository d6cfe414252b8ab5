#pragma once

#include "records/eventrecord.h"

#include <QWidget>

#include <optional>

class AppendFeed;
class EventTableModel;
class QAction;
class QLabel;
class SteadyLabel;
class QMenu;
class QScrollBar;
class QTableView;
class RowWindowModel;
class QVBoxLayout;

// The message stream: a sortable table of events like a log viewer, with
// "follow newest" (keep the newest row in view) and pause (new rows are
// counted, not inserted). The table shows a window of the model's rows
// (RowWindowModel); the pane's scroll bar spans them all and moves the
// window (docs/threads.md, "The stream's row window").
class StreamPane final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamPane)

public:
    explicit StreamPane(QWidget *parent = nullptr);
    ~StreamPane() override;

    bool openStore(const QString &path, QString *error = nullptr);
    void closeStore();
    // The receiver's coalesced commits, handed to the model once.
    void setFeed(AppendFeed *feed);
    // Scope by channel: a ChannelModel code, kAllChannels for every event
    // (EventTableModel::setChannelScope).
    void setChannelScope(int code);

    EventTableModel *model() const { return m_model; }
    // The view's model: a window of model()'s rows.
    RowWindowModel *rowWindow() const { return m_window; }
    QTableView *view() const { return m_view; }
    // The stream's vertical scroll bar, over every row of model() (the
    // view's own is hidden: it spans the window only).
    QScrollBar *scrollBar() const { return m_bar; }
    // How many rows the window holds (RowWindowModel::kDefaultWindowRows;
    // tests take fewer); at least kMinWindowRows.
    static constexpr int kMinWindowRows = 64;
    void setWindowRows(int rows);
    // The newest row in view, the window moved there first.
    void scrollToNewest();
    QAction *followAction() const { return m_follow; }
    QAction *pauseAction() const { return m_pause; }
    // Times to the millisecond (checkable; the window keeps it in Settings).
    QAction *millisecondsAction() const { return m_milliseconds; }
    void setShowMilliseconds(bool on);
    // Columns as wide as their values, the text taking the rest; done by
    // itself once, on the first rows, unless the window restored a saved
    // header (setFitColumnsOnLoad(false)).
    void fitColumnsToContents();
    // How many rows a fit measures per column (QHeaderView's
    // resizeContentsPrecision): a screenful, the rows on screen when the view
    // is shown. Each one is a text layout on the GUI thread; 64 took 18-21 ms
    // at the first rows of a store, the rows on screen 6-8 ms
    // (bench/README.md). Not 0 ("the rows on screen"): a hidden view has
    // none, and QTableView then measures every row below the top one.
    int fitSampleRows() const;
    void setFitColumnsOnLoad(bool on) { m_fitOnLoad = on; }

    bool isFollowing() const;
    void setFollowing(bool on);
    void setPaused(bool on);
    // The selected rows as tab-separated text (header first) on the clipboard.
    void copySelection() const;
    QString selectionAsText() const;
    // The record of the current row, nullopt when none.
    std::optional<EventRecord> currentRecord() const;
    void selectEvent(qint64 eventId);

Q_SIGNALS:
    void currentEventChanged(const EventRecord &record);
    void currentEventCleared();
    // Emitted synchronously before a row's context menu opens, so the owner
    // can add actions about that record (filter on this customer ...).
    void rowMenuAboutToShow(QMenu *menu, const EventRecord &record);

private:
    // The follow and pause actions, before the tool row shows them.
    void makeActions();
    void buildToolRow(QVBoxLayout *layout);
    void setUpView();
    void onRowsAppended();
    void onCurrentRowChanged();
    void onUserScrolled();
    void showRowMenu(const QPoint &pos);
    void updateCounts();
    // The row window: the pane's scroll bar follows the view's, and the
    // window moves when the view comes near one of its ends.
    void syncScrollBar();
    void onViewScrolled();
    void showTopRow(int row);
    void moveWindow(int start);
    bool eventFilter(QObject *watched, QEvent *event) override;

    EventTableModel *m_model = nullptr;
    RowWindowModel *m_window = nullptr;
    QTableView *m_view = nullptr;
    QScrollBar *m_bar = nullptr;
    QAction *m_follow = nullptr;
    QAction *m_pause = nullptr;
    SteadyLabel *m_countLabel = nullptr;
    SteadyLabel *m_pendingLabel = nullptr;
    QLabel *m_errorLabel = nullptr;
    QAction *m_milliseconds = nullptr;
    qint64 m_lastEmittedId = -1;
    bool m_fitOnLoad = true;
    // Set while the pane moves the window or sets one scroll bar from the
    // other: the current row it drops or restores is not the user's choice.
    bool m_syncing = false;
    bool m_recentrePending = false;
};
