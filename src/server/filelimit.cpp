#include "filelimit.h"

#include "serverlog.h"

#include <QDir>

#include <mutex>
#include <sys/resource.h>

namespace {

// Where the hard limit is "unlimited", a finite target the kernel accepts.
constexpr rlim_t kUnlimitedTarget = 65536;

} // namespace

qint64 FileLimit::raiseToHard()
{
    static std::once_flag once;
    std::call_once(once, [] {
        rlimit limit{};
        if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
            return;
        const rlim_t target = limit.rlim_max == RLIM_INFINITY ? kUnlimitedTarget : limit.rlim_max;
        if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur >= target)
            return;
        const rlim_t before = limit.rlim_cur;
        limit.rlim_cur = target;
        if (setrlimit(RLIMIT_NOFILE, &limit) == 0)
            qCDebug(lcServer) << "open-file limit raised from" << before << "to" << target;
        else
            qCWarning(lcServer) << "could not raise the open-file limit from" << before;
    });
    return soft();
}

qint64 FileLimit::soft()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return 1024;
    return limit.rlim_cur == RLIM_INFINITY ? qint64(kUnlimitedTarget) : qint64(limit.rlim_cur);
}

int FileLimit::openCount()
{
    const QDir fds(QStringLiteral("/proc/self/fd"));
    if (!fds.exists())
        return 64; // a guess where /proc is missing
    return int(fds.entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::System).size());
}
