#pragma once

#include <QString>
#include <QtGlobal>

// Checks and converts option values for the commands; every error names the
// option and repeats what was given, so the user sees which word is wrong.
class OptionValues final {
public:
    static constexpr qint64 kMaxBodyCeiling = 1024LL * 1024 * 1024;

    // A whole number of 1 or more.
    static bool positiveInt(const QString &text, const QString &option, int *value, QString *error);
    // Bytes, plain or with a binary suffix: 1048576, 512K, 1M, 1MiB (1 to 1G).
    static bool byteSize(const QString &text, const QString &option, qint64 *value, QString *error);
    // An IPv4 or IPv6 address or subnet ("10.0.0.0/8"), canonically spelt.
    static bool proxyAddress(const QString &text, const QString &option, QString *value,
                             QString *error);
    // A regular file this process can open for reading.
    static bool readableFile(const QString &path, const QString &option, QString *error);
};
