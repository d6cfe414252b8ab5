#pragma once

#include <QString>

// Names and default locations shared by hookscope and hookscope-cli, so that
// both find the same store without being told.
class AppPaths final {
public:
    // Sets organisation and application names; call before any QSettings
    // or QStandardPaths use.
    static void setApplicationNames();
    // <application data folder>/hookscope.db
    static QString defaultDatabasePath();
};
