#include "window/languages.h"

#include "guilog.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QTranslator>

#include <algorithm>

namespace {

// A setting comes from a file anyone can edit: only a short locale name is
// taken ("zh_CN", "en", "pt-BR"), anything else means "follow the system".
bool looksLikeLocaleName(const QString &name)
{
    if (name.isEmpty() || name.size() > 16)
        return false;
    return std::all_of(name.begin(), name.end(), [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_' || c == u'-';
    });
}

// Loads `name`_<locale>.qm from the first folder that has it; the translator
// is owned by `app` once installed.
QString installFirst(QCoreApplication *app, const QLocale &locale, const QString &name,
                     const QStringList &folders)
{
    for (const QString &folder : folders) {
        auto *translator = new QTranslator(app);
        if (translator->load(locale, name, QStringLiteral("_"), folder)) {
            QCoreApplication::installTranslator(translator);
            return translator->filePath();
        }
        delete translator;
    }
    return {};
}

} // namespace

QLocale Languages::localeFor(const QString &setting)
{
    const QString name = setting.trimmed();
    if (!looksLikeLocaleName(name))
        return QLocale::system();
    const QLocale locale(name);
    // QLocale falls back to "C" for a name it does not know.
    return locale.language() == QLocale::C ? QLocale::system() : locale;
}

QStringList Languages::catalogueFolders()
{
    return {QStringLiteral(":/i18n"),
            QDir(QCoreApplication::applicationDirPath())
                .absoluteFilePath(QStringLiteral("../share/hookscope/translations"))};
}

QStringList Languages::install(QCoreApplication *app, const QString &setting)
{
    const QLocale locale = localeFor(setting);
    // The sources are English: nothing to load.
    if (locale.language() == QLocale::English || locale.language() == QLocale::C)
        return {};
    const QString own = installFirst(app, locale, QStringLiteral("hookscope"), catalogueFolders());
    if (own.isEmpty()) {
        qCInfo(lcGui) << "no translation for" << locale.name() << "- the window stays English";
        return {};
    }
    QStringList loaded{own};
    const QString qt = installFirst(app, locale, QStringLiteral("qtbase"),
                                    {QLibraryInfo::path(QLibraryInfo::TranslationsPath)});
    if (!qt.isEmpty())
        loaded.append(qt);
    else
        qCInfo(lcGui) << "Qt's own translation for" << locale.name() << "is not installed";
    // Numbers and dates follow the chosen language too.
    if (!setting.trimmed().isEmpty())
        QLocale::setDefault(locale);
    qCInfo(lcGui) << "translations loaded:" << loaded;
    return loaded;
}
