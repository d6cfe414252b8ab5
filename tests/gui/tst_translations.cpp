#include "window/languages.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QLibraryInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

#include <algorithm>

// The Linguist catalogues in translations/ are complete: every string of the
// sources is there, translated, keeping its placeholders, and nothing is kept
// that the sources dropped. docs/translations.md says how to keep it so.
class TestTranslations final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void catalogueIsComplete_data();
    void catalogueIsComplete();
    void sourcesHaveNoStringTheCatalogueLacks_data();
    void sourcesHaveNoStringTheCatalogueLacks();
    void chineseCatalogueTranslatesTheWindow();
    void chosenLanguageLoadsOursAndQts();
    void englishLoadsNothing();
};

namespace {

struct Message {
    QString context;
    QString source;
    QString type; // "", "unfinished", "vanished", "obsolete"
    QStringList translations;
};

struct Catalogue {
    QString language;
    QList<Message> messages;
    QString error;
};

Catalogue read(const QString &path)
{
    Catalogue catalogue;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        catalogue.error = file.errorString();
        return catalogue;
    }
    QXmlStreamReader xml(&file);
    QString context;
    Message message;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("TS")) {
            catalogue.language = xml.attributes().value(QLatin1String("language")).toString();
        } else if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            message = Message{context, {}, {}, {}};
        } else if (name == QLatin1String("source")) {
            message.source = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            message.type = xml.attributes().value(QLatin1String("type")).toString();
            // A plural form holds one <numerusform> per form.
            QStringList forms;
            QString text;
            while (!xml.atEnd()) {
                xml.readNext();
                if (xml.isStartElement() && xml.name() == QLatin1String("numerusform"))
                    forms.append(xml.readElementText());
                else if (xml.isCharacters())
                    text += xml.text();
                else if (xml.isEndElement() && xml.name() == QLatin1String("translation"))
                    break;
            }
            message.translations = forms.isEmpty() ? QStringList{text} : forms;
            catalogue.messages.append(message);
        }
    }
    if (xml.hasError())
        catalogue.error = xml.errorString();
    return catalogue;
}

QStringList placeholders(const QString &text)
{
    static const QRegularExpression marker(QStringLiteral("%L?(\\d{1,2}|n)"));
    QStringList found;
    for (auto it = marker.globalMatch(text); it.hasNext();) {
        const QString number = it.next().captured(1);
        if (!found.contains(number))
            found.append(number);
    }
    std::sort(found.begin(), found.end());
    return found;
}

QString sourceDir()
{
    return QStringLiteral(HOOKSCOPE_SOURCE_DIR);
}

QStringList catalogues()
{
    const QDir dir(sourceDir() + QStringLiteral("/translations"));
    QStringList files;
    const QStringList names = dir.entryList({QStringLiteral("*.ts")}, QDir::Files, QDir::Name);
    for (const QString &name : names)
        files.append(dir.filePath(name));
    return files;
}

// "context: source" of each message not translated and current.
QStringList unfinished(const Catalogue &catalogue)
{
    QStringList problems;
    for (const Message &m : catalogue.messages) {
        const bool empty = std::any_of(m.translations.begin(), m.translations.end(),
                                       [](const QString &t) { return t.isEmpty(); });
        if (!m.type.isEmpty() || empty)
            problems.append(
                QStringLiteral("%1 [%2]: %3")
                    .arg(m.context, m.type.isEmpty() ? QStringLiteral("empty") : m.type, m.source));
    }
    return problems;
}

void addCatalogueRows()
{
    QTest::addColumn<QString>("path");
    const QStringList files = catalogues();
    for (const QString &file : files)
        QTest::newRow(qPrintable(QFileInfo(file).fileName())) << file;
}

} // namespace

void TestTranslations::initTestCase()
{
    // Not vacuous: the Chinese catalogue is there and is the size of the window.
    QVERIFY(
        catalogues().contains(sourceDir() + QStringLiteral("/translations/hookscope_zh_CN.ts")));
    const Catalogue zh = read(sourceDir() + QStringLiteral("/translations/hookscope_zh_CN.ts"));
    QVERIFY2(zh.error.isEmpty(), qPrintable(zh.error));
    QVERIFY2(zh.messages.size() > 250, qPrintable(QString::number(zh.messages.size())));
}

void TestTranslations::catalogueIsComplete_data()
{
    addCatalogueRows();
}

