#pragma once

#include <QByteArray>
#include <QString>

// One place the webhook secret can be kept: the system keychain or a file
// readable by the user alone. Every call answers before it returns (the
// keychain backend waits a bounded time for its asynchronous job), so the
// receiver never starts without knowing its key.
class SecretBackend {
    Q_DISABLE_COPY_MOVE(SecretBackend)

public:
    enum class Status {
        Ok,
        NotFound, // nothing stored here (not an error)
        Failed,   // the backend did not answer usefully: see Result::error
    };
    struct Result {
        Status status = Status::Failed;
        QString error;
        bool ok() const { return status == Status::Ok; }
    };

    SecretBackend() = default;
    virtual ~SecretBackend() = default;

    virtual Result read(QByteArray *secret) = 0;
    virtual Result write(const QByteArray &secret) = 0;
    // Removing what is not there is Ok.
    virtual Result remove() = 0;
};
