#pragma once

#include "records/eventrecord.h"

#include <QWidget>

#include <optional>

class AppendFeed;
class EventTableModel;
class QAction;
class QLabel;
class QMenu;
class QTableView;
class QVBoxLayout;

// The message stream: a sortable table of events like a log viewer, with
// "follow newest" (keep the newest row in view) and pause (new rows are
// counted, not inserted).
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
    QTableView *view() const { return m_view; }
    QAction *followAction() const { return m_follow; }
    QAction *pauseAction() const { return m_pause; }
    // Times to the millisecond (checkable; the window keeps it in Settings).
    QAction *millisecondsAction() const { return m_milliseconds; }
    void setShowMilliseconds(bool on);
    // Columns as wide as their values, the text taking the rest; done by
    // itself once, on the first rows, unless the window restored a saved
    // header (setFitColumnsOnLoad(false)).
    void fitColumnsToContents();
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

    EventTableModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    QAction *m_follow = nullptr;
    QAction *m_pause = nullptr;
    QLabel *m_countLabel = nullptr;
    QLabel *m_pendingLabel = nullptr;
    QLabel *m_errorLabel = nullptr;
    QAction *m_milliseconds = nullptr;
    qint64 m_lastEmittedId = -1;
    bool m_fitOnLoad = true;
};
