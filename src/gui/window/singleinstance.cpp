#include "window/singleinstance.h"

#include "guilog.h"
#include "window/guicommandline.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLockFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTextStream>
#include <QThread>
#include <QTimer>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace {

constexpr qsizetype kMaxPathChars = 4096;
constexpr int kRetryMs = 50;
const QByteArray kAnswer = QByteArrayLiteral("ok\n");

QString userId()
{
#ifdef Q_OS_UNIX
    return QString::number(::getuid());
#else
    return qEnvironmentVariable("USERNAME");
#endif
}

} // namespace

SingleInstance::SingleInstance(const QString &socketPath, QObject *parent)
    : QObject(parent)
    , m_path(socketPath)
{
}

SingleInstance::~SingleInstance()
{
    if (m_server)
        m_server->close(); // removes the socket file
}

QString SingleInstance::defaultSocketPath()
{
    QString folder = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (folder.isEmpty())
        folder = QDir::tempPath();
    // One per settings location, so a test run with its own XDG_CONFIG_HOME
    // never meets the user's real window.
    const QByteArray where = QSettings().fileName().toUtf8();
    const QString hash = QString::fromLatin1(
        QCryptographicHash::hash(where, QCryptographicHash::Sha1).toHex().left(12));
    return QDir(folder).filePath(QStringLiteral("hookscope-%1-%2").arg(userId(), hash));
}

void SingleInstance::setTimeouts(int clientMs, int answerMs)
{
    m_clientTimeoutMs = clientMs;
    m_answerTimeoutMs = answerMs;
}

bool SingleInstance::isListening() const
{
    return m_server && m_server->isListening();
}

SingleInstance::Role SingleInstance::claim(QString *error)
{
    m_lock = std::make_unique<QLockFile>(m_path + QStringLiteral(".lock"));
    // Held for the whole run: only a dead owner makes it stale, never age.
    m_lock->setStaleLockTime(0);
    if (m_lock->tryLock(0)) {
        listen();
        return Role::Primary;
    }
    if (m_lock->error() == QLockFile::LockFailedError)
        return Role::Secondary;
    *error = tr("cannot create the lock file %1").arg(m_lock->fileName());
    m_lock.reset();
    return Role::Failed;
}

void SingleInstance::listen()
{
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    m_server->setMaxPendingConnections(kMaxClients);
    // Whoever holds the lock owns the name: a socket file still there was
    // left by a process that crashed.
    QLocalServer::removeServer(m_path);
    if (!m_server->listen(m_path)) {
        qCWarning(lcGui).noquote()
            << "single instance: cannot listen on" << m_path << ":" << m_server->errorString();
        return;
    }
    connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::onNewConnection);
}

void SingleInstance::onNewConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        if (m_clients >= kMaxClients) {
            drop(socket, "too many connections");
            continue;
        }
        ++m_clients;
        connect(socket, &QObject::destroyed, this, [this] { --m_clients; });
        socket->setReadBufferSize(kMaxRequestBytes + 1);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        QTimer::singleShot(m_clientTimeoutMs, socket, [socket] {
            if (socket->property("answered").toBool())
                return;
            drop(socket, "no request in time");
        });
    }
}

void SingleInstance::onReadyRead(QLocalSocket *socket)
{
    if (socket->property("answered").toBool())
        return;
    if (!socket->canReadLine()) {
        if (socket->bytesAvailable() > kMaxRequestBytes)
            drop(socket, "request too long");
        return;
    }
    const QByteArray line = socket->readLine(kMaxRequestBytes + 1);
    const std::optional<QString> database = parseRequest(line);
    if (!database) {
        drop(socket, "request not understood");
        return;
    }
    socket->setProperty("answered", true);
    socket->write(kAnswer);
    socket->disconnectFromServer();
    if (database->isEmpty())
        qCInfo(lcGui) << "another launch asked for the window";
    else
        qCInfo(lcGui).noquote() << "another launch asked for the window, with the store"
                                << *database;
    // Later, from the event loop: the answer may open a dialog.
    QMetaObject::invokeMethod(
        this, [this, path = *database] { Q_EMIT requested(path); }, Qt::QueuedConnection);
}

void SingleInstance::drop(QLocalSocket *socket, const char *why)
{
    qCWarning(lcGui) << "single instance: dropped a connection:" << why;
    socket->abort();
    socket->deleteLater();
}

// {"request":"raise"} or {"request":"raise","database":"/absolute/path"}.
std::optional<QString> SingleInstance::parseRequest(const QByteArray &line)
{
    if (line.size() > kMaxRequestBytes)
        return std::nullopt;
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    const QJsonObject request = document.object();
    if (request.value(QLatin1String("request")) != QJsonValue(QLatin1String("raise")))
        return std::nullopt;
    const QJsonValue database = request.value(QLatin1String("database"));
    if (database.isUndefined())
        return QString();
    if (!database.isString())
        return std::nullopt;
    const QString path = database.toString();
    if (path.isEmpty())
        return path;
    if (path.size() > kMaxPathChars || path.contains(QChar(u'\0')) || !QDir::isAbsolutePath(path))
        return std::nullopt;
    return QDir::cleanPath(path);
}

bool SingleInstance::deliver(const QString &database, QString *error)
{
    QJsonObject request{{QStringLiteral("request"), QStringLiteral("raise")}};
    if (!database.isEmpty())
        request.insert(QStringLiteral("database"), database);
    const QByteArray line = QJsonDocument(request).toJson(QJsonDocument::Compact) + '\n';
    const QDeadlineTimer deadline(m_answerTimeoutMs);
    QLocalSocket socket;
    // The first launch may hold the lock and not listen yet: try again a
    // little later, until the deadline.
    while (true) {
        socket.connectToServer(m_path);
        if (socket.waitForConnected(static_cast<int>(deadline.remainingTime())))
            break;
        if (deadline.hasExpired()) {
            *error = tr("HookScope is running but does not answer (%1).").arg(socket.errorString());
            return false;
        }
        QThread::msleep(kRetryMs);
    }
    socket.write(line);
    QByteArray answer;
    while (!answer.contains('\n') && answer.size() < kAnswer.size() &&
           socket.waitForReadyRead(static_cast<int>(deadline.remainingTime())))
        answer += socket.read(kAnswer.size() - answer.size());
    if (answer != kAnswer) {
        *error = tr("HookScope is running but did not accept the request (%1).")
                     .arg(socket.errorString());
        return false;
    }
    return true;
}

std::optional<int> SingleInstance::claimOrForward(const GuiCommandLine &commandLine)
{
    QString error;
    const Role role = claim(&error);
    if (role == Role::Failed)
        qCWarning(lcGui).noquote() << "single instance:" << error;
    if (role != Role::Secondary)
        return std::nullopt;
    QTextStream err(stderr);
    if (commandLine.hasReceiverOverrides())
        err << tr("hookscope: the running window keeps its receiver settings; --listen, --path "
                  "and the secret given here were not passed to it.")
            << Qt::endl;
    const QString database = commandLine.database.isEmpty()
                                 ? QString()
                                 : QFileInfo(commandLine.database).absoluteFilePath();
    if (!deliver(database, &error)) {
        err << "hookscope: " << error << Qt::endl;
        return 1;
    }
    QTextStream(stdout) << tr("HookScope is already running; raised its window.") << Qt::endl;
    return 0;
}
