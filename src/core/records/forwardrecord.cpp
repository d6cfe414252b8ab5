#include "records/forwardrecord.h"

#include <array>
#include <utility>

namespace {

constexpr std::array<std::pair<ForwardState, const char *>, 3> kWords{{
    {ForwardState::Pending, "pending"},
    {ForwardState::Forwarded, "forwarded"},
    {ForwardState::GivenUp, "given-up"},
}};

} // namespace

QString forwardStateWord(ForwardState state)
{
    for (const auto &[value, word] : kWords) {
        if (value == state)
            return QString::fromLatin1(word);
    }
    return QStringLiteral("pending");
}

std::optional<ForwardState> forwardStateFromWord(QStringView word)
{
    for (const auto &[value, text] : kWords) {
        if (word == QLatin1String(text))
            return value;
    }
    return std::nullopt;
}

QString ForwardRecord::summary() const
{
    const QString word = forwardStateWord(state);
    return lastStatus > 0 ? word + u' ' + QString::number(lastStatus) : word;
}
