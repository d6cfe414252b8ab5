#pragma once

#include <QAbstractItemModel>
#include <QByteArray>
#include <QString>

#include <memory>

// A delivery body as a JSON tree: Key, Value, Type. Strings that hold JSON
// (SaleSmartly sends `data` that way, and labels / custom_field / ad_referral)
// are shown as "string (JSON)" with the decoded document as their children,
// so the user can expand them. A body that is not JSON is one row holding the
// raw text, flagged by ParseErrorRole. The tree is built once per payload.
class PayloadTreeModel final : public QAbstractItemModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PayloadTreeModel)

public:
    enum Column { KeyColumn, ValueColumn, TypeColumn, ColumnCount };
    enum Role {
        PathRole = Qt::UserRole + 1, // QString, e.g. data.labels[0].label_name
        ValueTextRole,               // QString: strings unquoted, containers compact JSON
        IsContainerRole,             // bool: object, array or a string holding JSON
        IsJsonStringRole,            // bool: a string whose content is decoded below it
        ParseErrorRole,              // bool: the raw-text row of a body that is not JSON
        NodeTypeRole,                // int, NodeType
    };
    Q_ENUM(Role)
    enum class NodeType { Object, Array, String, JsonString, Number, Bool, Null, Invalid };
    Q_ENUM(NodeType)

    explicit PayloadTreeModel(QObject *parent = nullptr);
    ~PayloadTreeModel() override;

    // An empty payload clears the model (nothing selected).
    void setPayload(const QByteArray &payload);
    void clear();
    bool hasParseError() const { return !m_parseError.isEmpty(); }
    QString parseError() const { return m_parseError; }
    // The Key-column index of the node with that PathRole, or invalid.
    QModelIndex indexForPath(const QString &path) const;

    QModelIndex index(int row, int column,
                      const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // `parent` + one member, JSONPath-like: a.b, a["odd key"], a[3].
    static QString memberPath(const QString &parent, const QString &key);
    static QString elementPath(const QString &parent, int index);

    struct Node; // the tree built by setPayload(); opaque outside the .cpp

private:
    Node *nodeFor(const QModelIndex &index) const;
    QVariant displayText(const Node &node, int column) const;
    QString typeName(NodeType type) const;

    std::unique_ptr<Node> m_root;
    QString m_parseError;
};
