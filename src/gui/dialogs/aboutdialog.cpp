#include "dialogs/aboutdialog.h"

#include "buildinfo.h"
#include "paint/appicon.h"
#include "ui_aboutdialog.h"

#include <QClipboard>
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QPushButton>
#include <QStringList>

namespace {

QString qtVersionText()
{
    return AboutDialog::tr("%1 (built with %2)")
        .arg(QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR));
}

} // namespace

AboutDialog::AboutDialog(const QString &storePath, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::AboutDialog>())
    , m_storePath(storePath)
{
    m_ui->setupUi(this);
    m_ui->iconLabel->setPixmap(AppIcon::icon().pixmap(64, 64));
    QFont titleFont = m_ui->titleLabel->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    m_ui->titleLabel->setFont(titleFont);
    m_ui->titleLabel->setText(tr("HookScope %1").arg(QStringLiteral(HOOKSCOPE_VERSION)));
    m_ui->versionValue->setText(QStringLiteral(HOOKSCOPE_VERSION));
    m_ui->qtValue->setText(qtVersionText());
    m_ui->buildDateValue->setText(QStringLiteral(HOOKSCOPE_BUILD_DATE));
    m_ui->storeValue->setText(storePath.isEmpty() ? tr("(none)")
                                                  : QDir::toNativeSeparators(storePath));
    m_ui->licenceLabel->setText(
        tr("HookScope is free software: you can redistribute it and/or modify it under the "
           "terms of the GNU General Public License, version 3 or (at your option) any later "
           "version (GPL-3.0-or-later). It comes with ABSOLUTELY NO WARRANTY. The full "
           "licence text is in %1.")
            .arg(licenceTextLocation()));
    m_copy = m_ui->buttonBox->addButton(tr("&Copy Version Details"), QDialogButtonBox::ActionRole);
    m_copy->setObjectName(QStringLiteral("copyButton"));
    connect(m_copy, &QPushButton::clicked, this, &AboutDialog::copyDetails);
}

AboutDialog::~AboutDialog() = default;

QString AboutDialog::versionDetails() const
{
    const QStringList lines = {
        tr("HookScope: %1").arg(QStringLiteral(HOOKSCOPE_VERSION)),
        tr("Qt: %1").arg(qtVersionText()),
        tr("Built: %1").arg(QStringLiteral(HOOKSCOPE_BUILD_DATE)),
        tr("Platform: %1 (%2)").arg(QSysInfo::prettyProductName(), QGuiApplication::platformName()),
        tr("Store: %1")
            .arg(m_storePath.isEmpty() ? tr("(none)") : QDir::toNativeSeparators(m_storePath)),
    };
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

QString AboutDialog::licenceTextLocation()
{
    const QString debian = QStringLiteral("/usr/share/common-licenses/GPL-3");
    if (QFileInfo::exists(debian))
        return debian;
    return tr("the LICENSE file of the HookScope sources");
}

void AboutDialog::copyDetails()
{
    QGuiApplication::clipboard()->setText(versionDetails());
    m_copy->setText(tr("Copied"));
}
