#include "optionvalues.h"

#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QRegularExpression>

bool OptionValues::positiveInt(const QString &text, const QString &option, int *value,
                               QString *error)
{
    bool ok = false;
    const int n = text.toInt(&ok);
    if (!ok || n < 1) {
        *error =
            QStringLiteral("--%1 needs a whole number of 1 or more, not \"%2\"").arg(option, text);
        return false;
    }
    *value = n;
    return true;
}

bool OptionValues::byteSize(const QString &text, const QString &option, qint64 *value,
                            QString *error)
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d{1,12})\\s*([kmg]?)(?:i?b)?$"),
                                            QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = pattern.match(text.trimmed());
    qint64 bytes = match.hasMatch() ? match.captured(1).toLongLong() : 0;
    const QString unit = match.captured(2).toLower();
    const int shift = unit == QLatin1String("k")   ? 10
                      : unit == QLatin1String("m") ? 20
                      : unit == QLatin1String("g") ? 30
                                                   : 0;
    // Compared before the shift, which could otherwise overflow.
    if (bytes < 1 || bytes > (kMaxBodyCeiling >> shift)) {
        *error = QStringLiteral("--%1 needs a size from 1 byte to 1G, such as 1048576, 512K or "
                                "1M, not \"%2\"")
                     .arg(option, text);
        return false;
    }
    *value = bytes << shift;
    return true;
}

bool OptionValues::proxyAddress(const QString &text, const QString &option, QString *value,
                                QString *error)
{
    const QString trimmed = text.trimmed();
    QHostAddress address;
    if (!trimmed.contains(u'/') && address.setAddress(trimmed)) {
        *value = address.toString();
        return true;
    }
    const QPair<QHostAddress, int> subnet = QHostAddress::parseSubnet(trimmed);
    if (trimmed.contains(u'/') && !subnet.first.isNull()) {
        *value = subnet.first.toString() + u'/' + QString::number(subnet.second);
        return true;
    }
    *error = QStringLiteral("--%1 needs an IP address or subnet, such as 10.0.0.5, ::1 or "
                            "10.0.0.0/8, not \"%2\"")
                 .arg(option, text);
    return false;
}

bool OptionValues::readableFile(const QString &path, const QString &option, QString *error)
{
    const QFileInfo info(path);
    QString reason;
    QFile file(path);
    if (!info.exists())
        reason = QStringLiteral("no such file");
    else if (info.isDir())
        reason = QStringLiteral("it is a folder");
    else if (!file.open(QIODevice::ReadOnly))
        reason = file.errorString();
    if (reason.isEmpty())
        return true;
    *error = QStringLiteral("cannot read --%1 file \"%2\": %3").arg(option, path, reason);
    return false;
}
