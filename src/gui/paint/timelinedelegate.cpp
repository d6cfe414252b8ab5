#include "paint/timelinedelegate.h"

#include "models/timelinemodel.h"
#include "paint/conversationhtml.h"
#include "paint/theme.h"
#include "records/channelcatalog.h"
#include "records/customertimeline.h"
#include "records/fieldchange.h"

#include <QApplication>
#include <QStyle>
#include <QWidget>

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
    // JSON values (ad referral, custom fields holding lists or objects) read
    // as lists and "key: value" pairs, never as cut JSON.
    if (field == QLatin1String("ad_referral") || field.startsWith(QLatin1String("custom_field")))
        return CustomerTimeline::readableValue(value);
    return value;
}

void TimelineDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const QString field = index.data(TimelineModel::FieldRole).toString();
    const bool unverified = index.data(TimelineModel::UnverifiedRole).toBool();
    switch (index.column()) {
    case TimelineModel::TimeColumn:
    case TimelineModel::EventColumn: {
        // Later rows of the same event leave the time and event out: one
        // event, one group.
        const QModelIndex above = index.siblingAtRow(index.row() - 1);
        if (above.isValid() &&
            above.data(TimelineModel::EventIdRole) == index.data(TimelineModel::EventIdRole)) {
            option->text.clear();
        } else if (index.column() == TimelineModel::EventColumn && unverified) {
            // A bad signature or none: marked by icon, colour and words.
            option->features |= QStyleOptionViewItem::HasDecoration;
            const QStyle *style = option->widget ? option->widget->style() : QApplication::style();
            option->icon = style->standardIcon(QStyle::SP_MessageBoxWarning);
            option->decorationSize =
                QSize(option->fontMetrics.height(), option->fontMetrics.height());
        }
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
    if (!(option->state & QStyle::State_Selected)) {
        colourValue(option, index.column(), index.data(TimelineModel::KindRole).toInt());
        if (unverified && index.column() != TimelineModel::OldColumn)
            option->palette.setColor(QPalette::Text,
                                     Theme::tone(option->palette, Theme::Tone::Bad));
    }
    if (unverified)
        option->font.setItalic(true);
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
