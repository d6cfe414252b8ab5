#pragma once

#include <QObject>
#include <QString>

#include <memory>
#include <optional>

class QLocalServer;
class QLocalSocket;
class QLockFile;
struct GuiCommandLine;

// One HookScope window per user and settings location. The first launch takes
// a lock file and listens on a local socket beside it (in the user's runtime
// folder, owner-only); a second launch finds the lock held, sends one short
// request through the socket ("raise", and its --db) and exits once answered.
//
// The lock decides who is first, so two launches at the same moment cannot
// both win; a lock left by a crashed process is taken over (QLockFile checks
// that its process is gone), and the socket file the crash left behind is
// removed before listening again. The request is one JSON line of at most
// kMaxRequestBytes; anything else, or a client too slow to send it, is logged
// and dropped.
class SingleInstance final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SingleInstance)

public:
    static constexpr qint64 kMaxRequestBytes = 64 * 1024;
    static constexpr int kClientTimeoutMs = 3000;  // the first launch waits this for a request
    static constexpr int kAnswerTimeoutMs = 10000; // a second launch waits this for the answer
    static constexpr int kMaxClients = 8;

    enum class Role {
        Primary,   // this is the first: listening
        Secondary, // another one runs: deliver() to it
        Failed,    // no lock could be made: run on alone
    };

    // `socketPath`: the local socket's full path; the lock is `socketPath`.lock.
    explicit SingleInstance(const QString &socketPath, QObject *parent = nullptr);
    ~SingleInstance() override;

    // hookscope-<uid>-<hash of the settings location> in the runtime folder.
    static QString defaultSocketPath();

    Role claim(QString *error);
    // As the second launch: asks the first to raise its window (and to offer
    // `database`, absolute, when not empty). False with *error when it does
    // not answer within kAnswerTimeoutMs.
    bool deliver(const QString &database, QString *error);
    // main()'s use of the two: no value as the first launch (go on); else
    // the exit code, after printing what happened.
    std::optional<int> claimOrForward(const GuiCommandLine &commandLine);

    QString socketPath() const { return m_path; }
    // The two waits above, shorter in tests.
    void setTimeouts(int clientMs, int answerMs);
    bool isListening() const;

Q_SIGNALS:
    // Another launch asked for the window; `database` is empty or absolute.
    void requested(const QString &database);

private:
    void listen();
    void onNewConnection();
    void onReadyRead(QLocalSocket *socket);
    static void drop(QLocalSocket *socket, const char *why);
    static std::optional<QString> parseRequest(const QByteArray &line);

    QString m_path;
    std::unique_ptr<QLockFile> m_lock;
    QLocalServer *m_server = nullptr;
    int m_clients = 0;
    int m_clientTimeoutMs = kClientTimeoutMs;
    int m_answerTimeoutMs = kAnswerTimeoutMs;
};
