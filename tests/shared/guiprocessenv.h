#pragma once

#include <QProcessEnvironment>
#include <QString>

// The environment a test runs the window (`hookscope`) in as a separate
// process: offscreen, with HOME, XDG_CONFIG_HOME (config/), XDG_DATA_HOME
// (data/) and a private XDG_RUNTIME_DIR (run/, made 0700: the single-instance
// lock lives there) under `home`, and no session bus. Empty when run/
// cannot be made.
QProcessEnvironment guiProcessEnvironment(const QString &home);
