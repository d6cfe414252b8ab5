#pragma once

#include <QString>

// Overwrites two pages near the end of a closed SQLite store (the last rows'
// pages, not the schema) with a pattern, as a failing disk or a stray write
// would: the store still opens, and SQLite's quick check reports damage. False with *error when the
// file is too small or cannot be written.
bool damageStore(const QString &path, QString *error);
