#include "settings/keychainsecretbackend.h"

#include <qt6keychain/keychain.h>

#include <QEventLoop>
#include <QTimer>

namespace {

struct Outcome {
    bool finished = false;
    QKeychain::Error error = QKeychain::NoError;
    QString errorString;
    QByteArray data;
};

// Starts `job` and waits for it at most `timeoutMs`. The job deletes itself
// when it finishes, also after a timeout (the connection below dies with the
// loop, so a late answer touches nothing here).
Outcome runJob(QKeychain::Job *job, int timeoutMs)
{
    Outcome outcome;
    QEventLoop loop;
    job->setAutoDelete(true);
    // Never the plain-text QSettings fallback: then the 0600 file is better.
    job->setInsecureFallback(false);
    QObject::connect(job, &QKeychain::Job::finished, &loop,
                     [&outcome, &loop](QKeychain::Job *done) {
                         outcome.finished = true;
                         outcome.error = done->error();
                         outcome.errorString = done->errorString();
                         if (auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(done))
                             outcome.data = read->binaryData();
                         loop.quit();
                     });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    job->start();
    if (!outcome.finished)
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    return outcome;
}

SecretBackend::Result resultOf(const Outcome &outcome, int timeoutMs)
{
    using Status = SecretBackend::Status;
    if (!outcome.finished)
        return {Status::Failed, KeychainSecretBackend::tr("the keychain did not answer within %1 s")
                                    .arg(timeoutMs / 1000.0)};
    if (outcome.error == QKeychain::NoError)
        return {Status::Ok, {}};
    if (outcome.error == QKeychain::EntryNotFound)
        return {Status::NotFound, {}};
    // qtkeychain's own text alone can be as vague as "Unknown error".
    return {Status::Failed, KeychainSecretBackend::tr("keychain error %1: %2")
                                .arg(static_cast<int>(outcome.error))
                                .arg(outcome.errorString)};
}

} // namespace

KeychainSecretBackend::KeychainSecretBackend(const QString &service, const QString &key,
                                             int timeoutMs)
    : m_service(service)
    , m_key(key)
    , m_timeoutMs(timeoutMs)
{
}

SecretBackend::Result KeychainSecretBackend::read(QByteArray *secret)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(m_key);
    const Outcome outcome = runJob(job, m_timeoutMs);
    Result result = resultOf(outcome, m_timeoutMs);
    if (!result.ok())
        return result;
    // Whatever is stored there, only one short line is a secret.
    const QByteArray data = outcome.data.trimmed();
    if (data.isEmpty())
        return {Status::NotFound, {}};
    if (data.size() > kMaxBytes)
        return {Status::Failed, tr("the keychain entry is larger than %1 bytes").arg(kMaxBytes)};
    *secret = data;
    return result;
}

SecretBackend::Result KeychainSecretBackend::write(const QByteArray &secret)
{
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(m_key);
    job->setBinaryData(secret);
    return resultOf(runJob(job, m_timeoutMs), m_timeoutMs);
}

SecretBackend::Result KeychainSecretBackend::remove()
{
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(m_key);
    Result result = resultOf(runJob(job, m_timeoutMs), m_timeoutMs);
    if (result.status == Status::NotFound)
        result = {Status::Ok, {}};
    return result;
}
