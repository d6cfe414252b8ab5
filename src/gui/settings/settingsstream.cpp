// Settings of the stream pane (issue 11), apart from settings.cpp so that
// each area's keys stay in its own file.

#include "settings/settings.h"

#include <QSettings>

bool Settings::streamMilliseconds() const
{
    return m_settings->value(QStringLiteral("stream/milliseconds"), false).toBool();
}

void Settings::setStreamMilliseconds(bool on)
{
    m_settings->setValue(QStringLiteral("stream/milliseconds"), on);
}
