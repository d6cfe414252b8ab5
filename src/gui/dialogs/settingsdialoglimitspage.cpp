#include "dialogs/settingsdialoglimitspage.h"

#include "ui_settingsdialoglimitspage.h"

#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>

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

void setUp(QSpinBox *spin, int minimum, int maximum, int value)
{
    spin->setRange(minimum, maximum);
    spin->setValue(value);
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
    , m_ui(std::make_unique<Ui::SettingsDialogLimitsPage>())
    , m_base(config)
{
    m_ui->setupUi(this);
    setUpFields();
    alignLabels();
    setPolicy(config.policy);
}

SettingsDialogLimitsPage::~SettingsDialogLimitsPage() = default;

void SettingsDialogLimitsPage::setUpFields()
{
    m_ui->tlsCertEdit->setText(QDir::toNativeSeparators(m_base.tlsCertPath));
    m_ui->tlsKeyEdit->setText(QDir::toNativeSeparators(m_base.tlsKeyPath));
    setUp(m_ui->maxBodySpin, 1, kMaxBodyKiB, roundedUp(m_base.maxBodyBytes, kKiB));
    setUp(m_ui->maxConnectionsSpin, 1, kMaxConnectionCap, m_base.guard.maxConnections);
    setUp(m_ui->maxConnectionsPerAddressSpin, 1, kMaxConnectionCap,
          m_base.guard.maxConnectionsPerAddress);
    setUp(m_ui->staleMinutesSpin, 1, kMaxStaleMinutes, roundedUp(m_base.staleAfterMs, kMinuteMs));
    m_ui->trustedProxiesEdit->setText(m_base.trustedProxies.join(QStringLiteral(", ")));
    m_ui->refuseStaleCheck->setChecked(m_base.refuseStale);
    connect(m_ui->tlsCertBrowse, &QPushButton::clicked, this, [this] {
        browse(m_ui->tlsCertEdit, tr("TLS Certificate"),
               tr("PEM certificates (*.pem *.crt *.cer);;All files (*)"));
    });
    connect(m_ui->tlsKeyBrowse, &QPushButton::clicked, this, [this] {
        browse(m_ui->tlsKeyEdit, tr("TLS Private Key"),
               tr("PEM keys (*.pem *.key);;All files (*)"));
    });
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
    config.maxBodyBytes = m_ui->maxBodySpin->value() == roundedUp(m_base.maxBodyBytes, kKiB)
                              ? m_base.maxBodyBytes
                              : qint64(m_ui->maxBodySpin->value()) * kKiB;
    config.staleAfterMs =
        m_ui->staleMinutesSpin->value() == roundedUp(m_base.staleAfterMs, kMinuteMs)
            ? m_base.staleAfterMs
            : m_ui->staleMinutesSpin->value() * kMinuteMs;
    config.tlsCertPath = QDir::fromNativeSeparators(m_ui->tlsCertEdit->text().trimmed());
    config.tlsKeyPath = QDir::fromNativeSeparators(m_ui->tlsKeyEdit->text().trimmed());
    config.guard.maxConnections = m_ui->maxConnectionsSpin->value();
    config.guard.maxConnectionsPerAddress = m_ui->maxConnectionsPerAddressSpin->value();
    config.trustedProxies = proxies();
    config.refuseStale = m_ui->refuseStaleCheck->isChecked();
}

QStringList SettingsDialogLimitsPage::proxies() const
{
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    QStringList list;
    const QStringList words =
        m_ui->trustedProxiesEdit->text().split(separators, Qt::SkipEmptyParts);
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
    const QString cert = m_ui->tlsCertEdit->text().trimmed();
    const QString key = m_ui->tlsKeyEdit->text().trimmed();
    if (cert.isEmpty() != key.isEmpty()) {
        *field = cert.isEmpty() ? m_ui->tlsCertEdit : m_ui->tlsKeyEdit;
        return tr("HTTPS needs both a certificate and a private key file; clear both for "
                  "plain HTTP.");
    }
    if (const QString why = cert.isEmpty() ? QString() : unreadable(cert); !why.isEmpty()) {
        *field = m_ui->tlsCertEdit;
        return tr("Cannot read the certificate file \"%1\": %2.").arg(cert, why);
    }
    if (const QString why = key.isEmpty() ? QString() : unreadable(key); !why.isEmpty()) {
        *field = m_ui->tlsKeyEdit;
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
            *field = m_ui->trustedProxiesEdit;
            return tr("Trusted proxy \"%1\" is not an IP address or subnet.").arg(proxy);
        }
    }
    return {};
}

void SettingsDialogLimitsPage::setPolicy(VerifyPolicy policy)
{
    const bool strict = policy == VerifyPolicy::Strict;
    m_ui->refuseStaleCheck->setEnabled(strict);
    m_ui->refuseStaleCheck->setToolTip(
        strict ? tr("Refuse a stale delivery (it is recorded as refused) instead of storing it "
                    "marked stale.")
               : tr("Only the strict verification policy refuses deliveries; choose it on the "
                    "Receiver tab to use this."));
}

QList<QWidget *> SettingsDialogLimitsPage::tabOrder() const
{
    return {m_ui->tlsCertEdit,
            m_ui->tlsCertBrowse,
            m_ui->tlsKeyEdit,
            m_ui->tlsKeyBrowse,
            m_ui->maxBodySpin,
            m_ui->maxConnectionsSpin,
            m_ui->maxConnectionsPerAddressSpin,
            m_ui->trustedProxiesEdit,
            m_ui->staleMinutesSpin,
            m_ui->refuseStaleCheck};
}

void SettingsDialogLimitsPage::browse(QLineEdit *edit, const QString &title, const QString &filter)
{
    const QString start = edit->text().trimmed().isEmpty() ? QDir::homePath() : edit->text();
    const QString file = QFileDialog::getOpenFileName(this, title, start, filter);
    if (!file.isEmpty())
        edit->setText(QDir::toNativeSeparators(file));
}
