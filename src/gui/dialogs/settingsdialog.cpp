#include "dialogs/settingsdialog.h"

#include "dialogs/forwardingpage.h"
#include "dialogs/notificationspage.h"
#include "dialogs/settingsdialoglimitspage.h"
#include "paint/theme.h"
#include "ui_settingsdialog.h"

#include <QCheckBox>
#include <QDir>
#include <QFileDialog>
#include <QHostAddress>
#include <QPushButton>
#include <QTabBar>
#include <QTableWidget>
#include <QUrl>

#include <iterator>

namespace {

// The language combo's entries, in the form's order.
const char *const kLanguages[] = {"", "en", "zh_CN"};

} // namespace

SettingsDialog::SettingsDialog(const ReceiverConfig &config, const QString &databasePath,
                               bool startOnLaunch, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SettingsDialog>())
    , m_base(config)
{
    m_ui->setupUi(this);
    m_limits = new SettingsDialogLimitsPage(config, this);
    m_ui->settingsTabs->insertTab(1, m_limits, tr("Security and &Limits"));
    m_notifications = new NotificationsPage(this);
    m_ui->settingsTabs->insertTab(2, m_notifications, tr("N&otifications"));
    m_forwarding = new ForwardingPage(this);
    m_forwarding->setRules(config.forwardRules);
    // No mnemonic: every letter of "Forwarding" is taken on some page.
    m_ui->settingsTabs->insertTab(3, m_forwarding, tr("Forwarding"));
    m_ui->settingsTabs->setCurrentIndex(0);
    m_loadImages = new QCheckBox(tr("Load re&mote images in conversations"), this);
    m_loadImages->setObjectName(QStringLiteral("loadRemoteImagesCheck"));
    m_loadImages->setToolTip(tr("Image messages of verified deliveries show a thumbnail fetched "
                                "from the sender's link. Off: only the link is shown."));
    m_ui->windowLayout->insertWidget(2, m_loadImages);
    m_ui->hostEdit->setText(config.host);
    m_ui->portSpin->setValue(config.port);
    m_ui->pathEdit->setText(config.path);
    m_ui->secretEdit->setText(QString::fromUtf8(config.secret));
    m_ui->databaseEdit->setText(QDir::toNativeSeparators(databasePath));
    m_ui->startOnLaunchCheck->setChecked(startOnLaunch);
    setUpFields();
    setTabOrder();
    resize(600, sizeHint().height());
}

SettingsDialog::~SettingsDialog() = default;

void SettingsDialog::setUpFields()
{
    const int languages = static_cast<int>(std::size(kLanguages));
    Q_ASSERT(m_ui->languageCombo->count() == languages);
    for (int i = 0; i < qMin(m_ui->languageCombo->count(), languages); ++i)
        m_ui->languageCombo->setItemData(i, QString::fromLatin1(kLanguages[i]));
    connect(m_ui->showSecretButton, &QToolButton::toggled, this, &SettingsDialog::setSecretVisible);
    connect(m_ui->browseButton, &QPushButton::clicked, this, &SettingsDialog::browseDatabase);
    QComboBox *policy = m_ui->policyCombo;
    policy->addItem(tr("Strict: refuse bad or missing signatures (401)"),
                    static_cast<int>(VerifyPolicy::Strict));
    policy->addItem(tr("Record: accept them, flagged"), static_cast<int>(VerifyPolicy::Record));
    policy->addItem(tr("Off: do not check signatures"), static_cast<int>(VerifyPolicy::Off));
    policy->setCurrentIndex(policy->findData(static_cast<int>(m_base.policy)));
    connect(policy, &QComboBox::currentIndexChanged, this, [this] {
        m_limits->setPolicy(static_cast<VerifyPolicy>(m_ui->policyCombo->currentData().toInt()));
    });
    m_ui->errorLabel->setStyleSheet(
        QStringLiteral("color: %1").arg(Theme::tone(palette(), Theme::Tone::Bad).name()));
    m_ui->errorLabel->hide();
}

// The Tab key goes down each page in reading order, then to the buttons;
// fields on the hidden pages are skipped.
void SettingsDialog::setTabOrder()
{
    QList<QWidget *> order{m_ui->settingsTabs->tabBar(),
                           m_ui->hostEdit,
                           m_ui->portSpin,
                           m_ui->pathEdit,
                           m_ui->publicUrlEdit,
                           m_ui->secretEdit,
                           m_ui->showSecretButton,
                           m_ui->policyCombo,
                           m_ui->databaseEdit,
                           m_ui->browseButton,
                           m_ui->startOnLaunchCheck,
                           m_ui->keepSecretFileCheck};
    order += m_limits->tabOrder();
    order += m_forwarding->tabOrder();
    order.append(m_ui->languageCombo);
    order.append(m_loadImages);
    order.append(m_ui->buttons);
    for (qsizetype i = 1; i < order.size(); ++i)
        QWidget::setTabOrder(order.at(i - 1), order.at(i));
}

void SettingsDialog::setLoadRemoteImages(bool on)
{
    m_loadImages->setChecked(on);
}

bool SettingsDialog::loadRemoteImages() const
{
    return m_loadImages->isChecked();
}

