#include "store/threadnice.h"

#include <QtGlobal>

#include <algorithm>
#include <cerrno>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <unistd.h>
#endif

bool ThreadNice::raise(int increment)
{
#ifdef Q_OS_LINUX
    const int now = current();
    const int wanted = std::min(now + std::max(increment, 0), 19);
    return wanted != now && setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), wanted) == 0;
#else
    Q_UNUSED(increment);
    return false;
#endif
}

int ThreadNice::current()
{
#ifdef Q_OS_LINUX
    errno = 0;
    const int nice = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
    return errno == 0 ? nice : 0;
#else
    return 0;
#endif
}
