#pragma once

#include "ingest/receiverconfig.h"
#include "settings/secretbackend.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

class QSettings;
class SecretStore;
class SettingsWriter;

// The one typed facade over QSettings (STYLE.md rule 10). The webhook secret
// is not kept in the settings file: it goes to the system keychain when there
// is one, else to a file of its own readable by the user alone (mode 0600),
// written through QSaveFile (SecretStore).
class Settings final {
    Q_DISABLE_COPY_MOVE(Settings)

public:
    struct SavedFilter {
        QString name;
        QString expression;
    };

    // Uses the application's default settings location and the system
    // keychain; `directory` (for tests) puts settings.ini and the secret file
    // there instead, and keeps the secret in the file alone unless a
    // `keychain` backend is given.
    explicit Settings(const QString &directory = QString(),
                      std::unique_ptr<SecretBackend> keychain = nullptr);
    ~Settings();

    ReceiverConfig receiverConfig() const; // secret included
    void setReceiverConfig(const ReceiverConfig &config);
    QByteArray secret() const;
    // Returns false (with *error) when the secret can be stored nowhere.
    bool setSecret(const QByteArray &secret, QString *error = nullptr);
    QString secretFilePath() const;

    QString databasePath() const; // default: AppPaths::defaultDatabasePath()
    void setDatabasePath(const QString &path);
    // Where this desk keeps its copies of team stores (docs/team.md):
    // default the folder of AppPaths::defaultDatabasePath().
    QString teamCopyFolder() const;
    void setTeamCopyFolder(const QString &folder);
    bool startReceiverOnLaunch() const; // default true
    void setStartReceiverOnLaunch(bool on);

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray &geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray &state);
    QByteArray splitterState(const QString &name) const;
    void setSplitterState(const QString &name, const QByteArray &state);
    QByteArray headerState(const QString &name) const;
    void setHeaderState(const QString &name, const QByteArray &state);
    int selectedChannel() const; // ChannelModel::kAllChannels by default
    void setSelectedChannel(int code);
    bool followNewest() const; // default true
    void setFollowNewest(bool on);

    QStringList filterHistory() const; // most recent first, at most 20
    void addToFilterHistory(const QString &expression);
    QList<SavedFilter> savedFilters() const;
    void setSavedFilters(const QList<SavedFilter> &filters);
    QString lastExportFolder() const;
    void setLastExportFolder(const QString &folder);

    // Language of the window: "" follows the system locale, else a locale
    // name such as "zh_CN" or "en".
    QString language() const;
    void setLanguage(const QString &locale);

    // What SaleSmartly is given: the URL the receiver is reached at from the
    // internet (a proxy, a tunnel, a public address). Empty: none set, the
    // listen address is shown instead (never 0.0.0.0).
    QString publicUrl() const;
    void setPublicUrl(const QString &url);
    // Whether the "Connect SaleSmartly" assistant has been through once (it
    // opens by itself on the first run only).
    bool assistantDone() const;
    void setAssistantDone(bool done);

    // Closing the window keeps the receiver running in the tray. Unset until
    // the user has been asked once.
    std::optional<bool> closeToTray() const;
    void setCloseToTray(bool on);

    // Desktop notifications.
    struct Notifications {
        bool messages = true;         // a new customer message
        QList<int> mutedChannels;     // channel codes whose messages stay quiet
        QStringList keywords;         // message text containing one: always notify
        bool receiverProblems = true; // the receiver stopped or failed
        bool refusalBursts = true;    // a burst of refused or unverified deliveries
        bool storeProblems = true;    // the store cannot commit
        bool doNotDisturb = false;    // nothing pops up (counts still change)
    };
    Notifications notifications() const;
    void setNotifications(const Notifications &n);

    // Per store: the id of the last message event read, per channel code,
    // so that unread counts survive a restart.
    QHash<int, qint64> readMarks(const QString &storePath) const;
    void setReadMarks(const QString &storePath, const QHash<int, qint64> &marks);

    void sync();

    // Where the secret is: whether the keychain is in use, and whether a copy
    // is also kept in secretFilePath() for `hookscope-cli serve
    // --secret-file` (the background service). Default: no copy.
    bool secretInKeychain() const;
    bool keepSecretFile() const;
    bool setKeepSecretFile(bool on, QString *error = nullptr);

    // Export (test mark and export area, settingsexport.cpp): File > Export's
    // CSV choices, remembered. Defaults: a BOM (Excel) and the formula guard.
    struct ExportChoices {
        bool bom = true;
        bool formulaGuard = true; // false: "data, not spreadsheet"
    };
    ExportChoices exportChoices() const;
    void setExportChoices(const ExportChoices &choices);
    // Customers and conversation: the transcript fetches image thumbnails
    // (default on), and the customers pane's "Show unverified data" toggle
    // (default off: unverified events never replace a verified value).
    bool loadRemoteImages() const;
    void setLoadRemoteImages(bool on);
    bool showUnverifiedCustomerData() const;
    void setShowUnverifiedCustomerData(bool on);
    // Stream pane (issue 11): times to the millisecond. Default off.
    bool streamMilliseconds() const;
    void setStreamMilliseconds(bool on);
    // Conversation inbox (InboxPane, SessionListModel::ReadMarks): per
    // store, the id of the last message read per session key; the key ""
    // holds every other session's. Bounded to kMaxSessionReadMarks.
    static constexpr int kMaxSessionReadMarks = 2001;
    QHash<QString, qint64> sessionReadMarks(const QString &storePath) const;
    void setSessionReadMarks(const QString &storePath, const QHash<QString, qint64> &marks);
    // Forwarding (issue 11: the window's forwarding rules and "Send to...").
    // The rules are part of receiverConfig() (ReceiverConfig::forwardRules)
    // and saved by setReceiverConfig() too; none by default. A stored rule
    // that ForwardRuleCheck rejects comes back turned off; at most
    // ForwardRuleCheck::kMaxRules are read.
    QList<ForwardRule> forwardRules() const;
    void setForwardRules(const QList<ForwardRule> &rules);
    // The URLs "Send to..." was given, most recent first, at most 10.
    QStringList recentSendToUrls() const;
    void addRecentSendToUrl(const QString &url);

    // Writes the file on a thread of its own (settings/settingswriter.h);
    // sync() still writes at once, on the caller's thread.
    SettingsWriter *writer() const { return m_writer.get(); }

private:
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<SettingsWriter> m_writer; // before m_settings goes
    std::unique_ptr<SecretStore> m_secrets;
};