void SettingsDialog::setKeepSecretFile(bool on, const QString &path)
{
    m_ui->keepSecretFileCheck->setChecked(on);
    m_ui->keepSecretFileCheck->setToolTip(
        tr("hookscope-cli serve and the hookscope.service user unit read the secret from %1 "
           "(--secret-file)")
            .arg(QDir::toNativeSeparators(path)));
}

bool SettingsDialog::keepSecretFile() const
{
    return m_ui->keepSecretFileCheck->isChecked();
}

QLineEdit *SettingsDialog::secretEdit() const
{
    return m_ui->secretEdit;
}

QToolButton *SettingsDialog::showSecretButton() const
{
    return m_ui->showSecretButton;
}

ReceiverConfig SettingsDialog::config() const
{
    ReceiverConfig c = m_base;
    c.host = m_ui->hostEdit->text().trimmed();
    c.port = static_cast<quint16>(m_ui->portSpin->value());
    c.path = ReceiverConfig::normalisedPath(m_ui->pathEdit->text());
    c.secret = m_ui->secretEdit->text().toUtf8();
    c.policy = static_cast<VerifyPolicy>(m_ui->policyCombo->currentData().toInt());
    m_limits->applyTo(c);
    c.forwardRules = m_forwarding->rules();
    return c;
}

QString SettingsDialog::databasePath() const
{
    return QDir::fromNativeSeparators(m_ui->databaseEdit->text().trimmed());
}

bool SettingsDialog::startOnLaunch() const
{
    return m_ui->startOnLaunchCheck->isChecked();
}

void SettingsDialog::setLanguage(const QString &language)
{
    const int index = m_ui->languageCombo->findData(language);
    m_ui->languageCombo->setCurrentIndex(index < 0 ? 0 : index);
}

QString SettingsDialog::language() const
{
    return m_ui->languageCombo->currentData().toString();
}

void SettingsDialog::setPublicUrl(const QString &url)
{
    m_ui->publicUrlEdit->setText(url.left(kMaxPublicUrlLength));
}

QString SettingsDialog::publicUrl() const
{
    return m_ui->publicUrlEdit->text().trimmed();
}

QString SettingsDialog::publicUrlError(const QString &text)
{
    const QString url = text.trimmed();
    if (url.isEmpty())
        return {};
    if (url.size() > kMaxPublicUrlLength)
        return tr("The public URL is longer than %1 characters.").arg(kMaxPublicUrlLength);
    const QUrl parsed(url, QUrl::StrictMode);
    const QString scheme = parsed.scheme().toLower();
    if (!parsed.isValid() ||
        (scheme != QLatin1String("http") && scheme != QLatin1String("https")) ||
        parsed.host().isEmpty() || url.contains(u' '))
        return tr("The public URL must be an http:// or https:// address with a host name, "
                  "such as https://hooks.example.com/salesmartly.");
    return {};
}

QString SettingsDialog::validationError(QWidget **field) const
{
    const QString host = m_ui->hostEdit->text().trimmed();
    *field = m_ui->hostEdit;
    if (host.isEmpty())
        return tr("The listen address is empty (127.0.0.1 listens on this computer only; "
                  "0.0.0.0 on every network).");
    if (host != QLatin1String("localhost") && QHostAddress(host).isNull())
        return tr("\"%1\" is not an IP address.").arg(host);
    *field = m_ui->pathEdit;
    if (m_ui->pathEdit->text().trimmed().contains(u' '))
        return tr("The webhook path may not contain spaces.");
    *field = m_ui->publicUrlEdit;
    if (const QString error = publicUrlError(publicUrl()); !error.isEmpty())
        return error;
    *field = m_ui->databaseEdit;
    if (databasePath().isEmpty())
        return tr("The database file is empty.");
    *field = nullptr;
    return {};
}

void SettingsDialog::accept()
{
    QWidget *field = nullptr;
    QString error = validationError(&field);
    if (!error.isEmpty()) {
        m_ui->settingsTabs->setCurrentIndex(0);
    } else {
        error = m_limits->validationError(&field);
        if (field)
            m_ui->settingsTabs->setCurrentWidget(m_limits);
    }
    if (error.isEmpty() && !(error = m_forwarding->validationError()).isEmpty()) {
        m_ui->settingsTabs->setCurrentWidget(m_forwarding);
        field = m_forwarding->table();
    }
    if (field)
        field->setFocus();
    m_ui->errorLabel->setText(error);
    m_ui->errorLabel->setVisible(!error.isEmpty());
    if (error.isEmpty())
        QDialog::accept();
}

void SettingsDialog::browseDatabase()
{
    const QString file = QFileDialog::getSaveFileName(this, tr("Database File"), databasePath(),
                                                      tr("HookScope stores (*.db);;All files (*)"),
                                                      nullptr, QFileDialog::DontConfirmOverwrite);
    if (!file.isEmpty())
        m_ui->databaseEdit->setText(QDir::toNativeSeparators(file));
}

void SettingsDialog::setSecretVisible(bool visible)
{
    m_ui->secretEdit->setEchoMode(visible ? QLineEdit::Normal : QLineEdit::Password);
    m_ui->showSecretButton->setText(visible ? tr("Hide") : tr("Show"));
}
