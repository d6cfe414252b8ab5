#include "replaycommand.h"

#include "apppaths.h"
#include "commandline.h"
#include "eventreplayer.h"
#include "filter/filterexpression.h"
#include "filteroption.h"
#include "forwardrequest.h"
#include "optionvalues.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

void ReplayCommand::addOptions(QCommandLineParser &p)
{
    FilterOption::addStoreAndFilter(p);
    p.addOption(QCommandLineOption(
        QStringLiteral("to"),
        QStringLiteral("The http(s) URL to re-send the events to (their original query is "
                       "appended)."),
        QStringLiteral("URL")));
    p.addOption(QCommandLineOption(QStringLiteral("concurrency"),
                                   QStringLiteral("Requests in flight at once (default %1).")
                                       .arg(EventReplayer::kDefaultConcurrency),
                                   QStringLiteral("C"),
                                   QString::number(EventReplayer::kDefaultConcurrency)));
}

void ReplayCommand::parse(const QCommandLineParser &p, CommandLine &cl)
{
    cl.database = p.value(QStringLiteral("db"));
    cl.filter = p.value(QStringLiteral("filter"));
    if (!p.isSet(QStringLiteral("to"))) {
        cl.error = QStringLiteral("replay needs --to URL, such as http://127.0.0.1:9000/hook");
        return;
    }
    QString why;
    if (!ForwardRequest::checkTarget(p.value(QStringLiteral("to")), &cl.url, &why)) {
        cl.error = QStringLiteral("--to: ") + why;
        return;
    }
    if (!OptionValues::positiveInt(p.value(QStringLiteral("concurrency")),
                                   QStringLiteral("concurrency"), &cl.concurrency, &cl.error))
        return;
    if (cl.concurrency > 64)
        cl.error = QStringLiteral("--concurrency must be at most 64");
}

int ReplayCommand::run(const CommandLine &cl)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const FilterExpression filter = FilterOption::parse(QStringLiteral("replay"), cl.filter, err);
    if (!filter.isValid())
        return 2;
    const QString database = cl.database.isEmpty() ? AppPaths::defaultDatabasePath() : cl.database;
    EventReplayer replayer;
    replayer.setConcurrency(cl.concurrency);
    QObject::connect(&replayer, &EventReplayer::finished, &replayer,
                     [] { QCoreApplication::exit(0); });
    QString error;
    if (!replayer.start(database, filter, cl.url, &error)) {
        err << "hookscope-cli replay: " << error << Qt::endl;
        return 1;
    }
    QCoreApplication::exec();
    const EventReplayer::Report &report = replayer.report();
    out << report.summary();
    out.flush();
    return report.allOk() ? 0 : 1;
}
