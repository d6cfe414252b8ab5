#include "commandline.h"

#include "migratecommand.h"
#include "optionvalues.h"
#include "replaycommand.h"
#include "servecommandline.h"
#include "watchcommand.h"

#include <QCommandLineParser>

#include <optional>

namespace {

QString programHelp(const QCommandLineParser &parser, const QString &command,
                    const QString &synopsis)
{
    QString text = parser.helpText();
    text.replace(QStringLiteral("[options]"), command + QStringLiteral(" [options]"));
    return synopsis + QStringLiteral("\n\n") + text;
}

void parseExport(QCommandLineParser &p, CommandLine &cl)
{
    cl.database = p.value(QStringLiteral("db"));
    cl.format = p.value(QStringLiteral("format")).toLower();
    if (cl.format != QLatin1String("csv") && cl.format != QLatin1String("jsonl")) {
        cl.error = QStringLiteral("--format must be csv or jsonl, not \"%1\"").arg(cl.format);
        return;
    }
    cl.table = p.value(QStringLiteral("table")).toLower();
    if (cl.table != QLatin1String("events") && cl.table != QLatin1String("changes")) {
        cl.error = QStringLiteral("--table must be events or changes, not \"%1\"").arg(cl.table);
        return;
    }
    cl.filter = p.value(QStringLiteral("filter"));
    cl.output = p.value(QStringLiteral("output"));
    cl.bom = p.isSet(QStringLiteral("bom"));
    cl.formulaGuard = !p.isSet(QStringLiteral("no-formula-guard"));
}

bool parseUrl(QCommandLineParser &p, CommandLine &cl)
{
    cl.url = QUrl(p.value(QStringLiteral("url")), QUrl::StrictMode);
    if (!p.isSet(QStringLiteral("url")) || !cl.url.isValid() ||
        cl.url.scheme() != QLatin1String("http") || cl.url.host().isEmpty()) {
        cl.error = QStringLiteral("--url needs an http:// URL, such as "
                                  "http://127.0.0.1:8787/webhook");
        return false;
    }
    return true;
}

// What is sent: generated samples of one kind, or the bodies of a file.
bool parseBodySource(QCommandLineParser &p, CommandLine &cl)
{
    const bool hasSample = p.isSet(QStringLiteral("sample"));
    const bool hasFile = p.isSet(QStringLiteral("file"));
    if (hasSample == hasFile) {
        cl.error = QStringLiteral("send needs exactly one of --sample KIND or --file F");
        return false;
    }
    if (hasSample) {
        cl.sample = SampleFactory::kindFromName(p.value(QStringLiteral("sample")));
        if (!cl.sample) {
            cl.error = QStringLiteral("--sample must be one of %1, not \"%2\"")
                           .arg(SampleFactory::kindNames().join(QStringLiteral(", ")),
                                p.value(QStringLiteral("sample")));
            return false;
        }
    }
    cl.file = p.value(QStringLiteral("file"));
    return true;
}

bool parseLoad(QCommandLineParser &p, CommandLine &cl)
{
    return OptionValues::positiveInt(p.value(QStringLiteral("count")), QStringLiteral("count"),
                                     &cl.count, &cl.error) &&
           OptionValues::positiveInt(p.value(QStringLiteral("concurrency")),
                                     QStringLiteral("concurrency"), &cl.concurrency, &cl.error);
}

bool parseSignMode(QCommandLineParser &p, CommandLine &cl)
{
    const auto mode = WebhookSender::signModeFromName(p.value(QStringLiteral("sign")));
    if (!mode) {
        cl.error = QStringLiteral("--sign must be exact, with-timestamp, bad or none, not \"%1\"")
                       .arg(p.value(QStringLiteral("sign")));
        return false;
    }
    cl.signMode = *mode;
    return true;
}

void parseSend(QCommandLineParser &p, CommandLine &cl, const QByteArray &envSecret)
{
    if (!parseUrl(p, cl))
        return;
    cl.secret =
        p.isSet(QStringLiteral("secret")) ? p.value(QStringLiteral("secret")).toUtf8() : envSecret;
    if (!parseBodySource(p, cl) || !parseLoad(p, cl) || !parseSignMode(p, cl))
        return;
    cl.test = p.isSet(QStringLiteral("test"));
    if (cl.secret.isEmpty() &&
        (cl.signMode == WebhookSender::SignMode::Exact ||
         cl.signMode == WebhookSender::SignMode::WithTimestamp) &&
        cl.file.isEmpty()) {
        cl.error = QStringLiteral("send needs --secret S (or HOOKSCOPE_SECRET) to sign; "
                                  "use --sign none to send unsigned deliveries");
    }
}

void addOption(QCommandLineParser &p, const QString &name, const QString &help,
               const QString &value = {}, const QString &defaultValue = {})
{
    p.addOption(QCommandLineOption(name, help, value, defaultValue));
}

void addExportOptions(QCommandLineParser &p)
{
    addOption(p, QStringLiteral("db"),
              QStringLiteral("A database file or a postgresql:// URL (default: the user's "
                             "HookScope store)."),
              QStringLiteral("STORE"));
    addOption(p, QStringLiteral("format"), QStringLiteral("csv (default) or jsonl."),
              QStringLiteral("FORMAT"), QStringLiteral("csv"));
    addOption(p, QStringLiteral("filter"),
              QStringLiteral("Only events matching this filter expression."),
              QStringLiteral("EXPR"));
    addOption(p, QStringLiteral("output"),
              QStringLiteral("Write to FILE instead of standard output."), QStringLiteral("FILE"));
    addOption(p, QStringLiteral("table"),
              QStringLiteral("events (default) or changes (customer field changes)."),
              QStringLiteral("TABLE"), QStringLiteral("events"));
    addOption(p, QStringLiteral("bom"),
              QStringLiteral("Start CSV with a UTF-8 byte order mark (for Excel; off by "
                             "default)."));
    addOption(p, QStringLiteral("no-formula-guard"),
              QStringLiteral("CSV: write cells exactly as stored. By default a cell that starts "
                             "with = + - @ tab or CR gets a leading ' so that spreadsheets do not "
                             "run it as a formula; turn that off only for files that programs "
                             "read, never for a spreadsheet."));
}

void addCheckOptions(QCommandLineParser &p)
{
    addOption(p, QStringLiteral("db"),
              QStringLiteral("A database file or a postgresql:// URL (default: the user's "
                             "HookScope store)."),
              QStringLiteral("STORE"));
}

void addSendOptions(QCommandLineParser &p)
{
    addOption(p, QStringLiteral("url"),
              QStringLiteral("Webhook URL, e.g. http://127.0.0.1:8787/webhook."),
              QStringLiteral("URL"));
    addOption(p, QStringLiteral("secret"),
              QStringLiteral("Webhook key to sign with; HOOKSCOPE_SECRET when absent."),
              QStringLiteral("S"));
    addOption(p, QStringLiteral("sample"),
              QStringLiteral("Generate deliveries: text, button, image, add_user, update_user."),
              QStringLiteral("KIND"));
    addOption(p, QStringLiteral("file"),
              QStringLiteral("Send a JSON body from FILE, or every vector of a fixtures file."),
              QStringLiteral("F"));
    addOption(p, QStringLiteral("count"), QStringLiteral("How many deliveries (default 1)."),
              QStringLiteral("N"), QStringLiteral("1"));
    addOption(p, QStringLiteral("concurrency"),
              QStringLiteral("Requests in flight at once (default 1)."), QStringLiteral("C"),
              QStringLiteral("1"));
    addOption(p, QStringLiteral("sign"),
              QStringLiteral("exact (default), with-timestamp, bad, or none."),
              QStringLiteral("MODE"), QStringLiteral("exact"));
    addOption(p, QStringLiteral("test"),
              QStringLiteral("Mark the deliveries as tests (header X-HookScope-Test: 1): the "
                             "window hides them unless the filter says test:yes. With --sample, "
                             "every id starts with hookscope-test- and a random part of this run, "
                             "and names end in [test], so they never meet real customers; a "
                             "--file is sent as it is, marked only."));
}

void addOptions(QCommandLineParser &p, CommandLine::Command command)
{
    using Command = CommandLine::Command;
    p.addHelpOption();
    if (command == Command::Serve)
        ServeCommandLine::addOptions(p);
    else if (command == Command::Export)
        addExportOptions(p);
    else if (command == Command::Send)
        addSendOptions(p);
    else if (command == Command::Check)
        addCheckOptions(p);
    else if (command == Command::Replay)
        ReplayCommand::addOptions(p);
    else if (command == Command::Watch)
        WatchCommand::addOptions(p);
    else if (command == Command::Migrate)
        MigrateCommand::addOptions(p);
}

// No command, help or version as the first word: cl is complete, true.
bool parseGlobalWord(const QString &first, CommandLine &cl)
{
    static const QStringList helpWords{QStringLiteral("-h"), QStringLiteral("--help"),
                                       QStringLiteral("--help-all"), QStringLiteral("help")};
    if (first.isEmpty() || helpWords.contains(first)) {
        cl.command = CommandLine::Command::Help;
        cl.helpText = CommandLine::usage();
        if (first.isEmpty())
            cl.error = QStringLiteral("a command is needed: serve, export or send");
        return true;
    }
    if (first == QLatin1String("-v") || first == QLatin1String("--version")) {
        cl.command = CommandLine::Command::Version;
        return true;
    }
    return false;
}

std::optional<CommandLine::Command> commandFromName(const QString &name)
{
    if (name == QLatin1String("serve"))
        return CommandLine::Command::Serve;
    if (name == QLatin1String("export"))
        return CommandLine::Command::Export;
    if (name == QLatin1String("send"))
        return CommandLine::Command::Send;
    if (name == QLatin1String("check"))
        return CommandLine::Command::Check;
    if (name == QLatin1String("replay"))
        return CommandLine::Command::Replay;
    if (name == QLatin1String("watch"))
        return CommandLine::Command::Watch;
    if (name == QLatin1String("migrate"))
        return CommandLine::Command::Migrate;
    return std::nullopt;
}

// --help and --help-all (addHelpOption() adds both) print the command's help
// and nothing else, even next to other options or mistakes.
bool asksForHelp(const QCommandLineParser &parser, const QString &command, CommandLine &cl)
{
    if (!parser.isSet(QStringLiteral("help")) && !parser.isSet(QStringLiteral("help-all")))
        return false;
    cl.helpText = programHelp(parser, command, QStringLiteral("hookscope-cli ") + command);
    cl.command = CommandLine::Command::Help;
    return true;
}

// "help COMMAND" is "COMMAND --help".
QStringList withHelpWordRewritten(const QStringList &arguments)
{
    if (arguments.value(1) != QLatin1String("help") || arguments.size() < 3)
        return arguments;
    return QStringList{arguments.value(0), arguments.value(2), QStringLiteral("--help")};
}

// Parses the options after the command word into `parser`. False when cl is
// complete already: an error, or the command's --help.
bool parseCommandOptions(QCommandLineParser &parser, const QStringList &arguments, CommandLine &cl)
{
    const QString command = arguments.value(1);
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    addOptions(parser, cl.command);
    QStringList rest = arguments.mid(2);
    rest.prepend(arguments.value(0));
    const bool parsed = parser.parse(rest);
    if (asksForHelp(parser, command, cl))
        return false;
    if (!parsed) {
        cl.error = parser.errorText();
        return false;
    }
    if (!parser.positionalArguments().isEmpty()) {
        cl.error = QStringLiteral("unexpected argument \"%1\"")
                       .arg(parser.positionalArguments().constFirst());
        return false;
    }
    return true;
}

} // namespace

