#pragma once

#include <QLocale>
#include <QString>
#include <QStringList>

class QCoreApplication;

// The window's language: Settings::language() when set ("en", "zh_CN"), else
// the system's (QLocale::system().uiLanguages(), i.e. LANG / LANGUAGE).
// HookScope's own catalogue is embedded (":/i18n/"), with the installed
// share/hookscope/translations as a fallback; Qt's own strings (OK, Cancel,
// the file dialog) come from the Qt translations the system has installed.
class Languages final {
public:
    // The locale the setting asks for ("" follows the system). A setting that
    // is not a locale name falls back to the system's.
    static QLocale localeFor(const QString &setting);
    // Installs the translators for `setting` on `app` (which owns them) and
    // returns the catalogue files it loaded; none for English or a language
    // HookScope has no catalogue for (Qt's strings then stay English too, so
    // that one dialog does not mix two languages).
    static QStringList install(QCoreApplication *app, const QString &setting);
    // Where HookScope looks for hookscope_<lang>.qm, first match wins.
    static QStringList catalogueFolders();
};
