#include "dialogs/settingsdialoglimitspage.h"

#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {

constexpr int kKiB = 1024;
constexpr qint64 kMinuteMs = 60 * 1000;
constexpr int kMaxBodyKiB = 1024 * 1024; // 1 GiB, as hookscope-cli serve --max-body
constexpr int kMaxStaleMinutes = 7 * 24 * 60;
constexpr int kMaxConnectionCap = 65535;

// Shown rounded up, so that a limit is never shown smaller than it is.
int roundedUp(qint64 value, qint64 unit)
{
    return static_cast<int>((value + unit - 1) / unit);
}

QSpinBox *spinBox(const char *name, int minimum, int maximum, int value, QWidget *parent)
{
    auto *spin = new QSpinBox(parent);
    spin->setObjectName(QString::fromLatin1(name));
    spin->setRange(minimum, maximum);
    spin->setValue(value);
    spin->setAccelerated(true);
    // Numbers do not need the whole row; a wide box reads as a text field.
    spin->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    return spin;
}

// An address or subnet ("10.0.0.0/8") as the receiver reads it; empty when
// the text is neither.
QString canonicalProxy(const QString &text)
{
    if (!text.contains(u'/')) {
        const QHostAddress address(text);
        return address.isNull() ? QString() : address.toString();
    }
    const QPair<QHostAddress, int> subnet = QHostAddress::parseSubnet(text);
    return subnet.first.isNull() ? QString()
                                 : subnet.first.toString() + u'/' + QString::number(subnet.second);
}

// Why a file cannot be read, or empty when it can.
QString unreadable(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return SettingsDialogLimitsPage::tr("there is no such file");
    if (info.isDir())
        return SettingsDialogLimitsPage::tr("it is a folder");
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString() : file.errorString();
}

} // namespace

SettingsDialogLimitsPage::SettingsDialogLimitsPage(const ReceiverConfig &config, QWidget *parent)
    : QWidget(parent)
    , m_base(config)
    , m_cert(new QLineEdit(QDir::toNativeSeparators(config.tlsCertPath), this))
    , m_certBrowse(new QPushButton(tr("Browse…"), this))
    , m_key(new QLineEdit(QDir::toNativeSeparators(config.tlsKeyPath), this))
    , m_keyBrowse(new QPushButton(tr("Browse…"), this))
    , m_maxBody(spinBox("maxBodySpin", 1, kMaxBodyKiB, roundedUp(config.maxBodyBytes, kKiB), this))
    , m_maxConnections(
          spinBox("maxConnectionsSpin", 1, kMaxConnectionCap, config.guard.maxConnections, this))
    , m_perAddress(spinBox("maxConnectionsPerAddressSpin", 1, kMaxConnectionCap,
                           config.guard.maxConnectionsPerAddress, this))
    , m_proxies(new QLineEdit(config.trustedProxies.join(QStringLiteral(", ")), this))
    , m_staleMinutes(spinBox("staleMinutesSpin", 1, kMaxStaleMinutes,
                             roundedUp(config.staleAfterMs, kMinuteMs), this))
    , m_refuseStale(new QCheckBox(tr("Ref&use stale deliveries (strict policy)"), this))
{
    setUpFields();
    setUpToolTips();
    buildLayout();
    setPolicy(config.policy);
}

void SettingsDialogLimitsPage::setUpFields()
{
    setObjectName(QStringLiteral("limitsPage"));
    m_cert->setObjectName(QStringLiteral("tlsCertEdit"));
    m_certBrowse->setObjectName(QStringLiteral("tlsCertBrowse"));
    m_key->setObjectName(QStringLiteral("tlsKeyEdit"));
    m_keyBrowse->setObjectName(QStringLiteral("tlsKeyBrowse"));
    m_proxies->setObjectName(QStringLiteral("trustedProxiesEdit"));
    m_refuseStale->setObjectName(QStringLiteral("refuseStaleCheck"));
    m_refuseStale->setChecked(m_base.refuseStale);
    m_cert->setPlaceholderText(tr("Empty: plain HTTP"));
    m_key->setPlaceholderText(tr("Empty: plain HTTP"));
    m_proxies->setPlaceholderText(tr("None (e.g. 10.0.0.5, ::1, 10.0.0.0/8)"));
    m_maxBody->setSuffix(tr(" KiB"));
    m_staleMinutes->setSuffix(tr(" min"));
    m_certBrowse->setAccessibleName(tr("Browse for the certificate file"));
    m_keyBrowse->setAccessibleName(tr("Browse for the private key file"));
    connect(m_certBrowse, &QPushButton::clicked, this, [this] {
        browse(m_cert, tr("TLS Certificate"),
               tr("PEM certificates (*.pem *.crt *.cer);;All files (*)"));
    });
    connect(m_keyBrowse, &QPushButton::clicked, this, [this] {
        browse(m_key, tr("TLS Private Key"), tr("PEM keys (*.pem *.key);;All files (*)"));
    });
}