QString CommandLine::usage()
{
    return QStringLiteral("Usage: hookscope-cli COMMAND [options]\n"
                          "Receive, store, export and send SaleSmartly webhooks.\n\n"
                          "Commands:\n"
                          "  serve    Run the webhook receiver until interrupted\n"
                          "  export   Write stored events as CSV or JSON Lines\n"
                          "  send     Send signed test deliveries (and measure the answers)\n"
                          "  check    Check a store's integrity (exit 0 if sound)\n"
                          "  replay   Re-send stored events to a URL (and count the answers)\n"
                          "  watch    Print each new event as it is committed, until interrupted\n"
                          "  migrate  Copy a store into another (SQLite and PostgreSQL)\n\n"
                          "Options:\n"
                          "  -h, --help     Show this help, or a command's help after it\n"
                          "  -v, --version  Show the version\n");
}

CommandLine CommandLine::parse(const QStringList &givenArguments,
                               const QByteArray &environmentSecret)
{
    CommandLine cl;
    const QStringList arguments = withHelpWordRewritten(givenArguments);
    const QString first = arguments.value(1);
    if (parseGlobalWord(first, cl))
        return cl;
    const std::optional<Command> command = commandFromName(first);
    if (!command) {
        cl.error =
            QStringLiteral(
                "unknown command \"%1\" (use serve, export, send, check, replay, watch or migrate)")
                .arg(first);
        return cl;
    }
    cl.command = *command;
    QCommandLineParser parser;
    if (!parseCommandOptions(parser, arguments, cl))
        return cl;
    if (cl.command == Command::Serve)
        ServeCommandLine::parse(parser, cl, environmentSecret);
    else if (cl.command == Command::Export)
        parseExport(parser, cl);
    else if (cl.command == Command::Check)
        cl.database = parser.value(QStringLiteral("db"));
    else if (cl.command == Command::Replay)
        ReplayCommand::parse(parser, cl);
    else if (cl.command == Command::Watch)
        WatchCommand::parse(parser, cl);
    else if (cl.command == Command::Migrate)
        MigrateCommand::parse(parser, cl);
    else
        parseSend(parser, cl, environmentSecret);
    return cl;
}