void TestTranslations::catalogueIsComplete()
{
    QFETCH(QString, path);
    const Catalogue catalogue = read(path);
    QVERIFY2(catalogue.error.isEmpty(), qPrintable(catalogue.error));
    QVERIFY(!catalogue.language.isEmpty());
    const QStringList problems = unfinished(catalogue);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    QStringList changed;
    for (const Message &m : catalogue.messages) {
        const QStringList expected = placeholders(m.source);
        for (const QString &t : m.translations) {
            if (placeholders(t) != expected)
                changed.append(QStringLiteral("%1: \"%2\" -> \"%3\"").arg(m.context, m.source, t));
        }
    }
    QVERIFY2(changed.isEmpty(), qPrintable(changed.join(u'\n')));
}

void TestTranslations::sourcesHaveNoStringTheCatalogueLacks_data()
{
    addCatalogueRows();
}

// lupdate runs over the sources into a copy; a string the catalogue lacks
// comes back unfinished, one it keeps but the sources dropped vanished.
void TestTranslations::sourcesHaveNoStringTheCatalogueLacks()
{
    QFETCH(QString, path);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString copy = dir.filePath(QFileInfo(path).fileName());
    QVERIFY(QFile::copy(path, copy));
    QFile::setPermissions(copy, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QProcess lupdate;
    lupdate.setProcessChannelMode(QProcess::MergedChannels);
    lupdate.start(QStringLiteral(HOOKSCOPE_LUPDATE_PATH),
                  {sourceDir() + QStringLiteral("/src/gui"),
                   sourceDir() + QStringLiteral("/src/core"), sourceDir() + QStringLiteral("/ui"),
                   QStringLiteral("-locations"), QStringLiteral("none"), QStringLiteral("-ts"),
                   copy});
    QVERIFY2(lupdate.waitForFinished(180000), qPrintable(lupdate.errorString()));
    const QString output = QString::fromLocal8Bit(lupdate.readAll());
    QVERIFY2(lupdate.exitStatus() == QProcess::NormalExit && lupdate.exitCode() == 0,
             qPrintable(output));
    const Catalogue before = read(path);
    const Catalogue after = read(copy);
    QVERIFY2(after.error.isEmpty(), qPrintable(after.error));
    const QStringList problems = unfinished(after);
    QVERIFY2(problems.isEmpty(),
             qPrintable(QStringLiteral("run the update_translations target and translate:\n") +
                        problems.join(u'\n')));
    QCOMPARE(after.messages.size(), before.messages.size());
}

void TestTranslations::chineseCatalogueTranslatesTheWindow()
{
    QTranslator translator;
    QVERIFY(translator.load(QStringLiteral(":/i18n/hookscope_zh_CN.qm")));
    QCOMPARE(translator.translate("MainActions", "&File"), QStringLiteral("文件(&F)"));
    QVERIFY(!translator.translate("SettingsDialog", "HookScope Settings").isEmpty());
    // Strings that are data or protocol stay out of the catalogue.
    QVERIFY(translator.translate("EventTableModel", "verified").isEmpty());
}

void TestTranslations::chosenLanguageLoadsOursAndQts()
{
    const QStringList loaded =
        Languages::install(QCoreApplication::instance(), QStringLiteral("zh_CN"));
    QVERIFY(!loaded.isEmpty());
    QVERIFY2(loaded.first().endsWith(QStringLiteral("hookscope_zh_CN.qm")),
             qPrintable(loaded.first()));
    QCOMPARE(QCoreApplication::translate("MainActions", "&File"), QStringLiteral("文件(&F)"));
    if (!QFile::exists(QLibraryInfo::path(QLibraryInfo::TranslationsPath) +
                       QStringLiteral("/qtbase_zh_CN.qm")))
        QSKIP("Qt's Chinese translation is not installed here");
    QCOMPARE(loaded.size(), 2);
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("取消"));
    QLocale::setDefault(QLocale::c());
}

void TestTranslations::englishLoadsNothing()
{
    QVERIFY(Languages::install(QCoreApplication::instance(), QStringLiteral("en")).isEmpty());
    QCOMPARE(Languages::localeFor(QStringLiteral("zh_CN")).language(), QLocale::Chinese);
    // A hostile or garbled setting means "the system's".
    QCOMPARE(Languages::localeFor(QStringLiteral("../../etc/passwd")), QLocale::system());
    QCOMPARE(Languages::localeFor(QString(100, u'a')), QLocale::system());
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
