#include "terminaltext.h"

#include <QList>

#include <algorithm>
#include <array>
#include <utility>

namespace {

// Code point ranges a terminal draws two columns wide (Unicode East Asian
// Width W and F, and the emoji blocks).
constexpr std::array<std::pair<char32_t, char32_t>, 16> kWide{{
    {0x1100, 0x115F},   // Hangul Jamo initials
    {0x2E80, 0x303E},   // CJK radicals, punctuation
    {0x3041, 0x33FF},   // kana, CJK compatibility
    {0x3400, 0x4DBF},   // CJK extension A
    {0x4E00, 0x9FFF},   // CJK unified ideographs
    {0xA000, 0xA4CF},   // Yi
    {0xAC00, 0xD7A3},   // Hangul syllables
    {0xF900, 0xFAFF},   // CJK compatibility ideographs
    {0xFE30, 0xFE4F},   // CJK compatibility forms
    {0xFF00, 0xFF60},   // full-width forms
    {0xFFE0, 0xFFE6},   // full-width signs
    {0x1F300, 0x1F64F}, // pictographs, emoticons
    {0x1F680, 0x1F6FF}, // transport and map symbols
    {0x1F900, 0x1F9FF}, // supplemental symbols and pictographs
    {0x1FA70, 0x1FAFF}, // symbols and pictographs extended-A
    {0x20000, 0x3FFFD}, // CJK extensions B and later
}};

int width(char32_t c)
{
    if (c == 0x200D || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0x1F3FB && c <= 0x1F3FF))
        return 0; // zero-width joiner, variation selectors, skin tones
    const QChar::Category category = QChar::category(c);
    if (category == QChar::Mark_NonSpacing || category == QChar::Mark_Enclosing)
        return 0;
    const bool wide = std::any_of(kWide.cbegin(), kWide.cend(), [c](const auto &range) {
        return c >= range.first && c <= range.second;
    });
    return wide ? 2 : 1;
}

} // namespace

int TerminalText::columns(QStringView text)
{
    int total = 0;
    const QList<uint> codePoints = text.toUcs4();
    for (const uint c : codePoints)
        total += width(c);
    return total;
}

QString TerminalText::underline(const QString &text, int position, int length)
{
    const int start = std::clamp(position, 0, static_cast<int>(text.size()));
    const int end = std::clamp(position + length, start, static_cast<int>(text.size()));
    const int indent = columns(QStringView(text).first(start));
    const int carets = std::max(1, columns(QStringView(text).sliced(start, end - start)));
    return QStringLiteral("  ") + text + u'\n' + QStringLiteral("  ") + QString(indent, u' ') +
           QString(carets, u'^');
}
