#pragma once

#include "ingest/appendfeed.h"
#include "ingest/receiverconfig.h"
#include "records/eventrecord.h"
#include "records/refusedrecord.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>

class EventStore;

// The live check of "Connect SaleSmartly" (docs/connect-salesmartly.md):
// waits for the first event or refused delivery committed in the receiver's
// store after start(), and says in plain words what it means: verified, the
// keys differ, the wrong path, no secret, unsigned, stale, or the refusal's
// own reason. It keeps watching; every later delivery replaces the verdict,
// so a fix shows as soon as the next delivery arrives. It hears of commits
// from the receiver's AppendFeed and reads them through EventStore.
class DeliveryCheck final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeliveryCheck)

public:
    enum class Outcome {
        Idle,       // not started
        Waiting,    // nothing new yet
        Verified,   // signed with HookScope's secret
        KeysDiffer, // a signature that does not match the secret
        WrongPath,  // a POST to another path than the webhook's
        NoSecret,   // accepted, but no secret to check it with
        NotChecked, // accepted, verification switched off
        Unsigned,   // no signature at all
        Stale,      // its timestamp is far from this machine's clock
        Refused,    // refused for another reason
    };
    Q_ENUM(Outcome)

    struct Verdict {
        Outcome outcome = Outcome::Idle;
        QString text;
    };

    explicit DeliveryCheck(QObject *parent = nullptr);
    ~DeliveryCheck() override;

    // Starts watching `databasePath` (the receiver's store) through `feed`;
    // everything committed before this call is the past. `config` is the
    // receiver's (its path and whether a secret is set name the fixes).
    void start(AppendFeed *feed, const QString &databasePath, const ReceiverConfig &config);
    void stop();
    bool isWatching() const { return m_feed != nullptr; }

    Outcome outcome() const { return m_verdict.outcome; }
    QString text() const { return m_verdict.text; }

    // What one stored event or refused delivery means (pure).
    static Verdict judge(const EventRecord &event, const ReceiverConfig &config);
    static Verdict judge(const RefusedRecord &refused, const ReceiverConfig &config);
    static QString waitingText();

Q_SIGNALS:
    void changed(DeliveryCheck::Outcome outcome, const QString &text);

private:
    void onAppended(qint64 lastEventId, qint64 lastRefusedId);
    bool openStore();
    void setVerdict(const Verdict &verdict);

    QPointer<AppendFeed> m_feed;
    QString m_path;
    ReceiverConfig m_config;
    std::unique_ptr<EventStore> m_store;
    qint64 m_afterEvent = -1; // -1: not read yet (the store could not be opened)
    qint64 m_afterRefused = -1;
    Verdict m_verdict;
};
