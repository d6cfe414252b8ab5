#pragma once

#include <QWidget>

class AppendFeed;
class ChannelModel;
class QListView;
class QSplitter;

// The channels pane: "All channels" and every channel with icon, unread
// count, recency and sparkline; selecting one scopes the other panes. A
// footer widget (the saved filters) sits below the list.
class ChannelsPane final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChannelsPane)

public:
    explicit ChannelsPane(QWidget *parent = nullptr);
    ~ChannelsPane() override;

    bool openStore(const QString &path, QString *error = nullptr);
    void closeStore();
    // The receiver's coalesced commits, handed to the model once.
    void setFeed(AppendFeed *feed);

    // The channel shown, or the one asked for (selectChannel(), or picked
    // by the user) when a large store has not listed it yet.
    int selectedChannel() const { return m_wanted; }
    // Selects the row of `code` (All channels when it is not listed).
    void selectChannel(int code);
    void setFooter(QWidget *footer);
    ChannelModel *model() const { return m_model; }
    QListView *view() const { return m_view; }
    QSplitter *splitter() const { return m_splitter; }

Q_SIGNALS:
    void channelSelected(int code);

private:
    void onCurrentChanged();
    void showWanted();
    void markSelectedRead();

    ChannelModel *m_model = nullptr;
    QListView *m_view = nullptr;
    QSplitter *m_splitter = nullptr;
    int m_selected = -2; // ChannelModel::kAllChannels
    int m_wanted = -2;
    bool m_restoring = false; // the selection is set by the pane, not the user
};
