#pragma once

#include <QByteArray>
#include <QString>

// Reads a webhook secret from a file (serve --secret-file), so that it never
// appears on the process list. One line; its line end is not part of it.
class SecretFile final {
public:
    static constexpr qint64 kMaxBytes = 4096;

    // False with *error when the file cannot be read, is empty, holds more
    // than one line or is too large. *warning is set (and true returned) when
    // other users may read the file.
    static bool read(const QString &path, QByteArray *secret, QString *error, QString *warning);
};
