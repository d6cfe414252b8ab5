#include "dialogs/connectassistantways.h"

#include "ui_connectassistantproxy.h"
#include "ui_connectassistantreachable.h"
#include "ui_connectassistantteam.h"

#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHostAddress>
#include <QUrl>

namespace {

const QString kLoopback = QStringLiteral("127.0.0.1");

// The port the receiver uses: the configured one, or the one it listens on
// when the configuration says "any free port" (0).
quint16 realPort(const ConnectAssistant::Context &context)
{
    if (context.config.port != 0)
        return context.config.port;
    return context.actualPort != 0 ? context.actualPort : ReceiverConfig::kDefaultPort;
}

bool isLoopbackHost(const QString &host)
{
    const QHostAddress address(host);
    return host == QLatin1String("localhost") || (!address.isNull() && address.isLoopback());
}

} // namespace

// ---- (a) this machine is reachable

ConnectReachablePage::ConnectReachablePage(const ConnectAssistant::Context &context,
                                           QWidget *parent)
    : QWizardPage(parent)
    , m_context(context)
    , m_ui(std::make_unique<Ui::ConnectAssistantReachable>())
{
    m_ui->setupUi(this);
    for (const ConnectAssistant::ListenChoice &choice : m_context.listenChoices)
        m_ui->interfaceCombo->addItem(choice.label, choice.address);
    m_ui->portSpin->setValue(realPort(m_context));
    m_ui->certEdit->setText(m_context.config.tlsCertPath);
    m_ui->tlsKeyEdit->setText(m_context.config.tlsKeyPath);
    // Listening on loopback only cannot be reached: start from all interfaces.
    const QString host =
        isLoopbackHost(m_context.config.host) ? QStringLiteral("0.0.0.0") : m_context.config.host;
    setListen(host, realPort(m_context));
    connect(m_ui->interfaceCombo, &QComboBox::currentIndexChanged, this,
            &ConnectReachablePage::update);
    connect(m_ui->portSpin, &QSpinBox::valueChanged, this, &ConnectReachablePage::update);
    connect(m_ui->certEdit, &QLineEdit::textChanged, this, &ConnectReachablePage::update);
    connect(m_ui->tlsKeyEdit, &QLineEdit::textChanged, this, &ConnectReachablePage::update);
    connect(m_ui->certBrowse, &QPushButton::clicked, this, [this] { browse(true); });
    connect(m_ui->tlsKeyBrowse, &QPushButton::clicked, this, [this] { browse(false); });
    connect(m_ui->reachableCopyUrl, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(url()); });
    update();
}

ConnectReachablePage::~ConnectReachablePage() = default;

void ConnectReachablePage::setListen(const QString &address, quint16 port)
{
    int index = m_ui->interfaceCombo->findData(address);
    if (index < 0) {
        m_ui->interfaceCombo->addItem(address, address);
        index = m_ui->interfaceCombo->count() - 1;
    }
    m_ui->interfaceCombo->setCurrentIndex(index);
    m_ui->portSpin->setValue(port);
}

void ConnectReachablePage::setTlsFiles(const QString &cert, const QString &key)
{
    m_ui->certEdit->setText(cert);
    m_ui->tlsKeyEdit->setText(key);
}

void ConnectReachablePage::apply(ConnectAssistant::Choice *choice) const
{
    choice->config.host = m_ui->interfaceCombo->currentData().toString();
    choice->config.port = static_cast<quint16>(m_ui->portSpin->value());
    choice->config.tlsCertPath = m_ui->certEdit->text().trimmed();
    choice->config.tlsKeyPath = m_ui->tlsKeyEdit->text().trimmed();
    choice->publicUrl.clear(); // the URL is this machine's own
}

QString ConnectReachablePage::url() const
{
    ConnectAssistant::Choice choice;
    choice.config = m_context.config;
    apply(&choice);
    return WebhookUrl::shown(choice.config, choice.config.port, QString(), m_context.host);
}

QString ConnectReachablePage::errorText() const
{
    return m_ui->reachableError->text();
}

