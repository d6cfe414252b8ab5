#include "dialogs/settingsdialog.h"

#include "dialogs/settingsdialoglimitspage.h"
#include "paint/theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabBar>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

SettingsDialog::SettingsDialog(const ReceiverConfig &config, const QString &databasePath,
                               bool startOnLaunch, QWidget *parent)
    : QDialog(parent)
    , m_base(config)
    , m_host(new QLineEdit(config.host, this))
    , m_port(new QSpinBox(this))
    , m_path(new QLineEdit(config.path, this))
    , m_secret(new QLineEdit(QString::fromUtf8(config.secret), this))
    , m_showSecret(new QToolButton(this))
    , m_policy(new QComboBox(this))
    , m_database(new QLineEdit(QDir::toNativeSeparators(databasePath), this))
    , m_startOnLaunch(new QCheckBox(tr("S&tart the receiver when HookScope starts"), this))
    , m_limits(new SettingsDialogLimitsPage(config, this))
    , m_tabs(new QTabWidget(this))
    , m_error(new QLabel(this))
{
    setUpFields();
    m_startOnLaunch->setChecked(startOnLaunch);
    buildLayout();
    setTabOrder();
    resize(600, sizeHint().height());
}

void SettingsDialog::setUpFields()
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("HookScope Settings"));
    m_host->setObjectName(QStringLiteral("hostEdit"));
    m_port->setObjectName(QStringLiteral("portSpin"));
    m_path->setObjectName(QStringLiteral("pathEdit"));
    m_secret->setObjectName(QStringLiteral("secretEdit"));
    m_policy->setObjectName(QStringLiteral("policyCombo"));
    m_database->setObjectName(QStringLiteral("databaseEdit"));
    m_port->setRange(0, 65535);
    m_port->setValue(m_base.port);
    m_port->setSpecialValueText(tr("0 (any free port)"));
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setPlaceholderText(tr("SaleSmartly webhook key (empty: deliveries are not checked)"));
    m_showSecret->setText(tr("Show"));
    m_showSecret->setCheckable(true);
    m_showSecret->setToolTip(tr("Show or hide the secret"));
    connect(m_showSecret, &QToolButton::toggled, this, &SettingsDialog::setSecretVisible);
    m_showSecret->setAccessibleName(tr("Show secret"));
    m_policy->addItem(tr("Strict: refuse bad or missing signatures (401)"),
                      static_cast<int>(VerifyPolicy::Strict));
    m_policy->addItem(tr("Record: accept them, flagged"), static_cast<int>(VerifyPolicy::Record));
    m_policy->addItem(tr("Off: do not check signatures"), static_cast<int>(VerifyPolicy::Off));
    m_policy->setCurrentIndex(m_policy->findData(static_cast<int>(m_base.policy)));
    connect(m_policy, &QComboBox::currentIndexChanged, this, [this] {
        m_limits->setPolicy(static_cast<VerifyPolicy>(m_policy->currentData().toInt()));
    });
    m_tabs->setObjectName(QStringLiteral("settingsTabs"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(
        QStringLiteral("color: %1").arg(Theme::tone(palette(), Theme::Tone::Bad).name()));
    m_error->hide();
}

QWidget *SettingsDialog::receiverPage()
{
    auto *page = new QWidget(this);
    auto *secretRow = new QHBoxLayout;
    secretRow->addWidget(m_secret, 1);
    secretRow->addWidget(m_showSecret);
    auto *dbRow = new QHBoxLayout;
    dbRow->addWidget(m_database, 1);
    m_browse = new QPushButton(tr("Browse…"), page);
    m_browse->setToolTip(tr("Choose the database file"));
    connect(m_browse, &QPushButton::clicked, this, &SettingsDialog::browseDatabase);
    dbRow->addWidget(m_browse);
    auto *form = new QFormLayout;
    form->addRow(tr("Listen &address:"), m_host);
    form->addRow(tr("&Port:"), m_port);
    form->addRow(tr("Webhook pat&h:"), m_path);
    // Rows holding a layout get a label with an explicit buddy, so that the
    // mnemonic works and "&" is not shown.
    auto *secretLabel = new QLabel(tr("&Secret:"), page);
    secretLabel->setBuddy(m_secret);
    auto *dbLabel = new QLabel(tr("&Database file:"), page);
    dbLabel->setBuddy(m_database);
    form->addRow(secretLabel, secretRow);
    form->addRow(tr("&Verification:"), m_policy);
    form->addRow(dbLabel, dbRow);
    form->addRow(QString(), m_startOnLaunch);
    auto *note = new QLabel(tr("The secret is kept in a file only you can read, never in the "
                               "settings file. Changes apply at once: the receiver restarts."),
                            page);
    note->setWordWrap(true);
    auto *layout = new QVBoxLayout(page);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addStretch(1);
    return page;
}

void SettingsDialog::buildLayout()
{
    m_tabs->addTab(receiverPage(), tr("&Receiver"));
    m_tabs->addTab(m_limits, tr("Security and &Limits"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons = buttons;
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
}

// The Tab key goes down each page in reading order, then to the buttons;
// fields on the hidden page are skipped.
void SettingsDialog::setTabOrder()
{
    QList<QWidget *> order{m_tabs->tabBar(), m_host,   m_port,     m_path,   m_secret,
                           m_showSecret,     m_policy, m_database, m_browse, m_startOnLaunch};
    order += m_limits->tabOrder();
    order.append(m_buttons);
    for (qsizetype i = 1; i < order.size(); ++i)
        QWidget::setTabOrder(order.at(i - 1), order.at(i));
}

ReceiverConfig SettingsDialog::config() const
{
    ReceiverConfig c = m_base;
    c.host = m_host->text().trimmed();
    c.port = static_cast<quint16>(m_port->value());
    c.path = ReceiverConfig::normalisedPath(m_path->text());
    c.secret = m_secret->text().toUtf8();
    c.policy = static_cast<VerifyPolicy>(m_policy->currentData().toInt());
    m_limits->applyTo(c);
    return c;
}

QString SettingsDialog::databasePath() const
{
    return QDir::fromNativeSeparators(m_database->text().trimmed());
}

bool SettingsDialog::startOnLaunch() const
{
    return m_startOnLaunch->isChecked();
}

QString SettingsDialog::validationError() const
{
    const QString host = m_host->text().trimmed();
    if (host.isEmpty())
        return tr("The listen address is empty (127.0.0.1 listens on this computer only; "
                  "0.0.0.0 on every network).");
    if (host != QLatin1String("localhost") && QHostAddress(host).isNull())
        return tr("\"%1\" is not an IP address.").arg(host);
    if (m_path->text().trimmed().contains(u' '))
        return tr("The webhook path may not contain spaces.");
    if (databasePath().isEmpty())
        return tr("The database file is empty.");
    return {};
}

void SettingsDialog::accept()
{
    QWidget *limitsField = nullptr;
    QString error = validationError();
    if (!error.isEmpty())
        m_tabs->setCurrentIndex(0);
    else
        error = m_limits->validationError(&limitsField);
    if (limitsField) {
        m_tabs->setCurrentWidget(m_limits);
        limitsField->setFocus();
    }
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());
    if (error.isEmpty())
        QDialog::accept();
}

void SettingsDialog::browseDatabase()
{
    const QString file = QFileDialog::getSaveFileName(this, tr("Database File"), databasePath(),
                                                      tr("HookScope stores (*.db);;All files (*)"),
                                                      nullptr, QFileDialog::DontConfirmOverwrite);
    if (!file.isEmpty())
        m_database->setText(QDir::toNativeSeparators(file));
}

void SettingsDialog::setSecretVisible(bool visible)
{
    m_secret->setEchoMode(visible ? QLineEdit::Normal : QLineEdit::Password);
    m_showSecret->setText(visible ? tr("Hide") : tr("Show"));
}
