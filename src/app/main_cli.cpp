#include "apppaths.h"
#include "checkcommand.h"
#include "commandline.h"
#include "exportcommand.h"
#include "migratecommand.h"
#include "replaycommand.h"
#include "sendcommand.h"
#include "servecommand.h"
#include "watchcommand.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

namespace {

void printWarnings(const CommandLine &cl, QTextStream &err)
{
    for (const QString &warning : cl.warnings)
        err << "hookscope-cli: warning: " << warning << Qt::endl;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    AppPaths::setApplicationNames();
    // Debug lines repeat what the commands print (QT_LOGGING_RULES overrides).
    QLoggingCategory::setFilterRules(QStringLiteral("hookscope.*.debug=false"));
    const CommandLine cl =
        CommandLine::parse(QCoreApplication::arguments(), qgetenv("HOOKSCOPE_SECRET"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (!cl.error.isEmpty()) {
        err << "hookscope-cli: " << cl.error << Qt::endl;
        err << "Try 'hookscope-cli --help'." << Qt::endl;
        return 2;
    }
    printWarnings(cl, err);
    switch (cl.command) {
    case CommandLine::Command::Help:
        out << cl.helpText;
        return 0;
    case CommandLine::Command::Version:
        out << "hookscope-cli " << HOOKSCOPE_VERSION << Qt::endl;
        return 0;
    case CommandLine::Command::Serve:
        return ServeCommand::run(cl);
    case CommandLine::Command::Export:
        return ExportCommand::run(cl);
    case CommandLine::Command::Send:
        return SendCommand::run(cl);
    case CommandLine::Command::Check:
        return CheckCommand::run(cl);
    case CommandLine::Command::Replay:
        return ReplayCommand::run(cl);
    case CommandLine::Command::Watch:
        return WatchCommand::run(cl);
    case CommandLine::Command::Migrate:
        return MigrateCommand::run(cl);
    case CommandLine::Command::None:
        break;
    }
    return 2;
}