QString ConnectReachablePage::pemFileProblem(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return tr("%1 cannot be read: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    if (file.size() > kMaxPemBytes)
        return tr("%1 is too large for a PEM file.").arg(QDir::toNativeSeparators(path));
    return QString();
}

bool ConnectReachablePage::validatePage()
{
    const QString cert = m_ui->certEdit->text().trimmed();
    const QString key = m_ui->tlsKeyEdit->text().trimmed();
    QString problem;
    if (cert.isEmpty() != key.isEmpty())
        problem = tr("Give both the certificate and its private key, or neither.");
    else if (!cert.isEmpty())
        problem = pemFileProblem(cert);
    if (problem.isEmpty() && !key.isEmpty())
        problem = pemFileProblem(key);
    m_ui->reachableError->setText(problem);
    m_ui->reachableError->setVisible(!problem.isEmpty());
    return problem.isEmpty();
}

void ConnectReachablePage::update()
{
    m_ui->reachableUrlEdit->setText(url());
    const QString host = m_ui->interfaceCombo->currentData().toString();
    QString note;
    if (WebhookUrl::isWildcard(host))
        note = tr("HookScope listens on every interface. If SaleSmartly reaches this machine "
                  "through a router, forward port %1 to it and use the router's public address "
                  "instead.")
                   .arg(m_ui->portSpin->value());
    else if (isLoopbackHost(host))
        note = tr("127.0.0.1 cannot be reached from other machines: choose another address, or "
                  "go back and choose a reverse proxy or a tunnel.");
    m_ui->reachableUrlNote->setText(note);
    m_ui->reachableUrlNote->setVisible(!note.isEmpty());
    m_ui->reachableError->setVisible(!m_ui->reachableError->text().isEmpty());
}

void ConnectReachablePage::browse(bool certificate)
{
    QLineEdit *edit = certificate ? m_ui->certEdit : m_ui->tlsKeyEdit;
    const QString path = QFileDialog::getOpenFileName(
        this, certificate ? tr("TLS Certificate") : tr("TLS Private Key"),
        QFileInfo(edit->text()).absolutePath(), tr("PEM files (*.pem *.crt *.key);;All files (*)"));
    if (!path.isEmpty())
        edit->setText(path);
}

// ---- (b) behind a reverse proxy or a tunnel

ConnectProxyPage::ConnectProxyPage(const ConnectAssistant::Context &context, QWidget *parent)
    : QWizardPage(parent)
    , m_context(context)
    , m_ui(std::make_unique<Ui::ConnectAssistantProxy>())
{
    m_ui->setupUi(this);
    m_ui->snippetChoice->addItem(tr("nginx"), Nginx);
    m_ui->snippetChoice->addItem(tr("Caddy"), Caddy);
    m_ui->snippetChoice->addItem(tr("cloudflared (tunnel)"), Cloudflared);
    m_ui->snippetChoice->addItem(tr("ngrok (tunnel)"), Ngrok);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_ui->snippetText->setFont(mono);
    m_ui->publicEdit->setText(m_context.publicUrl);
    m_ui->trustProxy->setChecked(true);
    connect(m_ui->publicEdit, &QLineEdit::textChanged, this, &ConnectProxyPage::update);
    connect(m_ui->snippetChoice, &QComboBox::currentIndexChanged, this, &ConnectProxyPage::update);
    connect(m_ui->copySnippet, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(snippetText()); });
    update();
}

ConnectProxyPage::~ConnectProxyPage() = default;

void ConnectProxyPage::setPublicUrl(const QString &text)
{
    m_ui->publicEdit->setText(text);
}

QString ConnectProxyPage::publicUrl() const
{
    QString ignored;
    const std::optional<QString> checked =
        WebhookUrl::checkPublic(m_ui->publicEdit->text(), &ignored);
    if (!checked || checked->isEmpty())
        return QString();
    QUrl url(*checked);
    // A tunnel prints a bare https://name: the receiver's path goes after it.
    if (url.path().isEmpty() || url.path() == QLatin1String("/"))
        url.setPath(ReceiverConfig::normalisedPath(m_context.config.path));
    return url.toString(QUrl::FullyEncoded);
}

QString ConnectProxyPage::noteText() const
{
    return m_ui->publicError->text();
}

void ConnectProxyPage::showSnippet(Snippet snippet)
{
    m_ui->snippetChoice->setCurrentIndex(m_ui->snippetChoice->findData(snippet));
}

