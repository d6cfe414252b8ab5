#include "storedamage.h"

#include <QByteArray>
#include <QFile>

bool damageStore(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite)) {
        *error = file.errorString();
        return false;
    }
    const QByteArray header = file.read(100);
    if (header.size() < 100 || !header.startsWith("SQLite format 3")) {
        *error = QStringLiteral("not an SQLite file");
        return false;
    }
    // Bytes 16-17: the page size, big-endian; 1 stands for 65536.
    const int raw = (static_cast<unsigned char>(header.at(16)) << 8) |
                    static_cast<unsigned char>(header.at(17));
    const qint64 pageSize = raw == 1 ? 65536 : raw;
    const qint64 pages = file.size() / pageSize;
    if (pages < 4) {
        *error = QStringLiteral("only %1 pages").arg(pages);
        return false;
    }
    const QByteArray junk(int(pageSize), '\x5a');
    for (const qint64 page : {pages - 3, pages - 2}) {
        if (!file.seek(page * pageSize) || file.write(junk) != junk.size()) {
            *error = file.errorString();
            return false;
        }
    }
    return file.flush();
}
