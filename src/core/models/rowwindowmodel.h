#pragma once

#include <QAbstractProxyModel>

// A bounded window of a flat model's rows: at most windowRows() consecutive
// rows of the source, from windowStart() on, as rows 0.. of this model. A
// view keeps state per row of its model (QTableView's vertical header a
// section each, walked again after every insert: 100 ms and more per load
// chunk at ten million rows); over the window it keeps a few thousand. The
// stream pane moves the window as the user scrolls, with a scroll bar of its
// own over the whole source (docs/threads.md, "The stream's row window").
//
// The source must be flat and only reset, append rows at its end and change
// data (EventTableModel); anything else re-frames the window by a reset.
class RowWindowModel final : public QAbstractProxyModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RowWindowModel)

public:
    static constexpr int kDefaultWindowRows = 20000;

    explicit RowWindowModel(QObject *parent = nullptr);
    ~RowWindowModel() override;

    void setSourceModel(QAbstractItemModel *source) override;

    int windowRows() const { return m_rows; }
    // At least 1; the window is framed again from its start (a reset).
    void setWindowRows(int rows);
    int windowStart() const { return m_start; }
    int sourceRowCount() const;
    // Appended source rows fill a window that is not full; when it is, they
    // slide a window that holds the source's last row along (the newest row
    // stays in it) only while this is on. Off, the window stays where it is.
    void setFollowsEnd(bool on) { m_followsEnd = on; }
    bool followsEnd() const { return m_followsEnd; }
    // Moves the window to start at `start`, clamped so that it is as full as
    // the source allows. Where the old and new windows overlap, a slide: the
    // rows that leave are removed and the new ones inserted, so selections
    // and persistent indices of the rows still shown stay; otherwise a reset.
    void moveTo(int start);

    QModelIndex index(int row, int column,
                      const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &index) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    bool hasChildren(const QModelIndex &parent = QModelIndex()) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;

private:
    int clampedStart(int start) const;
    void beginSourceReset();
    void endSourceReset();
    void onRowsAboutToBeInserted(const QModelIndex &parent, int first, int last);
    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                       const QList<int> &roles);

    QList<QMetaObject::Connection> m_connections;
    int m_rows = kDefaultWindowRows;
    int m_start = 0;
    int m_count = 0;
    int m_columns = 0;
    bool m_followsEnd = true;
    bool m_resetting = false;
    bool m_appending = false;
};
