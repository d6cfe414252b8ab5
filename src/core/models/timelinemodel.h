#pragma once

#include "records/fieldchange.h"

#include <QAbstractTableModel>
#include <QList>

// A customer's change timeline as a table: Time, Event (add_user /
// update_user, and whether it was unverified), Field, Old, New. Display
// text for the view, raw values in the roles for sorting, filtering and
// delegates (which pick colours by KindRole in the GUI layer).
class TimelineModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimelineModel)

public:
    enum Column { TimeColumn, EventColumn, FieldColumn, OldColumn, NewColumn, ColumnCount };
    enum Role {
        TimeMsRole = Qt::UserRole + 1, // qint64 ms since the epoch
        EventIdRole,                   // qint64
        FieldRole,                     // QString, e.g. "custom_field.budget"
        KindRole,                      // int, FieldChange::Kind
        OldRole,                       // QString
        NewRole,                       // QString
        ChatUserIdRole,                // QString
        NameRole,                      // QString, the customer's name at that time
        EventNameRole,                 // QString, "add_user" / "update_user"
        UnverifiedRole,                // bool, FieldChange::unverified
    };
    Q_ENUM(Role)

    explicit TimelineModel(QObject *parent = nullptr);
    ~TimelineModel() override;

    void setChanges(const QList<FieldChange> &changes);
    // For new events of the customer shown: appended without a reset.
    void appendChanges(const QList<FieldChange> &changes);
    void clear();
    const QList<FieldChange> &changes() const { return m_changes; }
    FieldChange change(int row) const { return m_changes.value(row); }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Local time, "yyyy-MM-dd HH:mm:ss", as the Time column shows it.
    static QString displayTime(qint64 msSinceEpoch);
    // The Event column: "add_user", "update_user", with " · unverified"
    // (translated) for an event with a bad signature or none.
    static QString eventText(const FieldChange &change);

private:
    QVariant displayData(const FieldChange &change, int column) const;

    QList<FieldChange> m_changes;
};
