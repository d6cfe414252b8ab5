#include "panes/conversationpane.h"

#include "guilog.h"
#include "models/conversationmodel.h"
#include "paint/conversationhtml.h"
#include "paint/thumbnailloader.h"
#include "records/channelcatalog.h"
#include "records/eventrecord.h"

#include <QDesktopServices>
#include <QEvent>
#include <QLabel>
#include <QScrollBar>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

namespace {

// The transcript's only resources are the thumbnails in the loader: no
// image, style sheet or file named by the HTML is ever read from elsewhere.
class TranscriptBrowser final : public QTextBrowser {
public:
    TranscriptBrowser(ThumbnailLoader *thumbnails, QWidget *parent)
        : QTextBrowser(parent)
        , m_thumbnails(thumbnails)
    {
    }

    QVariant loadResource(int type, const QUrl &name) override
    {
        if (type == QTextDocument::ImageResource &&
            name.scheme() == ThumbnailLoader::kResourceScheme) {
            const QImage image = m_thumbnails->resource(name);
            if (!image.isNull())
                return image;
        }
        return {};
    }

private:
    ThumbnailLoader *m_thumbnails;
};

} // namespace

ConversationPane::ConversationPane(QWidget *parent)
    : QWidget(parent)
    , m_model(new ConversationModel(this))
    , m_title(new QLabel(this))
    , m_rebuildTimer(new QTimer(this))
    , m_thumbnails(new ThumbnailLoader(this))
{
    m_browser = new TranscriptBrowser(m_thumbnails, this);
    setObjectName(QStringLiteral("conversationPane"));
    m_title->setObjectName(QStringLiteral("conversationTitle"));
    m_title->setContentsMargins(6, 4, 6, 2);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_browser->setObjectName(QStringLiteral("transcript"));
    m_browser->setOpenLinks(false);
    m_browser->setFrameShape(QFrame::NoFrame);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_title);
    layout->addWidget(m_browser, 1);

    m_rebuildTimer->setSingleShot(true);
    m_rebuildTimer->setInterval(0);
    connect(m_rebuildTimer, &QTimer::timeout, this, &ConversationPane::rebuild);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ConversationPane::scheduleRebuild);
    connect(m_model, &QAbstractItemModel::layoutChanged, this, &ConversationPane::scheduleRebuild);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &ConversationPane::scheduleRebuild);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &ConversationPane::scheduleRebuild);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &ConversationPane::scheduleRebuild);
    connect(m_browser, &QTextBrowser::anchorClicked, this, &ConversationPane::openLink);
    connect(m_thumbnails, &ThumbnailLoader::finished, this, &ConversationPane::scheduleRebuild);
    rebuild();
}

ConversationPane::~ConversationPane() = default;

bool ConversationPane::openStore(const QString &path, QString *error)
{
    const bool ok = m_model->openStore(path, error);
    scheduleRebuild();
    return ok;
}

void ConversationPane::closeStore()
{
    m_model->closeStore();
    scheduleRebuild();
}

void ConversationPane::setFeed(AppendFeed *feed)
{
    m_model->setFeed(feed);
}

void ConversationPane::setLoadRemoteImages(bool on)
{
    if (m_loadImages == on)
        return;
    m_loadImages = on;
    scheduleRebuild();
}

void ConversationPane::showRecord(const EventRecord &record)
{
    m_highlightId = record.id;
    m_scrollToHighlight = true;
    if (record.kind == EventKind::Message && !record.chatSessionId.isEmpty())
        m_model->showSession(record.chatSessionId, record.chatUserId);
    else
        m_model->showSession(QString(), record.chatUserId);
    scheduleRebuild();
}

void ConversationPane::showCustomer(const QString &chatUserId)
{
    m_highlightId = 0;
    m_scrollToHighlight = false;
    m_model->showSession(QString(), chatUserId);
    scheduleRebuild();
}

void ConversationPane::clear()
{
    m_highlightId = 0;
    m_model->showSession(QString(), QString());
    scheduleRebuild();
}

QString ConversationPane::transcriptText() const
{
    return m_browser->toPlainText();
}

QString ConversationPane::titleText() const
{
    return m_title->text();
}

void ConversationPane::changeEvent(QEvent *event)
{
    // Bubble colours are baked into the HTML: a new palette needs new HTML.
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        scheduleRebuild();
    QWidget::changeEvent(event);
}

void ConversationPane::scheduleRebuild()
{
    m_rebuildTimer->start();
}

void ConversationPane::rebuild()
{
    const QScrollBar *bar = m_browser->verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum() - 4;
    const int scrolled = bar->value();
    const int rows = m_model->rowCount();
    const QString session = m_model->sessionId();
    const QString user = m_model->chatUserId();
    const QString who = user.isEmpty() ? QString() : m_model->customerName(user);
    QString channel;
    if (rows > 0) {
        channel = ChannelCatalog::name(
            m_model->index(rows - 1, 0).data(ConversationModel::ChannelRole).toInt());
    }
    const QString count = rows == 1 ? tr("1 message") : tr("%1 messages").arg(rows);
    if (!session.isEmpty()) {
        m_title->setText(
            tr("Session %1 · customer %2 · %3 · %4").arg(session, who, channel, count));
    } else if (!user.isEmpty()) {
        m_title->setText(tr("Customer %1 · all sessions · %2").arg(who, count));
    } else {
        m_title->setText(tr("Conversation"));
    }
    const QString empty = user.isEmpty() && session.isEmpty()
                              ? tr("Select a message or a customer to see the conversation.")
                              : tr("No messages in this conversation yet.");
    ConversationHtml::Images images;
    images.loader = m_thumbnails;
    images.autoLoad = m_loadImages;
    images.requested = m_requestedImages;
    m_browser->setHtml(ConversationHtml::build(*m_model, palette(), m_highlightId, empty, &images));
    if (m_scrollToHighlight && m_highlightId > 0 && rows > 0) {
        m_browser->scrollToAnchor(ConversationHtml::anchorFor(m_highlightId));
        m_scrollToHighlight = false;
    } else if (atEnd || m_scrollToHighlight) {
        m_browser->verticalScrollBar()->setValue(m_browser->verticalScrollBar()->maximum());
    } else {
        // A thumbnail arriving or a rename keeps the reader's place.
        m_browser->verticalScrollBar()->setValue(scrolled);
    }
}

void ConversationPane::openLink(const QUrl &url)
{
    if (const qint64 id = ConversationHtml::loadImageEventId(url)) {
        m_requestedImages.insert(id);
        scheduleRebuild();
        return;
    }
    // Only web links from payloads are opened; anything else could run a
    // local handler the sender chose.
    if (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"))
        QDesktopServices::openUrl(url);
    else
        qCInfo(lcGui) << "not opening link with scheme" << url.scheme();
}
