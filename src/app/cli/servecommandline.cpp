#include "servecommandline.h"

#include "commandline.h"
#include "forwardrequest.h"
#include "optionvalues.h"
#include "secretfile.h"

#include <QCommandLineParser>

#include <algorithm>

namespace {

QString opt(const char *name)
{
    return QString::fromLatin1(name);
}

void addOption(QCommandLineParser &p, const char *name, const QString &help,
               const char *value = nullptr)
{
    p.addOption(QCommandLineOption(opt(name), help, value ? opt(value) : QString()));
}

void addListenOptions(QCommandLineParser &p)
{
    addOption(p, "listen",
              QStringLiteral("Address to listen on (default 127.0.0.1:8787; port 0 picks a free "
                             "port)."),
              "HOST:PORT");
    addOption(p, "path", QStringLiteral("Webhook path (default /webhook)."), "PATH");
    addOption(p, "secret",
              QStringLiteral("Webhook key; HOOKSCOPE_SECRET is used when absent. Visible to "
                             "other users in the process list: prefer --secret-file."),
              "S");
    addOption(p, "secret-file",
              QStringLiteral("Read the webhook key from FILE (one line; keep it chmod 600)."),
              "FILE");
    addOption(p, "db",
              QStringLiteral("A database file or a postgresql:// URL (default: the user's "
                             "HookScope store)."),
              "STORE");
    addOption(p, "policy",
              QStringLiteral("strict (refuse bad signatures, default), record, or off."), "POLICY");
}

void addEdgeOptions(QCommandLineParser &p)
{
    addOption(p, "max-body",
              QStringLiteral("Refuse bodies larger than this with 413 (default 1M; suffixes K, "
                             "M, G)."),
              "BYTES");
    addOption(p, "tls-cert",
              QStringLiteral("Serve HTTPS with this PEM certificate (with --tls-key)."), "FILE");
    addOption(p, "tls-key", QStringLiteral("The PEM private key of --tls-cert."), "FILE");
    addOption(p, "trusted-proxy",
              QStringLiteral("A reverse proxy whose X-Forwarded-For names the real sender "
                             "(an IP address or subnet; repeatable)."),
              "ADDR");
    addOption(p, "max-connections",
              QStringLiteral("Open connections at most, from everyone (default 1024)."), "N");
    addOption(p, "max-connections-per-address",
              QStringLiteral("Open connections at most from one address (default 64)."), "N");
    addOption(p, "stale-after",
              QStringLiteral("A signed timestamp further than this from the local clock is stale "
                             "(default 600)."),
              "SECONDS");
    addOption(p, "refuse-stale",
              QStringLiteral("Refuse stale deliveries instead of marking them (strict policy)."));
    addOption(p, "forward",
              QStringLiteral("Re-send every verified delivery to this http(s) URL, byte for byte, "
                             "with retries (repeatable; docs/forwarding.md)."),
              "URL");
    addOption(p, "forward-retry",
              QStringLiteral("Seconds before the first retry of a failed forward; each next wait "
                             "doubles, up to 10 minutes (default 5)."),
              "SECONDS");
    addOption(p, "forward-give-up",
              QStringLiteral("Hours after which a forward that still fails is given up (default "
                             "24)."),
              "HOURS");
}

// A positive number of seconds or hours as milliseconds; false with an error.
bool positiveDuration(const QCommandLineParser &p, const char *name, double unitMs, qint64 *ms,
                      QString *error)
{
    if (!p.isSet(opt(name)))
        return true;
    bool ok = false;
    const double value = p.value(opt(name)).toDouble(&ok);
    if (!ok || !(value > 0) || value * unitMs > 365.0 * 24 * 3600 * 1000 || value * unitMs < 1) {
        *error = QStringLiteral("--%1 must be a positive number, not \"%2\"")
                     .arg(opt(name), p.value(opt(name)));
        return false;
    }
    *ms = qint64(value * unitMs);
    return true;
}

// --forward URL: a rule with no filter, verified events only.
bool parseForwards(const QCommandLineParser &p, CommandLine &cl)
{
    const QStringList values = p.values(opt("forward"));
    for (const QString &value : values) {
        QUrl url;
        QString why;
        if (!ForwardRequest::checkTarget(value, &url, &why)) {
            cl.error = QStringLiteral("--forward: ") + why;
            return false;
        }
        ForwardRule rule;
        rule.url = url.toString(QUrl::FullyEncoded);
        if (!cl.receiver.forwardRules.contains(rule))
            cl.receiver.forwardRules.append(rule);
    }
    ForwardPolicy &policy = cl.forwardPolicy;
    if (!positiveDuration(p, "forward-retry", 1000.0, &policy.firstRetryMs, &cl.error) ||
        !positiveDuration(p, "forward-give-up", 3600.0 * 1000, &policy.giveUpAfterMs, &cl.error))
        return false;
    policy.maxRetryMs = std::max(policy.maxRetryMs, policy.firstRetryMs);
    return true;
}

// --secret, --secret-file or HOOKSCOPE_SECRET, in that order; not both options.
bool parseSecret(const QCommandLineParser &p, CommandLine &cl, const QByteArray &envSecret)
{
    const bool hasSecret = p.isSet(opt("secret"));
    if (!p.isSet(opt("secret-file"))) {
        cl.receiver.secret = hasSecret ? p.value(opt("secret")).toUtf8() : envSecret;
        return true;
    }
    if (hasSecret) {
        cl.error = QStringLiteral("give --secret or --secret-file, not both");
        return false;
    }
    QString warning;
    if (!SecretFile::read(p.value(opt("secret-file")), &cl.receiver.secret, &cl.error, &warning))
        return false;
    if (!warning.isEmpty())
        cl.warnings.append(warning);
    return true;
}

bool parseListen(const QCommandLineParser &p, CommandLine &cl)
{
    if (p.isSet(opt("listen")) && !cl.receiver.setListen(p.value(opt("listen")), &cl.error))
        return false;
    if (p.isSet(opt("path")))
        cl.receiver.path = ReceiverConfig::normalisedPath(p.value(opt("path")));
    cl.database = p.value(opt("db"));
    if (!p.isSet(opt("policy")))
        return true;
    const auto policy = policyFromWord(p.value(opt("policy")));
    if (!policy) {
        cl.error = QStringLiteral("--policy must be strict, record or off, not \"%1\"")
                       .arg(p.value(opt("policy")));
        return false;
    }
    cl.receiver.policy = *policy;
    return true;
}

// Both files or neither; each must be readable now, so that a typo fails here
// and not later on the receiver's thread. The server checks the PEM content.
bool parseTls(const QCommandLineParser &p, CommandLine &cl)
{
    const bool hasCert = p.isSet(opt("tls-cert"));
    if (hasCert != p.isSet(opt("tls-key"))) {
        cl.error = QStringLiteral("--tls-cert and --tls-key go together: give both PEM files or "
                                  "neither");
        return false;
    }
    if (!hasCert)
        return true;
    cl.receiver.tlsCertPath = p.value(opt("tls-cert"));
    cl.receiver.tlsKeyPath = p.value(opt("tls-key"));
    return OptionValues::readableFile(cl.receiver.tlsCertPath, opt("tls-cert"), &cl.error) &&
           OptionValues::readableFile(cl.receiver.tlsKeyPath, opt("tls-key"), &cl.error);
}

bool parseProxies(const QCommandLineParser &p, CommandLine &cl)
{
    const QStringList values = p.values(opt("trusted-proxy"));
    for (const QString &value : values) {
        QString address;
        if (!OptionValues::proxyAddress(value, opt("trusted-proxy"), &address, &cl.error))
            return false;
        if (!cl.receiver.trustedProxies.contains(address))
            cl.receiver.trustedProxies.append(address);
    }
    return true;
}

// An option's number when given; the default stays otherwise.
bool optionalPositive(const QCommandLineParser &p, const char *name, int *value, QString *error)
{
    return !p.isSet(opt(name)) ||
           OptionValues::positiveInt(p.value(opt(name)), opt(name), value, error);
}

bool parseLimits(const QCommandLineParser &p, CommandLine &cl)
{
    if (p.isSet(opt("max-body")) &&
        !OptionValues::byteSize(p.value(opt("max-body")), opt("max-body"),
                                &cl.receiver.maxBodyBytes, &cl.error))
        return false;
    GuardLimits &guard = cl.receiver.guard;
    int staleSeconds = 0;
    if (!optionalPositive(p, "max-connections", &guard.maxConnections, &cl.error) ||
        !optionalPositive(p, "max-connections-per-address", &guard.maxConnectionsPerAddress,
                          &cl.error) ||
        !optionalPositive(p, "stale-after", &staleSeconds, &cl.error))
        return false;
    if (staleSeconds > 0)
        cl.receiver.staleAfterMs = qint64(staleSeconds) * 1000;
    cl.receiver.refuseStale = p.isSet(opt("refuse-stale"));
    if (cl.receiver.refuseStale && cl.receiver.policy != VerifyPolicy::Strict)
        cl.warnings.append(QStringLiteral("--refuse-stale has no effect under --policy %1: "
                                          "only the strict policy refuses deliveries")
                               .arg(policyWord(cl.receiver.policy)));
    return true;
}

} // namespace

void ServeCommandLine::addOptions(QCommandLineParser &parser)
{
    addListenOptions(parser);
    addEdgeOptions(parser);
}

void ServeCommandLine::parse(const QCommandLineParser &parser, CommandLine &cl,
                             const QByteArray &environmentSecret)
{
    // Each step stops at its first error; later steps then do not run.
    static_cast<void>(parseListen(parser, cl) && parseSecret(parser, cl, environmentSecret) &&
                      parseTls(parser, cl) && parseProxies(parser, cl) && parseLimits(parser, cl) &&
                      parseForwards(parser, cl));
}
