#include "models/payloadtreemodel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

#include <vector>

struct PayloadTreeModel::Node {
    Node *parent = nullptr;
    int row = 0;
    QString key;
    QString path;
    QJsonValue value; // the raw text (a string) for NodeType::Invalid
    NodeType type = NodeType::Null;
    std::vector<std::unique_ptr<Node>> children;
};

namespace {

using Node = PayloadTreeModel::Node;
using NodeType = PayloadTreeModel::NodeType;

constexpr int kDisplayLimit = 1000; // characters a cell shows; ValueTextRole has all

QString compactJson(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
}

QString valueText(const Node &node)
{
    switch (node.type) {
    case NodeType::Object:
    case NodeType::Array:
        return compactJson(node.value);
    case NodeType::String:
    case NodeType::JsonString:
    case NodeType::Invalid:
        return node.value.toString();
    case NodeType::Number:
        return node.value.toVariant().toString(); // integers stay exact in Qt 6
    case NodeType::Bool:
        return node.value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case NodeType::Null:
        return QStringLiteral("null");
    }
    return {};
}

NodeType typeOf(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Object:
        return NodeType::Object;
    case QJsonValue::Array:
        return NodeType::Array;
    case QJsonValue::String:
        return NodeType::String;
    case QJsonValue::Double:
        return NodeType::Number;
    case QJsonValue::Bool:
        return NodeType::Bool;
    default:
        return NodeType::Null;
    }
}

// A string that holds a JSON object or array, decoded; else null.
QJsonValue innerJson(const QString &text)
{
    const QStringView trimmed = QStringView(text).trimmed();
    if (trimmed.isEmpty() || (trimmed.front() != u'{' && trimmed.front() != u'['))
        return QJsonValue::Undefined;
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(trimmed.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        return QJsonValue::Undefined;
    return doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
}

void addChildren(Node *node, const QJsonValue &container);

void addChild(Node *parent, const QString &key, const QString &path, const QJsonValue &value)
{
    auto child = std::make_unique<Node>();
    child->parent = parent;
    child->row = static_cast<int>(parent->children.size());
    child->key = key;
    child->path = path;
    child->value = value;
    child->type = typeOf(value);
    if (child->type == NodeType::String) {
        const QJsonValue inner = innerJson(value.toString());
        if (!inner.isUndefined()) {
            child->type = NodeType::JsonString;
            addChildren(child.get(), inner);
        }
    } else if (child->type == NodeType::Object || child->type == NodeType::Array) {
        addChildren(child.get(), value);
    }
    parent->children.push_back(std::move(child));
}

void addChildren(Node *node, const QJsonValue &container)
{
    if (container.isObject()) {
        const QJsonObject object = container.toObject();
        node->children.reserve(static_cast<size_t>(object.size()));
        for (auto it = object.begin(); it != object.end(); ++it)
            addChild(node, it.key(), PayloadTreeModel::memberPath(node->path, it.key()), *it);
    } else if (container.isArray()) {
        const QJsonArray array = container.toArray();
        node->children.reserve(static_cast<size_t>(array.size()));
        for (int i = 0; i < array.size(); ++i) {
            addChild(node, QLatin1Char('[') + QString::number(i) + QLatin1Char(']'),
                     PayloadTreeModel::elementPath(node->path, i), array.at(i));
        }
    }
}

const Node *findPath(const Node &node, const QString &path)
{
    for (const auto &child : node.children) {
        if (child->path == path)
            return child.get();
        // Only descend where the path can continue.
        if (path.startsWith(child->path)) {
            if (const Node *found = findPath(*child, path))
                return found;
        }
    }
    return nullptr;
}

bool isIdentifier(const QString &key)
{
    if (key.isEmpty() || key.front().isDigit())
        return false;
    for (const QChar c : key) {
        if (!(c == u'_' || (c.unicode() < 128 && c.isLetterOrNumber())))
            return false;
    }
    return true;
}

} // namespace

PayloadTreeModel::PayloadTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{
}

PayloadTreeModel::~PayloadTreeModel() = default;