void SettingsDialogLimitsPage::setUpToolTips()
{
    const QString https = tr("With both a certificate and its private key (PEM files) the "
                             "receiver speaks HTTPS; with neither, plain HTTP.");
    m_cert->setToolTip(https);
    m_key->setToolTip(https);
    m_certBrowse->setToolTip(tr("Choose the certificate file (PEM)"));
    m_keyBrowse->setToolTip(tr("Choose the private key file (PEM)"));
    m_maxBody->setToolTip(
        tr("Deliveries larger than this are refused with 413 before their "
           "body is read. SaleSmartly sends a few KiB; the default is 1024 KiB."));
    m_maxConnections->setToolTip(
        tr("Open connections at most, from all senders together "
           "(default 1024, lowered to what the open-file limit allows). Connections "
           "past this are refused."));
    m_perAddress->setToolTip(tr("Open connections at most from one address (default 64), so "
                                "that one sender cannot take them all."));
    m_proxies->setToolTip(
        tr("IP addresses or subnets of reverse proxies in front of "
           "HookScope, separated by commas. Only for these is X-Forwarded-For believed to name "
           "the real sender. Leave empty without a proxy."));
    m_staleMinutes->setToolTip(tr("A delivery whose signed timestamp is further than this from "
                                  "this computer's clock is marked stale (default 10 min)."));
}

QWidget *SettingsDialogLimitsPage::fileRow(QLineEdit *edit, QPushButton *browse)
{
    auto *row = new QWidget(this);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    layout->addWidget(browse);
    return row;
}

// A row holding a layout gets a label with an explicit buddy, so that the
// mnemonic reaches the line edit and "&" is not shown.
QWidget *SettingsDialogLimitsPage::httpsGroup()
{
    auto *group = new QGroupBox(tr("HTTPS"), this);
    auto *form = new QFormLayout(group);
    auto *certLabel = new QLabel(tr("&Certificate file:"), group);
    certLabel->setBuddy(m_cert);
    auto *keyLabel = new QLabel(tr("Private &key file:"), group);
    keyLabel->setBuddy(m_key);
    form->addRow(certLabel, fileRow(m_cert, m_certBrowse));
    form->addRow(keyLabel, fileRow(m_key, m_keyBrowse));
    return group;
}

void SettingsDialogLimitsPage::buildLayout()
{
    auto *limits = new QGroupBox(tr("Limits"), this);
    auto *limitsForm = new QFormLayout(limits);
    limitsForm->addRow(tr("Maximum &body size:"), m_maxBody);
    limitsForm->addRow(tr("Total co&nnections:"), m_maxConnections);
    limitsForm->addRow(tr("Connections p&er address:"), m_perAddress);
    auto *senders = new QGroupBox(tr("Senders"), this);
    auto *sendersForm = new QFormLayout(senders);
    sendersForm->addRow(tr("Trusted pro&xies:"), m_proxies);
    sendersForm->addRow(tr("Stale a&fter:"), m_staleMinutes);
    sendersForm->addRow(QString(), m_refuseStale);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(httpsGroup());
    layout->addWidget(limits);
    layout->addWidget(senders);
    layout->addStretch(1);
    alignLabels();
}

