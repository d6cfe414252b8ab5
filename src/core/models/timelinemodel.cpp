#include "models/timelinemodel.h"

#include <QDateTime>

TimelineModel::TimelineModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

TimelineModel::~TimelineModel() = default;

void TimelineModel::setChanges(const QList<FieldChange> &changes)
{
    beginResetModel();
    m_changes = changes;
    endResetModel();
}

void TimelineModel::appendChanges(const QList<FieldChange> &changes)
{
    if (changes.isEmpty())
        return;
    const int first = static_cast<int>(m_changes.size());
    beginInsertRows(QModelIndex(), first, first + static_cast<int>(changes.size()) - 1);
    m_changes += changes;
    endInsertRows();
}

void TimelineModel::clear()
{
    setChanges({});
}

int TimelineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_changes.size());
}

int TimelineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TimelineModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    const FieldChange &change = m_changes.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        return displayData(change, index.column());
    case TimeMsRole:
        return change.timeMs;
    case EventIdRole:
        return change.eventId;
    case FieldRole:
        return change.field;
    case KindRole:
        return static_cast<int>(change.kind);
    case OldRole:
        return change.oldValue;
    case NewRole:
        return change.newValue;
    case ChatUserIdRole:
        return change.chatUserId;
    case NameRole:
        return change.name;
    case EventNameRole:
        return change.event;
    case UnverifiedRole:
        return change.unverified;
    default:
        return {};
    }
}

QVariant TimelineModel::displayData(const FieldChange &change, int column) const
{
    switch (column) {
    case TimeColumn:
        return displayTime(change.timeMs);
    case EventColumn:
        return eventText(change);
    case FieldColumn:
        return change.field;
    case OldColumn:
        return change.oldValue;
    case NewColumn:
        return change.newValue;
    default:
        return {};
    }
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case EventColumn:
        return tr("Event");
    case FieldColumn:
        return tr("Field");
    case OldColumn:
        return tr("Old");
    case NewColumn:
        return tr("New");
    default:
        return {};
    }
}

QHash<int, QByteArray> TimelineModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(TimeMsRole, "timeMs");
    names.insert(EventIdRole, "eventId");
    names.insert(FieldRole, "field");
    names.insert(KindRole, "kind");
    names.insert(OldRole, "oldValue");
    names.insert(NewRole, "newValue");
    names.insert(ChatUserIdRole, "chatUserId");
    names.insert(NameRole, "name");
    names.insert(EventNameRole, "event");
    names.insert(UnverifiedRole, "unverified");
    return names;
}

QString TimelineModel::displayTime(qint64 msSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch)
        .toLocalTime()
        .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString TimelineModel::eventText(const FieldChange &change)
{
    if (!change.unverified)
        return change.event;
    return tr("%1 · unverified").arg(change.event);
}
