#pragma once

#include "ingest/receiverconfig.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>

class QSettings;

// The one typed facade over QSettings (STYLE.md rule 10). The webhook secret
// is not kept in the settings file: it goes to a file of its own readable by
// the user alone (mode 0600), written through QSaveFile.
class Settings final {
    Q_DISABLE_COPY_MOVE(Settings)

public:
    struct SavedFilter {
        QString name;
        QString expression;
    };

    // Uses the application's default settings location; `directory` (for
    // tests) puts settings.ini and the secret file there instead.
    explicit Settings(const QString &directory = QString());
    ~Settings();

    ReceiverConfig receiverConfig() const; // secret included
    void setReceiverConfig(const ReceiverConfig &config);
    QByteArray secret() const;
    // Returns false (with *error) when the secret file cannot be written.
    bool setSecret(const QByteArray &secret, QString *error = nullptr);
    QString secretFilePath() const;

    QString databasePath() const; // default: AppPaths::defaultDatabasePath()
    void setDatabasePath(const QString &path);
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

    void sync();

private:
    std::unique_ptr<QSettings> m_settings;
    QString m_secretPath;
};
