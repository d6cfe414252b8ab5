#include "dialogs/connectassistant.h"

#include "dialogs/connectassistantpages.h"
#include "dialogs/connectassistantways.h"

#include <QHostAddress>
#include <QMessageBox>
#include <QNetworkInterface>

namespace {

// Where to start: a public URL means a proxy or tunnel; a listener beyond
// loopback means this machine is reachable; else a tunnel is the easy way.
ConnectAssistant::Way initialWay(const ConnectAssistant::Context &context)
{
    if (!context.publicUrl.isEmpty())
        return ConnectAssistant::Way::Proxy;
    const QHostAddress host(context.config.host);
    if (WebhookUrl::isWildcard(context.config.host) || (!host.isNull() && !host.isLoopback()))
        return ConnectAssistant::Way::Reachable;
    return ConnectAssistant::Way::Proxy;
}

} // namespace

ConnectAssistant::ConnectAssistant(const Context &context, QWidget *parent)
    : QWizard(parent)
    , m_context(context)
{
    setObjectName(QStringLiteral("connectAssistant"));
    setWindowTitle(tr("Connect SaleSmartly"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    setButtonText(QWizard::CommitButton, tr("&Apply"));
    if (m_context.listenChoices.isEmpty())
        m_context.listenChoices = listenChoicesOfThisMachine();
    m_key = new ConnectKeyPage(m_context.config.secret, m_context.secretFile, this);
    m_way = new ConnectWayPage(initialWay(m_context), this);
    m_reachable = new ConnectReachablePage(m_context, this);
    m_proxy = new ConnectProxyPage(m_context, this);
    m_team = new ConnectTeamPage(m_context, this);
    setPage(IntroPage, new ConnectIntroPage(this));
    setPage(KeyPage, m_key);
    setPage(WayPage, m_way);
    setPage(ReachablePage, m_reachable);
    setPage(ProxyPage, m_proxy);
    setPage(TeamPage, m_team);
    setStartId(IntroPage);
    resize(720, 560);
}

ConnectAssistant::~ConnectAssistant() = default;

QList<ConnectAssistant::ListenChoice> ConnectAssistant::listenChoicesOfThisMachine()
{
    QList<ListenChoice> choices{
        {QStringLiteral("0.0.0.0"), tr("All interfaces (0.0.0.0)")},
        {QStringLiteral("127.0.0.1"), tr("This machine only (127.0.0.1)")},
    };
    const auto interfaces = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface &iface : interfaces) {
        if (!iface.flags().testFlag(QNetworkInterface::IsUp) ||
            iface.flags().testFlag(QNetworkInterface::IsLoopBack))
            continue;
        const auto entries = iface.addressEntries();
        for (const QNetworkAddressEntry &entry : entries) {
            QHostAddress ip = entry.ip();
            if (ip.isLoopback() || ip.isLinkLocal())
                continue;
            ip.setScopeId(QString());
            choices.append({ip.toString(),
                            tr("%1 (%2)").arg(ip.toString(), iface.humanReadableName().left(64))});
            if (choices.size() >= 34)
                return choices; // a machine with hundreds of addresses: the first ones
        }
    }
    return choices;
}

void ConnectAssistant::setCheckPage(QWizardPage *page)
{
    setPage(CheckPage, page);
    m_hasCheck = true;
    m_reachable->setCommitPage(true);
    m_proxy->setCommitPage(true);
}

ConnectAssistant::Choice ConnectAssistant::choice() const
{
    Choice c;
    c.way = m_way->way();
    c.config = m_context.config;
    c.config.secret = m_key->key();
    c.publicUrl = m_context.publicUrl;
    switch (c.way) {
    case Way::Reachable:
        m_reachable->apply(&c);
        break;
    case Way::Proxy:
        m_proxy->apply(&c);
        break;
    case Way::Team:
        break; // this window keeps its receiver; the key is saved for the server
    }
    return c;
}

int ConnectAssistant::nextId() const
{
    switch (currentId()) {
    case IntroPage:
        return KeyPage;
    case KeyPage:
        return WayPage;
    case WayPage:
        switch (m_way->way()) {
        case Way::Reachable:
            return ReachablePage;
        case Way::Proxy:
            return ProxyPage;
        case Way::Team:
            return TeamPage;
        }
        return -1;
    case ReachablePage:
    case ProxyPage:
        return m_hasCheck ? CheckPage : -1;
    default:
        return -1;
    }
}

bool ConnectAssistant::validateCurrentPage()
{
    if (!QWizard::validateCurrentPage())
        return false;
    const int id = currentId();
    if (id != ReachablePage && id != ProxyPage && id != TeamPage)
        return true;
    if (m_apply && !m_apply(choice()))
        return false; // the apply function said why
    m_applied = true;
    return true;
}
