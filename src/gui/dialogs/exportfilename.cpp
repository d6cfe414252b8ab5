#include "dialogs/exportfilename.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>

namespace {

const QLatin1String kCsvSuffix(".csv");
const QLatin1String kJsonlSuffix(".jsonl");
const QLatin1String kEventsStem("hookscope-events-");
const QLatin1String kChangesStem("hookscope-customer-changes-");

QLatin1String stem(ExportJob::Kind kind)
{
    return kind == ExportJob::Kind::Events ? kEventsStem : kChangesStem;
}

} // namespace

QLatin1String ExportFileName::suffix(ExportJob::Format format)
{
    return format == ExportJob::Format::Csv ? kCsvSuffix : kJsonlSuffix;
}

QString ExportFileName::proposed(const QString &folder, ExportJob::Kind kind,
                                 ExportJob::Format format)
{
    return QDir(folder).filePath(
        stem(kind) + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")) +
        suffix(format));
}

QString ExportFileName::withFormat(const QString &path, ExportJob::Format format)
{
    const QLatin1String from = suffix(
        format == ExportJob::Format::Csv ? ExportJob::Format::JsonLines : ExportJob::Format::Csv);
    if (!path.endsWith(from, Qt::CaseInsensitive))
        return path;
    return path.chopped(from.size()) + suffix(format);
}

QString ExportFileName::withKind(const QString &path, ExportJob::Kind kind)
{
    const QFileInfo info(path);
    QString name = info.fileName();
    const QLatin1String from =
        stem(kind == ExportJob::Kind::Events ? ExportJob::Kind::CustomerChanges
                                             : ExportJob::Kind::Events);
    if (!name.startsWith(from))
        return path;
    name.replace(0, from.size(), stem(kind));
    return info.dir().filePath(name);
}