void PayloadTreeModel::setPayload(const QByteArray &payload)
{
    beginResetModel();
    m_root = std::make_unique<Node>();
    m_parseError.clear();
    if (!payload.isEmpty()) {
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(payload, &error);
        if (error.error == QJsonParseError::NoError && (doc.isObject() || doc.isArray())) {
            addChildren(m_root.get(),
                        doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array()));
        } else {
            m_parseError =
                tr("not valid JSON: %1 at byte %2").arg(error.errorString()).arg(error.offset);
            auto raw = std::make_unique<Node>();
            raw->parent = m_root.get();
            raw->key = tr("payload");
            raw->value = QString::fromUtf8(payload);
            raw->type = NodeType::Invalid;
            m_root->children.push_back(std::move(raw));
        }
    }
    endResetModel();
}

void PayloadTreeModel::clear()
{
    setPayload({});
}

QModelIndex PayloadTreeModel::indexForPath(const QString &path) const
{
    const Node *node = findPath(*m_root, path);
    return node ? createIndex(node->row, KeyColumn, node) : QModelIndex();
}

PayloadTreeModel::Node *PayloadTreeModel::nodeFor(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex PayloadTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    Node *node = nodeFor(parent)->children.at(static_cast<size_t>(row)).get();
    return createIndex(row, column, node);
}

QModelIndex PayloadTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    Node *parentNode = nodeFor(child)->parent;
    if (!parentNode || parentNode == m_root.get())
        return {};
    return createIndex(parentNode->row, KeyColumn, parentNode);
}

int PayloadTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    return static_cast<int>(nodeFor(parent)->children.size());
}

int PayloadTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant PayloadTreeModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid));
    const Node &node = *nodeFor(index);
    switch (role) {
    case Qt::DisplayRole:
        return displayText(node, index.column());
    case Qt::ToolTipRole:
        return node.type == NodeType::Invalid ? QVariant(m_parseError) : QVariant(node.path);
    case PathRole:
        return node.path;
    case ValueTextRole:
        return valueText(node);
    case IsContainerRole:
        return node.type == NodeType::Object || node.type == NodeType::Array ||
               node.type == NodeType::JsonString;
    case IsJsonStringRole:
        return node.type == NodeType::JsonString;
    case ParseErrorRole:
        return node.type == NodeType::Invalid;
    case NodeTypeRole:
        return static_cast<int>(node.type);
    default:
        return {};
    }
}

QVariant PayloadTreeModel::displayText(const Node &node, int column) const
{
    switch (column) {
    case KeyColumn:
        return node.key;
    case ValueColumn: {
        const QString text = valueText(node);
        if (text.size() <= kDisplayLimit)
            return text;
        return QString(text.left(kDisplayLimit - 1) + QChar(0x2026)); // ellipsis
    }
    case TypeColumn:
        return typeName(node.type);
    default:
        return {};
    }
}

QString PayloadTreeModel::typeName(NodeType type) const
{
    switch (type) {
    case NodeType::Object:
        return tr("object");
    case NodeType::Array:
        return tr("array");
    case NodeType::String:
        return tr("string");
    case NodeType::JsonString:
        return tr("string (JSON)");
    case NodeType::Number:
        return tr("number");
    case NodeType::Bool:
        return tr("bool");
    case NodeType::Null:
        return tr("null");
    case NodeType::Invalid:
        return tr("invalid JSON");
    }
    return {};
}

QVariant PayloadTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractItemModel::headerData(section, orientation, role);
    switch (section) {
    case KeyColumn:
        return tr("Key");
    case ValueColumn:
        return tr("Value");
    case TypeColumn:
        return tr("Type");
    default:
        return {};
    }
}

QHash<int, QByteArray> PayloadTreeModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractItemModel::roleNames();
    names.insert(PathRole, "path");
    names.insert(ValueTextRole, "valueText");
    names.insert(IsContainerRole, "isContainer");
    names.insert(IsJsonStringRole, "isJsonString");
    names.insert(ParseErrorRole, "parseError");
    names.insert(NodeTypeRole, "nodeType");
    return names;
}

QString PayloadTreeModel::memberPath(const QString &parent, const QString &key)
{
    if (isIdentifier(key))
        return parent.isEmpty() ? key : parent + QLatin1Char('.') + key;
    QString escaped = key;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('"'), QLatin1String("\\\""));
    return parent + QLatin1String("[\"") + escaped + QLatin1String("\"]");
}

QString PayloadTreeModel::elementPath(const QString &parent, int index)
{
    return parent + QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
}
