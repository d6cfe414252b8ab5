#pragma once

#include <QSet>
#include <QWidget>

class AppendFeed;
class ConversationModel;
class ThumbnailLoader;
class QLabel;
class QTextBrowser;
class QTimer;
struct EventRecord;

// The transcript of the selected message's chat session (or of a customer
// across sessions): customer on the left, agents on the right. Rebuilt from
// ConversationModel at most once per event-loop turn, never in paint code.
class ConversationPane final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConversationPane)

public:
    explicit ConversationPane(QWidget *parent = nullptr);
    ~ConversationPane() override;

    bool openStore(const QString &path, QString *error = nullptr);
    void closeStore();
    // The receiver's coalesced commits, handed to the model once.
    void setFeed(AppendFeed *feed);

    // A message shows its session with the message marked; a customer event
    // shows the customer's messages.
    void showRecord(const EventRecord &record);
    void showCustomer(const QString &chatUserId);
    void clear();

    // The "Load remote images" setting (default on): verified image
    // messages show a thumbnail fetched on demand, others a "Load image"
    // link; off, image messages are links only.
    void setLoadRemoteImages(bool on);
    bool loadRemoteImages() const { return m_loadImages; }
    ThumbnailLoader *thumbnails() const { return m_thumbnails; }

    ConversationModel *model() const { return m_model; }
    QTextBrowser *browser() const { return m_browser; }
    QString transcriptText() const;
    QString titleText() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void scheduleRebuild();
    void rebuild();
    void openLink(const QUrl &url);

    ConversationModel *m_model = nullptr;
    QLabel *m_title = nullptr;
    QTextBrowser *m_browser = nullptr;
    QTimer *m_rebuildTimer = nullptr;
    ThumbnailLoader *m_thumbnails = nullptr;
    bool m_loadImages = true;
    QSet<qint64> m_requestedImages; // "Load image" clicked (unverified events)
    qint64 m_highlightId = 0;
    bool m_scrollToHighlight = false;
};
