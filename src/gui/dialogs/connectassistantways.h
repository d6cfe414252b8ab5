#pragma once

#include "dialogs/connectassistant.h"
#include "dialogs/connectassistantsnippets.h"

#include <QWizardPage>

#include <memory>

namespace Ui {
class ConnectAssistantReachable;
class ConnectAssistantProxy;
class ConnectAssistantTeam;
} // namespace Ui

// The pages of the three ways. Each turns the configuration in effect into
// the one for its way (apply()); none of them saves anything.

// (a) This machine is reachable: interface, port, optional TLS files.
class ConnectReachablePage final : public QWizardPage {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectReachablePage)

public:
    static constexpr qint64 kMaxPemBytes = 1024 * 1024;

    explicit ConnectReachablePage(const ConnectAssistant::Context &context,
                                  QWidget *parent = nullptr);
    ~ConnectReachablePage() override;

    void apply(ConnectAssistant::Choice *choice) const;
    QString url() const;
    QString errorText() const;
    void setListen(const QString &address, quint16 port);
    void setTlsFiles(const QString &cert, const QString &key);
    bool validatePage() override;

    // Why a TLS file cannot be used, or empty when it can be read.
    static QString pemFileProblem(const QString &path);

private:
    void update();
    void browse(bool certificate);

    const ConnectAssistant::Context &m_context;
    std::unique_ptr<Ui::ConnectAssistantReachable> m_ui;
};

// (b) Behind a reverse proxy or a tunnel: the public URL, the snippets.
class ConnectProxyPage final : public QWizardPage {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectProxyPage)

public:
    enum Snippet { Nginx, Caddy, Cloudflared, Ngrok };

    explicit ConnectProxyPage(const ConnectAssistant::Context &context, QWidget *parent = nullptr);
    ~ConnectProxyPage() override;

    void apply(ConnectAssistant::Choice *choice) const;
    void setPublicUrl(const QString &text);
    // The public URL as it will be saved (a bare host gets the webhook path).
    QString publicUrl() const;
    // Why the public URL cannot be used, a reminder about its path, or the
    // URL to paste into SaleSmartly.
    QString noteText() const;
    void showSnippet(Snippet snippet);
    QString snippetText() const;
    bool isComplete() const override;

private:
    void update();
    ConnectSnippets snippets() const;

    const ConnectAssistant::Context &m_context;
    std::unique_ptr<Ui::ConnectAssistantProxy> m_ui;
};

// (c) A team server: hookscope-cli serve and its user service, as text.
class ConnectTeamPage final : public QWizardPage {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectTeamPage)

public:
    explicit ConnectTeamPage(const ConnectAssistant::Context &context, QWidget *parent = nullptr);
    ~ConnectTeamPage() override;

    QString commandsText() const;

private:
    std::unique_ptr<Ui::ConnectAssistantTeam> m_ui;
};
