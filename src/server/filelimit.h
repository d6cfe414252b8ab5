#pragma once

#include <QtGlobal>

// The process's open-file limit, as the connection guard needs it.
class FileLimit final {
public:
    // Raises the soft limit to the hard limit, once per process (later
    // calls do nothing). Returns the soft limit in force afterwards.
    static qint64 raiseToHard();
    static qint64 soft();
    // Descriptors open in this process now.
    static int openCount();
};