QString ConnectProxyPage::snippetText() const
{
    return m_ui->snippetText->toPlainText();
}

bool ConnectProxyPage::isComplete() const
{
    return !publicUrl().isEmpty();
}

void ConnectProxyPage::apply(ConnectAssistant::Choice *choice) const
{
    ReceiverConfig &c = choice->config;
    if (!isLoopbackHost(c.host))
        c.host = kLoopback; // only the proxy or tunnel talks to the receiver
    c.port = realPort(m_context);
    c.tlsCertPath.clear(); // the proxy or tunnel answers HTTPS
    c.tlsKeyPath.clear();
    c.trustedProxies.removeAll(kLoopback);
    if (m_ui->trustProxy->isChecked())
        c.trustedProxies.append(kLoopback);
    choice->publicUrl = publicUrl();
}

ConnectSnippets ConnectProxyPage::snippets() const
{
    ConnectSnippets s;
    s.port = realPort(m_context);
    s.path = ReceiverConfig::normalisedPath(m_context.config.path);
    s.maxBodyBytes = m_context.config.maxBodyBytes;
    s.secretFile = m_context.secretFile;
    const QUrl url(publicUrl());
    s.publicHost = url.host();
    return s;
}

void ConnectProxyPage::update()
{
    QString error;
    const QString text = m_ui->publicEdit->text().trimmed();
    if (text.isEmpty())
        error = tr("Paste the public address of your proxy or tunnel, for example "
                   "https://hooks.example.com%1.")
                    .arg(ReceiverConfig::normalisedPath(m_context.config.path));
    else
        WebhookUrl::checkPublic(text, &error);
    const QString path = ReceiverConfig::normalisedPath(m_context.config.path);
    if (error.isEmpty() && QUrl(publicUrl()).path() != path)
        error = tr("HookScope receives at %1: make sure the proxy passes this URL on to that "
                   "path.")
                    .arg(path);
    else if (error.isEmpty())
        error = tr("The URL to paste into SaleSmartly: %1").arg(publicUrl());
    m_ui->publicError->setText(error); // or the URL to paste
    m_ui->publicError->setVisible(!error.isEmpty());

    const ConnectSnippets s = snippets();
    QString snippet;
    QString note;
    switch (m_ui->snippetChoice->currentData().toInt()) {
    case Nginx:
        snippet = s.nginx();
        note = tr("A server block for nginx: put in your host name and certificate paths, then "
                  "reload nginx.");
        break;
    case Caddy:
        snippet = s.caddy();
        note = tr("For the Caddyfile. Caddy obtains and renews the certificate by itself.");
        break;
    case Cloudflared:
        snippet = s.cloudflared();
        note = tr("Run this on this machine. It prints a public https:// address: paste it above "
                  "(HookScope adds %1 when the address has no path).")
                   .arg(path);
        break;
    case Ngrok:
        snippet = s.ngrok();
        note = tr("Run this on this machine. It prints a public https:// address: paste it above "
                  "(HookScope adds %1 when the address has no path).")
                   .arg(path);
        break;
    default:
        break;
    }
    m_ui->snippetText->setPlainText(snippet);
    m_ui->snippetNote->setText(note);
    Q_EMIT completeChanged();
}

// ---- (c) a team server

ConnectTeamPage::ConnectTeamPage(const ConnectAssistant::Context &context, QWidget *parent)
    : QWizardPage(parent)
    , m_ui(std::make_unique<Ui::ConnectAssistantTeam>())
{
    m_ui->setupUi(this);
    ConnectSnippets s;
    s.secretFile = context.secretFile;
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_ui->commandsText->setFont(mono);
    m_ui->commandsText->setPlainText(
        tr("# HTTPS answered by HookScope itself:") + u'\n' + s.serveWithTls() + u"\n\n" +
        tr("# Or behind nginx or Caddy on the same server:") + u'\n' + s.serveBehindProxy() +
        u"\n\n" + tr("# In the background, with the package's user service:") + u'\n' +
        s.systemdUnit() + u'\n');
    connect(m_ui->copyCommands, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(commandsText()); });
}

ConnectTeamPage::~ConnectTeamPage() = default;

QString ConnectTeamPage::commandsText() const
{
    return m_ui->commandsText->toPlainText();
}
