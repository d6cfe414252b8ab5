#include "settings/settings.h"

#include <QSettings>

// File > Export's CSV choices (Settings::ExportChoices).

Settings::ExportChoices Settings::exportChoices() const
{
    const ExportChoices defaults;
    ExportChoices c;
    c.bom = m_settings->value(QStringLiteral("export/bom"), defaults.bom).toBool();
    c.formulaGuard =
        m_settings->value(QStringLiteral("export/formulaGuard"), defaults.formulaGuard).toBool();
    return c;
}

void Settings::setExportChoices(const ExportChoices &choices)
{
    m_settings->setValue(QStringLiteral("export/bom"), choices.bom);
    m_settings->setValue(QStringLiteral("export/formulaGuard"), choices.formulaGuard);
}
