#include "window/guicommandline.h"

#include "store/storelocation.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>

namespace {

constexpr qint64 kMaxSecretBytes = 4096;

QString opt(const char *name)
{
    return QString::fromLatin1(name);
}

// The same rules as hookscope-cli serve --secret-file: one line, its line end
// dropped; empty, unreadable or oversized files are errors.
QString readSecretFile(const QString &path, QByteArray *secret)
{
    QFile file(path);
    if (QFileInfo(path).isDir())
        return GuiCommandLine::tr("cannot use secret file \"%1\": it is a folder").arg(path);
    if (!file.open(QIODevice::ReadOnly))
        return GuiCommandLine::tr("cannot use secret file \"%1\": %2")
            .arg(path, file.errorString());
    // Bounded read: a device such as /dev/zero must not fill the memory.
    QByteArray data = file.read(kMaxSecretBytes + 1);
    while (data.size() <= kMaxSecretBytes && (data.endsWith('\n') || data.endsWith('\r')))
        data.chop(1);
    if (data.size() > kMaxSecretBytes || data.contains('\n') || data.contains('\r'))
        return GuiCommandLine::tr("cannot use secret file \"%1\": it is not one short line")
            .arg(path);
    if (data.isEmpty())
        return GuiCommandLine::tr("cannot use secret file \"%1\": it is empty").arg(path);
    *secret = data;
    return {};
}

} // namespace

void GuiCommandLine::addOptions(QCommandLineParser &p)
{
    p.setApplicationDescription(tr("Receive SaleSmartly webhooks and watch them live."));
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    p.addOptions({
        {{opt("h"), opt("help")}, tr("Show this help.")},
        {opt("help-all"), tr("Show this help and the Qt options HookScope accepts.")},
        {{opt("v"), opt("version")}, tr("Show the version.")},
        {opt("db"),
         tr("Event store: a file, or a PostgreSQL database as "
            "postgresql://USER[:PASSWORD]@HOST[:PORT]/DBNAME (default: saved setting)."),
         opt("STORE")},
        {opt("listen"), tr("Address to listen on, e.g. 127.0.0.1:8787 (port 0 picks a free port)."),
         opt("HOST:PORT")},
        {opt("path"), tr("Webhook path, e.g. /webhook."), opt("PATH")},
        {opt("secret"),
         tr("Webhook key; HOOKSCOPE_SECRET is used when absent. Visible to other users in the "
            "process list: prefer --secret-file."),
         opt("S")},
        {opt("secret-file"), tr("Read the webhook key from FILE (one line; keep it chmod 600)."),
         opt("FILE")},
        {opt("self-test"), tr("Start offscreen with a temporary store, send signed deliveries "
                              "through the receiver, check the stream, exit.")},
    });
}

GuiCommandLine GuiCommandLine::parse(const QStringList &arguments,
                                     const QByteArray &environmentSecret)
{
    GuiCommandLine cl;
    QCommandLineParser p;
    addOptions(p);
    cl.helpText = p.helpText();
    const bool parsed = p.parse(arguments);
    // Help only prints help, even next to other options or mistakes.
    cl.help = p.isSet(opt("help")) || p.isSet(opt("help-all"));
    if (p.isSet(opt("help-all")))
        cl.helpText += qtOptionsHelp();
    if (cl.help)
        return cl;
    if (!parsed) {
        cl.error = p.errorText();
        return cl;
    }
    if (!p.positionalArguments().isEmpty()) {
        cl.error = tr("unexpected argument \"%1\"").arg(p.positionalArguments().constFirst());
        return cl;
    }
    cl.version = p.isSet(opt("version"));
    cl.selfTest = p.isSet(opt("self-test"));
    cl.database = p.value(opt("db"));
    // A team store (docs/team.md): the window shows the desk's copy of it.
    if (StoreLocation::looksLikePostgres(cl.database)) {
        QString why;
        if (!StoreLocation::parse(cl.database, &why)) {
            cl.error = why;
            return cl;
        }
    }
    if (p.isSet(opt("listen"))) {
        ReceiverConfig probe;
        if (!probe.setListen(p.value(opt("listen")), &cl.error))
            return cl;
        cl.host = probe.host;
        cl.port = probe.port;
    }
    if (p.isSet(opt("path")))
        cl.path = ReceiverConfig::normalisedPath(p.value(opt("path")));
    cl.readSecret(p, environmentSecret);
    return cl;
}

// --secret, --secret-file or HOOKSCOPE_SECRET, in that order; not both options.
bool GuiCommandLine::readSecret(const QCommandLineParser &p, const QByteArray &environmentSecret)
{
    if (!p.isSet(opt("secret-file"))) {
        if (p.isSet(opt("secret")))
            secret = p.value(opt("secret")).toUtf8();
        else if (!environmentSecret.isEmpty())
            secret = environmentSecret;
        return true;
    }
    if (p.isSet(opt("secret"))) {
        error = tr("give --secret or --secret-file, not both");
        return false;
    }
    const QString path = p.value(opt("secret-file"));
    QByteArray fromFile;
    error = readSecretFile(path, &fromFile);
    if (!error.isEmpty())
        return false;
    secret = fromFile;
    if (QFileInfo(path).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther))
        warnings.append(
            tr("secret file \"%1\" is readable by other users (chmod 600 \"%1\")").arg(path));
    return true;
}

// QApplication takes these before the command line reaches parse().
QString GuiCommandLine::qtOptionsHelp()
{
    return tr("\nQt options (read by Qt before HookScope sees the command line):\n"
              "  -platform NAME           Window system plugin, e.g. xcb, wayland, offscreen.\n"
              "  -style NAME              Widget style, e.g. fusion.\n"
              "  -stylesheet FILE         Qt style sheet applied to the window.\n"
              "  -reverse                 Right-to-left layout.\n"
              "  -qwindowgeometry GEOM    First window's geometry, e.g. 1200x800+0+0.\n"
              "  -qwindowtitle TITLE      First window's title.\n"
              "  -display DISPLAY         X11 display to use (xcb only).\n");
}

ReceiverConfig GuiCommandLine::applyTo(ReceiverConfig base) const
{
    if (host)
        base.host = *host;
    if (port)
        base.port = *port;
    if (path)
        base.path = *path;
    if (secret)
        base.secret = *secret;
    return base;
}

bool GuiCommandLine::hasReceiverOverrides() const
{
    return host || port || path || secret;
}

bool GuiCommandLine::onlyPrints(int argc, const char *const *argv)
{
    static const char *const kPrinting[] = {"--help", "-h", "--help-all", "--version", "-v"};
    for (int i = 1; i < argc; ++i) {
        for (const char *option : kPrinting) {
            if (qstrcmp(argv[i], option) == 0)
                return true;
        }
    }
    return false;
}

bool GuiCommandLine::asksForSelfTest(int argc, const char *const *argv)
{
    for (int i = 1; i < argc; ++i) {
        if (qstrcmp(argv[i], "--self-test") == 0 || qstrcmp(argv[i], "-self-test") == 0)
            return true;
    }
    return false;
}
