#include "dialogs/notificationspage.h"

#include "records/channelcatalog.h"
#include "ui_notificationspage.h"

#include <QListWidgetItem>

#include <algorithm>

namespace {

constexpr int kCodeRole = Qt::UserRole + 1;
constexpr int kMaxKeywords = 50; // as NotificationRules keeps
constexpr int kMaxKeywordLength = 100;
constexpr int kMaxListedChannels = 500; // a store with absurd codes lists no more

} // namespace

NotificationsPage::NotificationsPage(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::NotificationsPage>())
{
    m_ui->setupUi(this);
    connect(m_ui->messagesBox, &QCheckBox::toggled, this, &NotificationsPage::updateEnabled);
    connect(m_ui->closeToTrayBox, &QCheckBox::clicked, this,
            [this] { m_closeToTrayTouched = true; });
    load(Settings::Notifications(), {});
}

NotificationsPage::~NotificationsPage() = default;

void NotificationsPage::load(const Settings::Notifications &n, const QList<int> &seenChannels,
                             std::optional<bool> closeToTray, bool trayAvailable)
{
    m_loaded = n;
    m_loadedCloseToTray = closeToTray;
    m_closeToTrayTouched = false;
    m_ui->messagesBox->setChecked(n.messages);
    QList<int> codes;
    for (const ChannelCatalog::Channel &c : ChannelCatalog::documented())
        codes.append(c.code);
    for (const QList<int> *more : {&seenChannels, &n.mutedChannels}) {
        for (const int code : *more) {
            if (!codes.contains(code) && codes.size() < kMaxListedChannels)
                codes.append(code);
        }
    }
    std::sort(codes.begin(), codes.end());
    m_ui->channelList->clear();
    for (const int code : std::as_const(codes)) {
        auto *item = new QListWidgetItem(ChannelCatalog::name(code), m_ui->channelList);
        item->setData(kCodeRole, code);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
        item->setCheckState(n.mutedChannels.contains(code) ? Qt::Unchecked : Qt::Checked);
    }
    m_ui->keywordsEdit->setPlainText(n.keywords.join(u'\n'));
    m_ui->receiverBox->setChecked(n.receiverProblems);
    m_ui->burstsBox->setChecked(n.refusalBursts);
    m_ui->storeBox->setChecked(n.storeProblems);
    m_ui->doNotDisturbBox->setChecked(n.doNotDisturb);
    m_ui->closeToTrayBox->setChecked(closeToTray.value_or(false));
    m_ui->closeToTrayBox->setEnabled(trayAvailable);
    m_ui->trayMissingLabel->setVisible(!trayAvailable);
    updateEnabled();
}

Settings::Notifications NotificationsPage::result() const
{
    Settings::Notifications n = m_loaded;
    n.messages = m_ui->messagesBox->isChecked();
    n.mutedChannels.clear();
    for (int row = 0; row < m_ui->channelList->count(); ++row) {
        const QListWidgetItem *item = m_ui->channelList->item(row);
        if (item->checkState() != Qt::Checked)
            n.mutedChannels.append(item->data(kCodeRole).toInt());
    }
    n.keywords.clear();
    const QStringList lines = m_ui->keywordsEdit->toPlainText().split(u'\n');
    for (const QString &line : lines) {
        const QString keyword = line.simplified().left(kMaxKeywordLength);
        if (!keyword.isEmpty() && !n.keywords.contains(keyword, Qt::CaseInsensitive))
            n.keywords.append(keyword);
        if (n.keywords.size() >= kMaxKeywords)
            break;
    }
    n.receiverProblems = m_ui->receiverBox->isChecked();
    n.refusalBursts = m_ui->burstsBox->isChecked();
    n.storeProblems = m_ui->storeBox->isChecked();
    n.doNotDisturb = m_ui->doNotDisturbBox->isChecked();
    return n;
}

std::optional<bool> NotificationsPage::closeToTray() const
{
    if (!m_loadedCloseToTray && !m_closeToTrayTouched)
        return std::nullopt;
    return m_ui->closeToTrayBox->isChecked();
}

void NotificationsPage::loadFrom(const Settings &settings, const QList<int> &seenChannels,
                                 bool trayAvailable)
{
    load(settings.notifications(), seenChannels, settings.closeToTray(), trayAvailable);
}

void NotificationsPage::saveTo(Settings &settings) const
{
    settings.setNotifications(result());
    if (const std::optional<bool> close = closeToTray())
        settings.setCloseToTray(*close);
}

void NotificationsPage::updateEnabled()
{
    m_ui->channelList->setEnabled(m_ui->messagesBox->isChecked());
    m_ui->channelsLabel->setEnabled(m_ui->messagesBox->isChecked());
}
