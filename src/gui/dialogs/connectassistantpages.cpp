#include "dialogs/connectassistantpages.h"

#include "ui_connectassistantintro.h"
#include "ui_connectassistantkey.h"
#include "ui_connectassistantway.h"

#include <QDir>

ConnectIntroPage::ConnectIntroPage(QWidget *parent)
    : QWizardPage(parent)
    , m_ui(std::make_unique<Ui::ConnectAssistantIntro>())
{
    m_ui->setupUi(this);
}

ConnectIntroPage::~ConnectIntroPage() = default;

ConnectKeyPage::ConnectKeyPage(const QByteArray &secret, const QString &secretFile, QWidget *parent)
    : QWizardPage(parent)
    , m_ui(std::make_unique<Ui::ConnectAssistantKey>())
{
    m_ui->setupUi(this);
    m_ui->keyEdit->setText(QString::fromUtf8(secret));
    m_ui->keyNote->setText(tr("HookScope keeps it in %1, a file only you can read, never in its "
                              "settings.")
                               .arg(QDir::toNativeSeparators(secretFile)));
    connect(m_ui->keyEdit, &QLineEdit::textChanged, this, &ConnectKeyPage::update);
    connect(m_ui->showKey, &QCheckBox::toggled, this, [this](bool show) {
        m_ui->keyEdit->setEchoMode(show ? QLineEdit::Normal : QLineEdit::Password);
    });
    update();
}

ConnectKeyPage::~ConnectKeyPage() = default;

QByteArray ConnectKeyPage::key() const
{
    return m_ui->keyEdit->text().trimmed().toUtf8();
}

void ConnectKeyPage::setKey(const QString &text)
{
    m_ui->keyEdit->setText(text);
}

QString ConnectKeyPage::warningText() const
{
    return m_ui->keyWarning->text();
}

bool ConnectKeyPage::isComplete() const
{
    const QString text = m_ui->keyEdit->text().trimmed();
    if (text.toUtf8().size() > kMaxKeyBytes)
        return false;
    for (const QChar c : text) {
        if (c.category() == QChar::Other_Control)
            return false;
    }
    return true;
}

void ConnectKeyPage::update()
{
    const QString text = m_ui->keyEdit->text().trimmed();
    if (text.isEmpty())
        m_ui->keyWarning->setText(tr("Without a key, deliveries are not checked: anyone who knows "
                                     "the URL could send HookScope anything."));
    else if (!isComplete())
        m_ui->keyWarning->setText(
            tr("A webhook key is one line of at most %1 characters.").arg(kMaxKeyBytes));
    else
        m_ui->keyWarning->clear();
    m_ui->keyWarning->setVisible(!m_ui->keyWarning->text().isEmpty());
    Q_EMIT completeChanged();
}

ConnectWayPage::ConnectWayPage(ConnectAssistant::Way initial, QWidget *parent)
    : QWizardPage(parent)
    , m_ui(std::make_unique<Ui::ConnectAssistantWay>())
{
    m_ui->setupUi(this);
    for (QLabel *text : {m_ui->reachableText, m_ui->proxyText, m_ui->teamText})
        text->setIndent(24);
    setWay(initial);
}

ConnectWayPage::~ConnectWayPage() = default;

ConnectAssistant::Way ConnectWayPage::way() const
{
    if (m_ui->proxyRadio->isChecked())
        return ConnectAssistant::Way::Proxy;
    if (m_ui->teamRadio->isChecked())
        return ConnectAssistant::Way::Team;
    return ConnectAssistant::Way::Reachable;
}

void ConnectWayPage::setWay(ConnectAssistant::Way way)
{
    switch (way) {
    case ConnectAssistant::Way::Reachable:
        m_ui->reachableRadio->setChecked(true);
        break;
    case ConnectAssistant::Way::Proxy:
        m_ui->proxyRadio->setChecked(true);
        break;
    case ConnectAssistant::Way::Team:
        m_ui->teamRadio->setChecked(true);
        break;
    }
}
