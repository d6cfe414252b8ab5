#include "settings/settings.h"

#include "apppaths.h"
#include "models/channelmodel.h"
#include "settings/filesecretbackend.h"
#include "settings/forwardrulecheck.h"
#include "settings/keychainsecretbackend.h"
#include "settings/secretstore.h"
#include "settings/settingswriter.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

#include <limits>

namespace {

constexpr int kHistoryLength = 20;

QString key(const char *name)
{
    return QString::fromLatin1(name);
}

// A stored number that is not positive (edited by hand, or garbage) gives
// the default back rather than a receiver that refuses everything.
qint64 positiveValue(const QSettings &settings, const QString &name, qint64 fallback)
{
    bool ok = false;
    const qint64 value = settings.value(name, fallback).toLongLong(&ok);
    return ok && value > 0 ? value : fallback;
}

int positiveInt(const QSettings &settings, const QString &name, int fallback)
{
    return static_cast<int>(
        qMin<qint64>(positiveValue(settings, name, fallback), std::numeric_limits<int>::max()));
}

// The receiver's edge: body limit, TLS files, proxies, connection caps, the
// stale window.
void readEdge(const QSettings &s, ReceiverConfig &c)
{
    c.maxBodyBytes = positiveValue(s, key("receiver/maxBodyBytes"), c.maxBodyBytes);
    c.tlsCertPath = s.value(key("receiver/tlsCertificate")).toString();
    c.tlsKeyPath = s.value(key("receiver/tlsKey")).toString();
    c.trustedProxies = s.value(key("receiver/trustedProxies")).toStringList();
    c.guard.maxConnections = positiveInt(s, key("receiver/maxConnections"), c.guard.maxConnections);
    c.guard.maxConnectionsPerAddress =
        positiveInt(s, key("receiver/maxConnectionsPerAddress"), c.guard.maxConnectionsPerAddress);
    c.staleAfterMs = positiveValue(s, key("receiver/staleAfterMs"), c.staleAfterMs);
    c.refuseStale = s.value(key("receiver/refuseStale"), c.refuseStale).toBool();
}

void writeEdge(QSettings &s, const ReceiverConfig &c)
{
    s.setValue(key("receiver/maxBodyBytes"), c.maxBodyBytes);
    s.setValue(key("receiver/tlsCertificate"), c.tlsCertPath);
    s.setValue(key("receiver/tlsKey"), c.tlsKeyPath);
    s.setValue(key("receiver/trustedProxies"), c.trustedProxies);
    s.setValue(key("receiver/maxConnections"), c.guard.maxConnections);
    s.setValue(key("receiver/maxConnectionsPerAddress"), c.guard.maxConnectionsPerAddress);
    s.setValue(key("receiver/staleAfterMs"), c.staleAfterMs);
    s.setValue(key("receiver/refuseStale"), c.refuseStale);
}

// A settings key for a store: the SHA-1 of its absolute path, in hex.
QString storeKey(const QString &storePath)
{
    const QByteArray path = QFileInfo(storePath).absoluteFilePath().toUtf8();
    return QString::fromLatin1(QCryptographicHash::hash(path, QCryptographicHash::Sha1).toHex());
}

} // namespace

