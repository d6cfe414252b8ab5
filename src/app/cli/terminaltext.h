#pragma once

#include <QString>
#include <QStringView>

// Text as a terminal lays it out, so that a caret line under a filter points
// at the right term whatever script the filter is in.
namespace TerminalText {

// The columns `text` takes in a terminal: East Asian wide and full-width
// characters and emoji take two, combining marks, variation selectors and
// zero-width joiners none, everything else one (what wcwidth() answers in a
// UTF-8 locale, without depending on the locale the CLI runs in).
int columns(QStringView text);

// "  <text>" and, under it, "  " + carets under text[position, position +
// length) (at least one caret).
QString underline(const QString &text, int position, int length);

} // namespace TerminalText
