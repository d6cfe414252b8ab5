#pragma once

#include "export/exportjob.h"

#include <QLatin1String>
#include <QString>

// The file names File > Export proposes (hookscope-events-20261124-161817.csv),
// and how a proposed name follows the kind and format the user then picks.
// A name the user typed keeps its stem and any suffix of their own.
class ExportFileName final {
public:
    static QLatin1String suffix(ExportJob::Format format);
    // In `folder`, stamped with the local time now.
    static QString proposed(const QString &folder, ExportJob::Kind kind, ExportJob::Format format);
    // `path` with the other format's suffix swapped for this one's; else unchanged.
    static QString withFormat(const QString &path, ExportJob::Format format);
    // `path` with the other kind's proposed stem swapped for this one's; else unchanged.
    static QString withKind(const QString &path, ExportJob::Kind kind);
};