// One label width on the whole page, so that the three groups' fields line up.
void SettingsDialogLimitsPage::alignLabels()
{
    const QList<QLabel *> labels = findChildren<QLabel *>();
    int width = 0;
    for (const QLabel *label : labels)
        width = qMax(width, label->sizeHint().width());
    for (QLabel *label : labels)
        label->setMinimumWidth(width);
}

void SettingsDialogLimitsPage::applyTo(ReceiverConfig &config) const
{
    // A value shown rounded and left alone keeps its exact stored value.
    config.maxBodyBytes = m_maxBody->value() == roundedUp(m_base.maxBodyBytes, kKiB)
                              ? m_base.maxBodyBytes
                              : qint64(m_maxBody->value()) * kKiB;
    config.staleAfterMs = m_staleMinutes->value() == roundedUp(m_base.staleAfterMs, kMinuteMs)
                              ? m_base.staleAfterMs
                              : m_staleMinutes->value() * kMinuteMs;
    config.tlsCertPath = QDir::fromNativeSeparators(m_cert->text().trimmed());
    config.tlsKeyPath = QDir::fromNativeSeparators(m_key->text().trimmed());
    config.guard.maxConnections = m_maxConnections->value();
    config.guard.maxConnectionsPerAddress = m_perAddress->value();
    config.trustedProxies = proxies();
    config.refuseStale = m_refuseStale->isChecked();
}

QStringList SettingsDialogLimitsPage::proxies() const
{
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    QStringList list;
    const QStringList words = m_proxies->text().split(separators, Qt::SkipEmptyParts);
    for (const QString &word : words) {
        const QString canonical = canonicalProxy(word);
        const QString text = canonical.isEmpty() ? word : canonical;
        if (!list.contains(text))
            list.append(text);
    }
    return list;
}

QString SettingsDialogLimitsPage::tlsError(QWidget **field) const
{
    const QString cert = m_cert->text().trimmed();
    const QString key = m_key->text().trimmed();
    if (cert.isEmpty() != key.isEmpty()) {
        *field = cert.isEmpty() ? m_cert : m_key;
        return tr("HTTPS needs both a certificate and a private key file; clear both for "
                  "plain HTTP.");
    }
    if (const QString why = cert.isEmpty() ? QString() : unreadable(cert); !why.isEmpty()) {
        *field = m_cert;
        return tr("Cannot read the certificate file \"%1\": %2.").arg(cert, why);
    }
    if (const QString why = key.isEmpty() ? QString() : unreadable(key); !why.isEmpty()) {
        *field = m_key;
        return tr("Cannot read the private key file \"%1\": %2.").arg(key, why);
    }
    return {};
}

QString SettingsDialogLimitsPage::validationError(QWidget **field) const
{
    if (const QString error = tlsError(field); !error.isEmpty())
        return error;
    const QStringList list = proxies();
    for (const QString &proxy : list) {
        if (canonicalProxy(proxy).isEmpty()) {
            *field = m_proxies;
            return tr("Trusted proxy \"%1\" is not an IP address or subnet.").arg(proxy);
        }
    }
    return {};
}

void SettingsDialogLimitsPage::setPolicy(VerifyPolicy policy)
{
    const bool strict = policy == VerifyPolicy::Strict;
    m_refuseStale->setEnabled(strict);
    m_refuseStale->setToolTip(
        strict ? tr("Refuse a stale delivery (it is recorded as refused) instead of storing it "
                    "marked stale.")
               : tr("Only the strict verification policy refuses deliveries; choose it on the "
                    "Receiver tab to use this."));
}

QList<QWidget *> SettingsDialogLimitsPage::tabOrder() const
{
    return {m_cert,           m_certBrowse, m_key,     m_keyBrowse,    m_maxBody,
            m_maxConnections, m_perAddress, m_proxies, m_staleMinutes, m_refuseStale};
}

void SettingsDialogLimitsPage::browse(QLineEdit *edit, const QString &title, const QString &filter)
{
    const QString start = edit->text().trimmed().isEmpty() ? QDir::homePath() : edit->text();
    const QString file = QFileDialog::getOpenFileName(this, title, start, filter);
    if (!file.isEmpty())
        edit->setText(QDir::toNativeSeparators(file));
}
