#pragma once

#include <QLoggingCategory>
#include <QString>

#include <cstdio>
#include <cstdlib>

// An invariant of the code under test: a violation is a finding, reported
// the way a sanitizer reports one (abort, so libFuzzer saves the input).
#define FUZZ_CHECK(condition)                                                                      \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
            std::abort();                                                                          \
        }                                                                                          \
    } while (false)

// The code under test logs each rejected input; at thousands of inputs a
// second that is most of the time spent, and it buries libFuzzer's report.
inline void silenceLogging()
{
    QLoggingCategory::setFilterRules(QStringLiteral("hookscope.*=false"));
}
