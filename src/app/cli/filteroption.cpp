#include "filteroption.h"

#include "terminaltext.h"

#include <QCommandLineParser>
#include <QTextStream>

FilterExpression FilterOption::parse(const QString &command, const QString &text, QTextStream &err)
{
    FilterExpression filter = FilterExpression::parse(text);
    if (filter.isValid())
        return filter;
    // Characters as a user counts them (an emoji is one, not two).
    const qsizetype character = QStringView(text).first(filter.errorPosition()).toUcs4().size() + 1;
    err << "hookscope-cli " << command << ": invalid filter at character " << character << ": "
        << filter.errorMessage() << Qt::endl;
    err << TerminalText::underline(text, filter.errorPosition(), filter.errorLength()) << Qt::endl;
    return filter;
}

void FilterOption::addStoreAndFilter(QCommandLineParser &p)
{
    p.addOption(
        QCommandLineOption(QStringLiteral("db"),
                           QStringLiteral("A database file or a postgresql:// URL (default: the "
                                          "user's HookScope store)."),
                           QStringLiteral("STORE")));
    p.addOption(QCommandLineOption(QStringLiteral("filter"),
                                   QStringLiteral("Only events matching this filter expression."),
                                   QStringLiteral("EXPR")));
}