Settings::Settings(const QString &directory, std::unique_ptr<SecretBackend> keychain)
{
    QString secretPath;
    if (directory.isEmpty()) {
        m_settings = std::make_unique<QSettings>();
        const QString config = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
        secretPath = QDir(config).filePath(QStringLiteral("webhook-secret"));
        if (!keychain)
            keychain = std::make_unique<KeychainSecretBackend>(QStringLiteral("HookScope"),
                                                               QStringLiteral("webhook-secret"));
    } else {
        m_settings = std::make_unique<QSettings>(
            QDir(directory).filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        secretPath = QDir(directory).filePath(QStringLiteral("webhook-secret"));
    }
    m_writer = std::make_unique<SettingsWriter>(m_settings.get());
    m_secrets = std::make_unique<SecretStore>(std::make_unique<FileSecretBackend>(secretPath),
                                              std::move(keychain));
    m_secrets->setKeepFile(keepSecretFile());
}

Settings::~Settings() = default;

ReceiverConfig Settings::receiverConfig() const
{
    ReceiverConfig c;
    c.host = m_settings->value(key("receiver/host"), c.host).toString();
    c.port = static_cast<quint16>(m_settings->value(key("receiver/port"), c.port).toUInt());
    c.path =
        ReceiverConfig::normalisedPath(m_settings->value(key("receiver/path"), c.path).toString());
    c.policy = policyFromWord(m_settings->value(key("receiver/policy")).toString())
                   .value_or(VerifyPolicy::Strict);
    readEdge(*m_settings, c);
    c.forwardRules = forwardRules();
    c.secret = secret();
    return c;
}

void Settings::setReceiverConfig(const ReceiverConfig &c)
{
    m_settings->setValue(key("receiver/host"), c.host);
    m_settings->setValue(key("receiver/port"), c.port);
    m_settings->setValue(key("receiver/path"), c.path);
    m_settings->setValue(key("receiver/policy"), policyWord(c.policy));
    writeEdge(*m_settings, c);
    setForwardRules(c.forwardRules);
}

QByteArray Settings::secret() const
{
    return m_secrets->read();
}

bool Settings::setSecret(const QByteArray &secret, QString *error)
{
    return m_secrets->write(secret, error);
}

QString Settings::secretFilePath() const
{
    return m_secrets->filePath();
}

QString Settings::databasePath() const
{
    return m_settings->value(key("store/path"), AppPaths::defaultDatabasePath()).toString();
}

void Settings::setDatabasePath(const QString &path)
{
    m_settings->setValue(key("store/path"), path);
}

QString Settings::teamCopyFolder() const
{
    const QString folder = m_settings->value(key("store/teamCopyFolder")).toString();
    return folder.isEmpty() ? QFileInfo(AppPaths::defaultDatabasePath()).path() : folder;
}

void Settings::setTeamCopyFolder(const QString &folder)
{
    m_settings->setValue(key("store/teamCopyFolder"), folder);
}

bool Settings::startReceiverOnLaunch() const
{
    return m_settings->value(key("receiver/startOnLaunch"), true).toBool();
}

void Settings::setStartReceiverOnLaunch(bool on)
{
    m_settings->setValue(key("receiver/startOnLaunch"), on);
}

QByteArray Settings::windowGeometry() const
{
    return m_settings->value(key("window/geometry")).toByteArray();
}

void Settings::setWindowGeometry(const QByteArray &geometry)
{
    m_settings->setValue(key("window/geometry"), geometry);
}

QByteArray Settings::windowState() const
{
    return m_settings->value(key("window/state")).toByteArray();
}

void Settings::setWindowState(const QByteArray &state)
{
    m_settings->setValue(key("window/state"), state);
}

QByteArray Settings::splitterState(const QString &name) const
{
    return m_settings->value(QStringLiteral("splitters/") + name).toByteArray();
}

void Settings::setSplitterState(const QString &name, const QByteArray &state)
{
    m_settings->setValue(QStringLiteral("splitters/") + name, state);
}

QByteArray Settings::headerState(const QString &name) const
{
    return m_settings->value(QStringLiteral("headers/") + name).toByteArray();
}

void Settings::setHeaderState(const QString &name, const QByteArray &state)
{
    m_settings->setValue(QStringLiteral("headers/") + name, state);
}

int Settings::selectedChannel() const
{
    return m_settings->value(key("window/channel"), ChannelModel::kAllChannels).toInt();
}

void Settings::setSelectedChannel(int code)
{
    m_settings->setValue(key("window/channel"), code);
}

bool Settings::followNewest() const
{
    return m_settings->value(key("window/followNewest"), true).toBool();
}

void Settings::setFollowNewest(bool on)
{
    m_settings->setValue(key("window/followNewest"), on);
}

QStringList Settings::filterHistory() const
{
    return m_settings->value(key("filters/history")).toStringList();
}

void Settings::addToFilterHistory(const QString &expression)
{
    const QString text = expression.trimmed();
    if (text.isEmpty())
        return;
    QStringList history = filterHistory();
    history.removeAll(text);
    history.prepend(text);
    while (history.size() > kHistoryLength)
        history.removeLast();
    m_settings->setValue(key("filters/history"), history);
}

QList<Settings::SavedFilter> Settings::savedFilters() const
{
    QList<SavedFilter> filters;
    const int n = m_settings->beginReadArray(key("filters/saved"));
    for (int i = 0; i < n; ++i) {
        m_settings->setArrayIndex(i);
        filters.append({m_settings->value(key("name")).toString(),
                        m_settings->value(key("expression")).toString()});
    }
    m_settings->endArray();
    return filters;
}

void Settings::setSavedFilters(const QList<SavedFilter> &filters)
{
    m_settings->remove(key("filters/saved"));
    m_settings->beginWriteArray(key("filters/saved"), static_cast<int>(filters.size()));
    for (int i = 0; i < filters.size(); ++i) {
        m_settings->setArrayIndex(i);
        m_settings->setValue(key("name"), filters.at(i).name);
        m_settings->setValue(key("expression"), filters.at(i).expression);
    }
    m_settings->endArray();
}

QString Settings::lastExportFolder() const
{
    return m_settings->value(key("export/folder"), QDir::homePath()).toString();
}

void Settings::setLastExportFolder(const QString &folder)
{
    m_settings->setValue(key("export/folder"), folder);
}

QString Settings::language() const
{
    return m_settings->value(key("window/language")).toString();
}

void Settings::setLanguage(const QString &locale)
{
    m_settings->setValue(key("window/language"), locale);
}

QString Settings::publicUrl() const
{
    return m_settings->value(key("receiver/publicUrl")).toString();
}

void Settings::setPublicUrl(const QString &url)
{
    m_settings->setValue(key("receiver/publicUrl"), url.trimmed());
}

bool Settings::assistantDone() const
{
    return m_settings->value(key("window/assistantDone"), false).toBool();
}

void Settings::setAssistantDone(bool done)
{
    m_settings->setValue(key("window/assistantDone"), done);
}

std::optional<bool> Settings::closeToTray() const
{
    const QVariant value = m_settings->value(key("window/closeToTray"));
    if (!value.isValid())
        return std::nullopt;
    return value.toBool();
}

void Settings::setCloseToTray(bool on)
{
    m_settings->setValue(key("window/closeToTray"), on);
}

Settings::Notifications Settings::notifications() const
{
    Notifications n;
    const QSettings &s = *m_settings;
    n.messages = s.value(key("notify/messages"), n.messages).toBool();
    const QStringList muted = s.value(key("notify/mutedChannels")).toStringList();
    for (const QString &code : muted) {
        bool ok = false;
        const int value = code.toInt(&ok);
        if (ok)
            n.mutedChannels.append(value);
    }
    n.keywords = s.value(key("notify/keywords")).toStringList();
    n.keywords.removeAll(QString());
    n.receiverProblems = s.value(key("notify/receiver"), n.receiverProblems).toBool();
    n.refusalBursts = s.value(key("notify/bursts"), n.refusalBursts).toBool();
    n.storeProblems = s.value(key("notify/store"), n.storeProblems).toBool();
    n.doNotDisturb = s.value(key("notify/doNotDisturb"), n.doNotDisturb).toBool();
    return n;
}

void Settings::setNotifications(const Notifications &n)
{
    QStringList muted;
    for (const int code : n.mutedChannels)
        muted.append(QString::number(code));
    m_settings->setValue(key("notify/messages"), n.messages);
    m_settings->setValue(key("notify/mutedChannels"), muted);
    m_settings->setValue(key("notify/keywords"), n.keywords);
    m_settings->setValue(key("notify/receiver"), n.receiverProblems);
    m_settings->setValue(key("notify/bursts"), n.refusalBursts);
    m_settings->setValue(key("notify/store"), n.storeProblems);
    m_settings->setValue(key("notify/doNotDisturb"), n.doNotDisturb);
}

// Read marks are kept per store, under a key made from its absolute path
// (QSettings keys cannot hold every character a path can).
QHash<int, qint64> Settings::readMarks(const QString &storePath) const
{
    QHash<int, qint64> marks;
    const QString group = QStringLiteral("readMarks/") + storeKey(storePath);
    const QStringList entries = m_settings->value(group).toStringList();
    for (const QString &entry : entries) {
        const qsizetype colon = entry.indexOf(QLatin1Char(':'));
        bool codeOk = false;
        bool idOk = false;
        const int code = entry.left(colon).toInt(&codeOk);
        const qint64 id = entry.mid(colon + 1).toLongLong(&idOk);
        if (colon > 0 && codeOk && idOk && id >= 0)
            marks.insert(code, id);
    }
    return marks;
}

void Settings::setReadMarks(const QString &storePath, const QHash<int, qint64> &marks)
{
    QStringList entries;
    for (auto it = marks.cbegin(); it != marks.cend(); ++it)
        entries.append(QString::number(it.key()) + QLatin1Char(':') + QString::number(it.value()));
    entries.sort();
    m_settings->setValue(QStringLiteral("readMarks/") + storeKey(storePath), entries);
}

void Settings::sync()
{
    m_settings->sync();
}

bool Settings::secretInKeychain() const
{
    m_secrets->read(); // a failing keychain shows itself on the first read
    return m_secrets->usesKeychain();
}

bool Settings::keepSecretFile() const
{
    return m_settings->value(key("secret/keepFile"), false).toBool();
}

bool Settings::setKeepSecretFile(bool on, QString *error)
{
    m_settings->setValue(key("secret/keepFile"), on);
    m_secrets->read(); // known before the file is written or removed
    return m_secrets->setKeepFile(on, error);
}

bool Settings::loadRemoteImages() const
{
    return m_settings->value(key("conversation/loadRemoteImages"), true).toBool();
}

void Settings::setLoadRemoteImages(bool on)
{
    m_settings->setValue(key("conversation/loadRemoteImages"), on);
}

bool Settings::showUnverifiedCustomerData() const
{
    return m_settings->value(key("customers/showUnverified"), false).toBool();
}

void Settings::setShowUnverifiedCustomerData(bool on)
{
    m_settings->setValue(key("customers/showUnverified"), on);
}

QHash<QString, qint64> Settings::sessionReadMarks(const QString &storePath) const
{
    QHash<QString, qint64> marks;
    const QVariantMap saved =
        m_settings->value(QStringLiteral("sessionReadMarks/") + storeKey(storePath)).toMap();
    for (auto it = saved.cbegin(); it != saved.cend() && marks.size() < kMaxSessionReadMarks;
         ++it) {
        bool ok = false;
        const qint64 id = it.value().toLongLong(&ok);
        if (ok && id >= 0)
            marks.insert(it.key(), id);
    }
    return marks;
}

void Settings::setSessionReadMarks(const QString &storePath, const QHash<QString, qint64> &marks)
{
    QVariantMap saved;
    for (auto it = marks.cbegin(); it != marks.cend() && saved.size() < kMaxSessionReadMarks; ++it)
        saved.insert(it.key(), it.value());
    m_settings->setValue(QStringLiteral("sessionReadMarks/") + storeKey(storePath), saved);
}

// Forwarding (issue 11) ------------------------------------------------------

namespace {

constexpr int kRecentSendToUrls = 10;

} // namespace

QList<ForwardRule> Settings::forwardRules() const
{
    QList<ForwardRule> rules;
    const int size = m_settings->beginReadArray(key("forwarding/rules"));
    for (int i = 0; i < qMin(size, ForwardRuleCheck::kMaxRules); ++i) {
        m_settings->setArrayIndex(i);
        ForwardRule rule;
        rule.url = m_settings->value(key("url")).toString().left(ForwardRuleCheck::kMaxUrlLength);
        rule.filter =
            m_settings->value(key("filter")).toString().left(ForwardRuleCheck::kMaxFilterLength);
        rule.includeUnverified = m_settings->value(key("includeUnverified"), false).toBool();
        rule.enabled = m_settings->value(key("enabled"), true).toBool();
        if (rule.enabled && !ForwardRuleCheck::error(rule).isEmpty())
            rule.enabled = false;
        rules.append(rule);
    }
    m_settings->endArray();
    return rules;
}

void Settings::setForwardRules(const QList<ForwardRule> &rules)
{
    m_settings->remove(key("forwarding/rules"));
    m_settings->beginWriteArray(key("forwarding/rules"));
    for (qsizetype i = 0; i < qMin<qsizetype>(rules.size(), ForwardRuleCheck::kMaxRules); ++i) {
        m_settings->setArrayIndex(static_cast<int>(i));
        m_settings->setValue(key("url"), rules.at(i).url);
        m_settings->setValue(key("filter"), rules.at(i).filter);
        m_settings->setValue(key("includeUnverified"), rules.at(i).includeUnverified);
        m_settings->setValue(key("enabled"), rules.at(i).enabled);
    }
    m_settings->endArray();
}

QStringList Settings::recentSendToUrls() const
{
    QStringList urls;
    const QStringList stored = m_settings->value(key("forwarding/recentSendTo")).toStringList();
    for (const QString &url : stored) {
        if (urls.size() < kRecentSendToUrls && !urls.contains(url) &&
            ForwardRuleCheck::urlError(url).isEmpty())
            urls.append(url);
    }
    return urls;
}

void Settings::addRecentSendToUrl(const QString &url)
{
    QStringList urls = recentSendToUrls();
    urls.removeAll(url);
    urls.prepend(url);
    m_settings->setValue(key("forwarding/recentSendTo"), urls.mid(0, kRecentSendToUrls));
}
