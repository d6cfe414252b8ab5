#pragma once

#include "ingest/receiverconfig.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <optional>

class QCommandLineParser;

// hookscope's command line, parsed without side effects so that tests can
// check every option: --db, --listen, --path, --secret, --secret-file (or
// HOOKSCOPE_SECRET), --self-test. What is given overrides the saved settings
// for this session only; what is absent comes from the settings.
struct GuiCommandLine {
    Q_DECLARE_TR_FUNCTIONS(GuiCommandLine)

public:
    QString error; // non-empty: print it and exit 2
    bool help = false;
    bool version = false;
    QString helpText;
    QStringList warnings; // allowed but probably not meant: print them, go on
    bool selfTest = false;

    QString database; // empty: the saved setting
    std::optional<QString> host;
    std::optional<quint16> port;
    std::optional<QString> path;
    std::optional<QByteArray> secret;

    // `arguments` as in QCoreApplication::arguments() (program name first).
    static GuiCommandLine parse(const QStringList &arguments, const QByteArray &environmentSecret);
    // Whether --self-test is among the raw arguments (before QApplication).
    static bool asksForSelfTest(int argc, const char *const *argv);
    // Whether the run only prints (--help, --help-all, --version), so that it
    // needs no display either (help2man runs it on a build machine).
    static bool onlyPrints(int argc, const char *const *argv);
    // `base` (the saved settings) with this command line's overrides.
    ReceiverConfig applyTo(ReceiverConfig base) const;
    bool hasReceiverOverrides() const;

private:
    static void addOptions(QCommandLineParser &parser);
    bool readSecret(const QCommandLineParser &parser, const QByteArray &environmentSecret);
    static QString qtOptionsHelp();
};
