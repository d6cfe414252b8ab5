#include "paint/timelinedelegate.h"

#include "models/timelinemodel.h"
#include "paint/conversationhtml.h"
#include "paint/theme.h"
#include "records/channelcatalog.h"
#include "records/fieldchange.h"

#include <array>
#include <utility>

namespace {

const QLatin1String kCustomPrefix("custom_field.");

} // namespace

TimelineDelegate::TimelineDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

QString TimelineDelegate::fieldLabel(const QString &field)
{
    const std::array<std::pair<const char *, QString>, 10> labels{{
        {"name", tr("Name")},
        {"remark_name", tr("Remark name")},
        {"phone", tr("Phone")},
        {"email", tr("Email")},
        {"remark", tr("Remark")},
        {"channel", tr("Channel")},
        {"sys_user_id", tr("Agent")},
        {"label", tr("Label")},
        {"ad_referral", tr("Ad referral")},
        {"custom_field", tr("Custom fields")},
    }};
    for (const auto &[name, label] : labels) {
        if (field == QLatin1String(name))
            return label;
    }
    if (field.startsWith(kCustomPrefix))
        return tr("Custom field: %1").arg(field.mid(kCustomPrefix.size()));
    return field;
}

QString TimelineDelegate::valueText(const QString &field, const QString &value)
{
    if (value.isEmpty())
        return value;
    bool ok = false;
    const int number = value.toInt(&ok);
    if (ok && field == QLatin1String("channel"))
        return ChannelCatalog::name(number);
    if (ok && field == QLatin1String("sys_user_id"))
        return ConversationHtml::agentText(number);
    return value;
}

void TimelineDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const QString field = index.data(TimelineModel::FieldRole).toString();
    switch (index.column()) {
    case TimelineModel::TimeColumn: {
        // Later rows of the same event leave the time out: one event, one group.
        const QModelIndex above = index.siblingAtRow(index.row() - 1);
        if (above.isValid() &&
            above.data(TimelineModel::EventIdRole) == index.data(TimelineModel::EventIdRole))
            option->text.clear();
        break;
    }
    case TimelineModel::FieldColumn:
        option->text = fieldLabel(field);
        option->font.setBold(true);
        break;
    default:
        option->text = valueText(field, option->text).replace(u'\n', u' ');
        break;
    }
    if (!(option->state & QStyle::State_Selected))
        colourValue(option, index.column(), index.data(TimelineModel::KindRole).toInt());
}

void TimelineDelegate::colourValue(QStyleOptionViewItem *option, int column, int kind)
{
    QPalette &pal = option->palette;
    switch (column) {
    case TimelineModel::TimeColumn:
        pal.setColor(QPalette::Text, Theme::mutedText(pal));
        break;
    case TimelineModel::OldColumn:
        if (kind == FieldChange::Changed || kind == FieldChange::Removed) {
            option->font.setStrikeOut(!option->text.isEmpty());
            pal.setColor(QPalette::Text, kind == FieldChange::Removed
                                             ? Theme::tone(pal, Theme::Tone::Bad)
                                             : Theme::mutedText(pal));
        }
        break;
    case TimelineModel::NewColumn:
        if (kind == FieldChange::Added || kind == FieldChange::Created)
            pal.setColor(QPalette::Text, Theme::tone(pal, Theme::Tone::Good));
        break;
    default:
        break;
    }
}
