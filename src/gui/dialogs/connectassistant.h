#pragma once

#include "dialogs/webhookurl.h"
#include "ingest/receiverconfig.h"

#include <QList>
#include <QWizard>

#include <functional>

class ConnectKeyPage;
class ConnectProxyPage;
class ConnectReachablePage;
class ConnectTeamPage;
class ConnectWayPage;

// "Connect SaleSmartly" (Help menu, and once on the first run): a few plain
// pages on the Max plan, the webhook key (HookScope's secret), and the three
// ways SaleSmartly's servers can reach the receiver, each setting HookScope
// up for it (docs/connect-salesmartly.md). The way's page is a commit page:
// its Apply hands the choice to the caller's Apply function (the settings
// dialog's path: save, restart the receiver), and the live check that the
// caller adds follows. Cancel before Apply changes nothing.
class ConnectAssistant final : public QWizard {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectAssistant)

public:
    enum PageId { IntroPage, KeyPage, WayPage, ReachablePage, ProxyPage, TeamPage, CheckPage };
    enum class Way { Reachable, Proxy, Team };

    // An address the receiver can listen on, as offered in the list.
    struct ListenChoice {
        QString address;
        QString label;
    };
    // What the assistant starts from.
    struct Context {
        ReceiverConfig config;             // in effect now, secret included
        quint16 actualPort = 0;            // the port listened on (0: not listening)
        QString publicUrl;                 // Settings::publicUrl()
        QString secretFile;                // where the secret is kept
        HostFacts host;                    // for the URL shown when listening on all interfaces
        QList<ListenChoice> listenChoices; // empty: listenChoicesOfThisMachine()
    };
    // What Apply saves.
    struct Choice {
        Way way = Way::Reachable;
        ReceiverConfig config;
        QString publicUrl;
    };
    using Apply = std::function<bool(const Choice &)>;

    explicit ConnectAssistant(const Context &context, QWidget *parent = nullptr);
    ~ConnectAssistant() override;

    // 0.0.0.0 (all interfaces), 127.0.0.1, then every address of an
    // interface that is up, from QNetworkInterface.
    static QList<ListenChoice> listenChoicesOfThisMachine();

    // The live check, shown after Apply (it owns the page).
    void setCheckPage(QWizardPage *page);
    void setApply(Apply apply) { m_apply = std::move(apply); }
    Choice choice() const;
    bool isApplied() const { return m_applied; }
    const Context &context() const { return m_context; }

    ConnectKeyPage *keyPage() const { return m_key; }
    ConnectWayPage *wayPage() const { return m_way; }
    ConnectReachablePage *reachablePage() const { return m_reachable; }
    ConnectProxyPage *proxyPage() const { return m_proxy; }
    ConnectTeamPage *teamPage() const { return m_team; }

    int nextId() const override;

protected:
    bool validateCurrentPage() override;

private:
    Context m_context;
    Apply m_apply;
    bool m_applied = false;
    bool m_hasCheck = false;
    ConnectKeyPage *m_key = nullptr;
    ConnectWayPage *m_way = nullptr;
    ConnectReachablePage *m_reachable = nullptr;
    ConnectProxyPage *m_proxy = nullptr;
    ConnectTeamPage *m_team = nullptr;
};
