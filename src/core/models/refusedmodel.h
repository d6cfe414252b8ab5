#pragma once

#include "records/refusedrecord.h"

#include <QAbstractTableModel>

#include <memory>

class AppendFeed;

// Refused deliveries (400/401/404/405), newest last, with reason and raw
// request; loaded lazily like the stream: the model keeps the ordered ids and
// a bounded cache of record pages (bodies can be up to the size limit each).
class RefusedModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RefusedModel)

public:
    // Event, Channel and Customer: read from the body when it parses
    // (RefusedRequest::content); empty otherwise. Last, so that a saved
    // header state of the older columns keeps its meaning.
    enum Column {
        Time,
        Status,
        Reason,
        Method,
        Path,
        Peer,
        Body,
        Event,
        Channel,
        Customer,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role {
        RefusedIdRole = Qt::UserRole + 1,
        ReceivedAtRole, // qint64 ms
        StatusRole,     // int
        RecordRole,     // QVariant holding the RefusedRecord
        BodyBytesRole,  // qint64: the body's size as received (the row may keep less)
    };

    explicit RefusedModel(QObject *parent = nullptr);
    ~RefusedModel() override;

    bool openStore(const QString &path, QString *error = nullptr);
    void closeStore();
    // The open store's path; empty when none is open.
    QString storePath() const;
    // Listens to `feed` (nullptr: to nothing), like EventTableModel::setFeed;
    // it takes the feed's refused id.
    void setFeed(AppendFeed *feed);
    // Refused deliveries up to lastRefusedId were committed: appended now.
    void appendUpTo(qint64 lastRefusedId);
    RefusedRecord record(int row) const;
    // The row of refused delivery `id`, -1 when not shown.
    int rowOfId(qint64 id) const;
    // Drops the row of refused delivery `id` (it became an event).
    void removeId(qint64 id);
    // "16 MiB", or "(first 64 KiB of 16 MiB)" when only the start was kept.
    static QString bodySizeText(const RefusedRecord &record);
    // Records held in the page cache now (bounded; for tests and diagnostics).
    qsizetype cachedRecordCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Private;
    std::unique_ptr<Private> d;
};
