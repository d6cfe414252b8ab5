#include "models/rowwindowmodel.h"

#include <QtGlobal>

#include <cstdlib>

RowWindowModel::RowWindowModel(QObject *parent)
    : QAbstractProxyModel(parent)
{
}

RowWindowModel::~RowWindowModel() = default;

void RowWindowModel::setSourceModel(QAbstractItemModel *source)
{
    beginResetModel();
    for (const QMetaObject::Connection &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
    QAbstractProxyModel::setSourceModel(source);
    m_start = 0;
    m_count = source ? qMin(m_rows, source->rowCount()) : 0;
    if (source) {
        m_connections = {
            connect(source, &QAbstractItemModel::modelAboutToBeReset, this,
                    &RowWindowModel::beginSourceReset),
            connect(source, &QAbstractItemModel::modelReset, this, &RowWindowModel::endSourceReset),
            connect(source, &QAbstractItemModel::rowsAboutToBeInserted, this,
                    &RowWindowModel::onRowsAboutToBeInserted),
            connect(source, &QAbstractItemModel::rowsInserted, this,
                    &RowWindowModel::onRowsInserted),
            connect(source, &QAbstractItemModel::dataChanged, this, &RowWindowModel::onDataChanged),
            connect(source, &QAbstractItemModel::headerDataChanged, this,
                    [this](Qt::Orientation orientation, int first, int last) {
                        if (orientation == Qt::Horizontal)
                            Q_EMIT headerDataChanged(orientation, first, last);
                    }),
        };
        // What the stream's model never does, taken as a new source.
        const auto resetOnAbout = {&QAbstractItemModel::rowsAboutToBeRemoved,
                                   &QAbstractItemModel::columnsAboutToBeInserted,
                                   &QAbstractItemModel::columnsAboutToBeRemoved};
        for (const auto signal : resetOnAbout)
            m_connections.append(connect(source, signal, this, &RowWindowModel::beginSourceReset));
        const auto resetOnDone = {&QAbstractItemModel::rowsRemoved,
                                  &QAbstractItemModel::columnsInserted,
                                  &QAbstractItemModel::columnsRemoved};
        for (const auto signal : resetOnDone)
            m_connections.append(connect(source, signal, this, &RowWindowModel::endSourceReset));
        m_connections.append(connect(source, &QAbstractItemModel::rowsAboutToBeMoved, this,
                                     &RowWindowModel::beginSourceReset));
        m_connections.append(
            connect(source, &QAbstractItemModel::rowsMoved, this, &RowWindowModel::endSourceReset));
        m_connections.append(connect(source, &QAbstractItemModel::layoutAboutToBeChanged, this,
                                     &RowWindowModel::beginSourceReset));
        m_connections.append(connect(source, &QAbstractItemModel::layoutChanged, this,
                                     &RowWindowModel::endSourceReset));
    }
    endResetModel();
}

void RowWindowModel::setWindowRows(int rows)
{
    rows = qMax(1, rows);
    if (rows == m_rows)
        return;
    beginResetModel();
    m_rows = rows;
    m_start = clampedStart(m_start);
    m_count = qMin(m_rows, sourceRowCount() - m_start);
    endResetModel();
}

int RowWindowModel::sourceRowCount() const
{
    return sourceModel() ? sourceModel()->rowCount() : 0;
}

int RowWindowModel::clampedStart(int start) const
{
    return qBound(0, start, qMax(0, sourceRowCount() - m_rows));
}

void RowWindowModel::moveTo(int start)
{
    if (m_resetting || m_appending)
        return; // the source is changing: its row count is not to be trusted
    const int to = clampedStart(start);
    const int count = qMin(m_rows, sourceRowCount() - to);
    if (to == m_start && count == m_count)
        return;
    const int delta = to - m_start;
    if (count != m_count || std::abs(delta) >= m_count) {
        beginResetModel();
        m_start = to;
        m_count = count;
        endResetModel();
        return;
    }
    if (delta > 0) {
        beginRemoveRows(QModelIndex(), 0, delta - 1);
        m_start += delta;
        m_count -= delta;
        endRemoveRows();
        beginInsertRows(QModelIndex(), m_count, m_count + delta - 1);
        m_count += delta;
        endInsertRows();
    } else {
        const int rows = -delta;
        beginRemoveRows(QModelIndex(), m_count - rows, m_count - 1);
        m_count -= rows;
        endRemoveRows();
        beginInsertRows(QModelIndex(), 0, rows - 1);
        m_start -= rows;
        m_count += rows;
        endInsertRows();
    }
}

void RowWindowModel::beginSourceReset()
{
    if (m_resetting)
        return;
    m_resetting = true;
    beginResetModel();
}

void RowWindowModel::endSourceReset()
{
    if (!m_resetting)
        return;
    m_resetting = false;
    const int rows = sourceRowCount();
    m_start = m_followsEnd ? qMax(0, rows - m_rows) : clampedStart(m_start);
    m_count = qMin(m_rows, rows - m_start);
    endResetModel();
}

void RowWindowModel::onRowsAboutToBeInserted(const QModelIndex &parent, int first, int)
{
    if (parent.isValid() || m_resetting)
        return;
    if (first < sourceRowCount()) {
        beginSourceReset(); // not an append
        return;
    }
    m_appending = true;
}

void RowWindowModel::onRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    if (m_resetting) {
        endSourceReset();
        return;
    }
    m_appending = false;
    const int rows = sourceRowCount();
    const int before = rows - (last - first + 1);
    if (m_start + m_count != before)
        return; // appended past a window that does not hold the end
    const int grow = qMin(m_rows - m_count, rows - before);
    if (grow > 0) {
        beginInsertRows(QModelIndex(), m_count, m_count + grow - 1);
        m_count += grow;
        endInsertRows();
    }
    if (m_followsEnd && m_start + m_count < rows)
        moveTo(rows - m_rows);
}

void RowWindowModel::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                   const QList<int> &roles)
{
    if (topLeft.parent().isValid() || m_count == 0)
        return;
    const int first = qMax(topLeft.row(), m_start);
    const int last = qMin(bottomRight.row(), m_start + m_count - 1);
    if (first > last)
        return;
    Q_EMIT dataChanged(index(first - m_start, topLeft.column()),
                       index(last - m_start, bottomRight.column()), roles);
}

QModelIndex RowWindowModel::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || row >= m_count || column < 0 || column >= columnCount())
        return QModelIndex();
    return createIndex(row, column);
}

QModelIndex RowWindowModel::parent(const QModelIndex &) const
{
    return QModelIndex();
}

QModelIndex RowWindowModel::sibling(int row, int column, const QModelIndex &) const
{
    return index(row, column);
}

int RowWindowModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_count;
}

int RowWindowModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !sourceModel() ? 0 : sourceModel()->columnCount();
}

bool RowWindowModel::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && m_count > 0;
}

QVariant RowWindowModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (!sourceModel())
        return QVariant();
    if (orientation == Qt::Vertical)
        return sourceModel()->headerData(section + m_start, orientation, role);
    return sourceModel()->headerData(section, orientation, role);
}

QModelIndex RowWindowModel::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!proxyIndex.isValid() || !sourceModel())
        return QModelIndex();
    return sourceModel()->index(proxyIndex.row() + m_start, proxyIndex.column());
}

QModelIndex RowWindowModel::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || sourceIndex.parent().isValid())
        return QModelIndex();
    const int row = sourceIndex.row() - m_start;
    if (row < 0 || row >= m_count)
        return QModelIndex();
    return index(row, sourceIndex.column());
}
