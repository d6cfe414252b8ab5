#include "window/guicommandline.h"

#include <QCommandLineParser>

namespace {

QString opt(const char *name)
{
    return QString::fromLatin1(name);
}

} // namespace

void GuiCommandLine::addOptions(QCommandLineParser &p)
{
    p.setApplicationDescription(tr("Receive SaleSmartly webhooks and watch them live."));
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    p.addOptions({
        {{opt("h"), opt("help")}, tr("Show this help.")},
        {{opt("v"), opt("version")}, tr("Show the version.")},
        {opt("db"), tr("Event store file (default: saved setting)."), opt("FILE")},
        {opt("listen"), tr("Address to listen on, e.g. 127.0.0.1:8787 (port 0 picks a free port)."),
         opt("HOST:PORT")},
        {opt("path"), tr("Webhook path, e.g. /webhook."), opt("PATH")},
        {opt("secret"), tr("Webhook key; HOOKSCOPE_SECRET is used when absent."), opt("S")},
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
    if (!p.parse(arguments)) {
        cl.error = p.errorText();
        return cl;
    }
    if (!p.positionalArguments().isEmpty()) {
        cl.error = tr("unexpected argument \"%1\"").arg(p.positionalArguments().constFirst());
        return cl;
    }
    cl.help = p.isSet(opt("help"));
    cl.version = p.isSet(opt("version"));
    cl.selfTest = p.isSet(opt("self-test"));
    cl.database = p.value(opt("db"));
    if (p.isSet(opt("listen"))) {
        ReceiverConfig probe;
        if (!probe.setListen(p.value(opt("listen")), &cl.error))
            return cl;
        cl.host = probe.host;
        cl.port = probe.port;
    }
    if (p.isSet(opt("path")))
        cl.path = ReceiverConfig::normalisedPath(p.value(opt("path")));
    if (p.isSet(opt("secret")))
        cl.secret = p.value(opt("secret")).toUtf8();
    else if (!environmentSecret.isEmpty())
        cl.secret = environmentSecret;
    return cl;
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

bool GuiCommandLine::asksForSelfTest(int argc, const char *const *argv)
{
    for (int i = 1; i < argc; ++i) {
        if (qstrcmp(argv[i], "--self-test") == 0 || qstrcmp(argv[i], "-self-test") == 0)
            return true;
    }
    return false;
}
