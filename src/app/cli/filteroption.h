#pragma once

#include "filter/filterexpression.h"

#include <QString>

class QCommandLineParser;
class QTextStream;

// The --filter of export, replay and watch. When it is invalid, the error
// goes to `err` the way every command words it ("hookscope-cli COMMAND:
// invalid filter at character N: why", then the filter with the term
// underlined) and the returned expression is invalid: exit 2.
namespace FilterOption {

FilterExpression parse(const QString &command, const QString &text, QTextStream &err);

// --db STORE and --filter EXPR, worded alike for the commands that read a
// store's events.
void addStoreAndFilter(QCommandLineParser &parser);

} // namespace FilterOption
