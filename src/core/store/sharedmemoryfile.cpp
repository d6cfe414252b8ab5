#include "store/sharedmemoryfile.h"

#include <QDir>
#include <QFile>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

// SQLite maps the -shm in regions of 32 KiB, the first as soon as the store
// is read.
constexpr off_t kRegionBytes = 32 * 1024;

QString shown(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

} // namespace

QString SharedMemoryFile::pathOf(const QString &storePath)
{
    return storePath + QLatin1String("-shm");
}

bool SharedMemoryFile::prepare(const QString &storePath, QString *error)
{
    const QString shm = pathOf(storePath);
    const QByteArray name = QFile::encodeName(shm);
    const int fd = ::open(name.constData(), O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return true; // SQLite makes it, and fails cleanly if it cannot
        *error = QStringLiteral("Cannot open the event store: its shared-memory file %1 cannot be "
                                "written (%2). Fix its permissions, or stop the program that "
                                "owns it.")
                     .arg(shown(shm), QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    struct stat st {};
    int rc = ::fstat(fd, &st);
    // Allocate the pages it already has: on a full disk a sparse page would
    // fault the first time SQLite touched it. (A shorter file SQLite extends
    // itself, by writing, which fails cleanly.)
    if (rc == 0 && st.st_size >= kRegionBytes)
        rc = ::posix_fallocate(fd, 0, st.st_size);
    ::close(fd);
    if (rc == 0)
        return true;
    *error = QStringLiteral("Cannot open the event store: no room for its shared-memory file %1 "
                            "(%2). Free some space on that disk.")
                 .arg(shown(shm), QString::fromLocal8Bit(std::strerror(rc > 0 ? rc : errno)));
    return false;
}

bool SharedMemoryFile::isIntact(const QString &storePath)
{
    struct stat st {};
    const QByteArray name = QFile::encodeName(pathOf(storePath));
    if (::stat(name.constData(), &st) != 0)
        return errno != ENOENT; // removed under us; other errors: let SQLite say
    return st.st_size >= kRegionBytes;
}
