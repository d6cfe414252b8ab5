#include "models/payloadtreemodel.h"

#include "models/jsontext.h"
#include "protocol/jsoncursor.h"

#include <memory>
#include <optional>
#include <vector>

struct PayloadTreeModel::Node {
    Node *parent = nullptr;
    int row = 0;
    QString key;
    QString path;
    // Scalars: the decoded string, the number as sent, true/false/null; the
    // raw text of a body that is not JSON.
    QString text;
    // Containers: their bytes [begin, end) in `source` (the body, or the
    // decoded content of a string holding JSON), minified when asked for.
    std::shared_ptr<const QByteArray> source;
    qsizetype begin = 0;
    qsizetype end = 0;
    NodeType type = NodeType::Null;
    std::vector<std::unique_ptr<Node>> children;
};

namespace {

using Node = PayloadTreeModel::Node;
using NodeType = PayloadTreeModel::NodeType;
using Token = JsonCursor::Token;

constexpr int kDisplayLimit = 1000; // characters a cell shows; ValueTextRole has all

// The value's tokens without the whitespace between them, in the order
// sent; at most about `limit` bytes (< 0: all).
QString compactText(const Node &node, qsizetype limit)
{
    if (!node.source)
        return {};
    const QByteArrayView slice =
        QByteArrayView(*node.source).sliced(node.begin, node.end - node.begin);
    JsonCursor cursor(slice);
    QByteArray out;
    for (Token t = cursor.next(); t != Token::End && t != Token::Error; t = cursor.next()) {
        out += cursor.tokenText();
        if (limit >= 0 && out.size() > limit)
            break;
    }
    return QString::fromUtf8(out);
}

QString valueText(const Node &node, qsizetype limit = -1)
{
    if (node.type == NodeType::Object || node.type == NodeType::Array)
        return compactText(node, limit);
    return node.text;
}

// A string that holds a JSON object or array: its decoded bytes; else null.
std::shared_ptr<const QByteArray> innerJson(const QByteArray &decoded)
{
    const QByteArrayView trimmed = QByteArrayView(decoded).trimmed();
    if (trimmed.isEmpty() || (trimmed.front() != '{' && trimmed.front() != '['))
        return nullptr;
    JsonCursor probe(decoded);
    Token t = probe.next();
    while (t != Token::End && t != Token::Error)
        t = probe.next();
    if (t == Token::Error)
        return nullptr;
    return std::make_shared<const QByteArray>(decoded);
}

class TreeBuilder {
public:
    // Fills `node` from the value whose first token the cursor has just
    // read, children in the order they were sent (QJsonObject would sort
    // them). False on a fault of the text.
    static bool read(JsonCursor &cursor, const std::shared_ptr<const QByteArray> &source,
                     Node *node)
    {
        switch (cursor.token()) {
        case Token::BeginObject:
        case Token::BeginArray:
            return readContainer(cursor, source, node);
        case Token::String: {
            const QByteArray decoded = cursor.decodedString();
            node->type = NodeType::String;
            node->text = QString::fromUtf8(decoded);
            if (auto inner = innerJson(decoded)) {
                JsonCursor innerCursor(*inner);
                innerCursor.next();
                node->type = NodeType::JsonString;
                // Checked by innerJson(): cannot fail; a failure drops the children.
                if (!readChildren(innerCursor, inner, node))
                    node->children.clear();
            }
            return true;
        }
        case Token::Number:
            node->type = NodeType::Number;
            node->text = QString::fromLatin1(cursor.tokenText()); // exactly as sent
            return true;
        case Token::True:
        case Token::False:
            node->type = NodeType::Bool;
            node->text =
                cursor.token() == Token::True ? QStringLiteral("true") : QStringLiteral("false");
            return true;
        case Token::Null:
            node->type = NodeType::Null;
            node->text = QStringLiteral("null");
            return true;
        default:
            return false;
        }
    }

    // The children of the container whose opening token is current.
    static bool readChildren(JsonCursor &cursor, const std::shared_ptr<const QByteArray> &source,
                             Node *node)
    {
        const bool object = cursor.token() == Token::BeginObject;
        if (!object && cursor.token() != Token::BeginArray)
            return false;
        const Token close = object ? Token::EndObject : Token::EndArray;
        Token t = cursor.next();
        int index = 0;
        while (t != close) {
            if (t == Token::ValueSeparator)
                t = cursor.next();
            QString key;
            QString path;
            if (object) {
                if (t != Token::String)
                    return false;
                key = QString::fromUtf8(cursor.decodedString());
                path = PayloadTreeModel::memberPath(node->path, key);
                if (cursor.next() != Token::NameSeparator)
                    return false;
                cursor.next();
            } else {
                key = QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
                path = PayloadTreeModel::elementPath(node->path, index);
            }
            auto child = std::make_unique<Node>();
            child->parent = node;
            child->row = static_cast<int>(node->children.size());
            child->key = key;
            child->path = path;
            if (!read(cursor, source, child.get()))
                return false;
            node->children.push_back(std::move(child));
            ++index;
            t = cursor.next();
            if (t == Token::Error || t == Token::End)
                return false;
        }
        return true;
    }

private:
    static bool readContainer(JsonCursor &cursor, const std::shared_ptr<const QByteArray> &source,
                              Node *node)
    {
        node->type = cursor.token() == Token::BeginObject ? NodeType::Object : NodeType::Array;
        node->source = source;
        node->begin = cursor.tokenBegin();
        if (!readChildren(cursor, source, node))
            return false;
        node->end = cursor.tokenEnd();
        return true;
    }
};

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
        const auto source = std::make_shared<const QByteArray>(payload);
        JsonCursor cursor(*source);
        const Token first = cursor.next();
        bool ok = (first == Token::BeginObject || first == Token::BeginArray) &&
                  TreeBuilder::readChildren(cursor, source, m_root.get());
        if (ok)
            ok = cursor.next() == Token::End;
        if (!ok) {
            m_parseError = cursor.error() != JsonCursor::Error::None
                               ? tr("not valid JSON: %1 at byte %2")
                                     .arg(cursor.errorString())
                                     .arg(cursor.errorOffset())
                               : tr("not a JSON object or array");
            m_root = std::make_unique<Node>();
            auto raw = std::make_unique<Node>();
            raw->parent = m_root.get();
            raw->key = tr("payload");
            raw->text = QString::fromUtf8(payload);
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
        QString text = valueText(node, kDisplayLimit * 4);
        // Epoch numbers read as dates beside the number (ValueTextRole keeps it bare).
        if ((node.type == NodeType::Number || node.type == NodeType::String) &&
            JsonText::isEpochKey(node.key)) {
            const QString date = JsonText::epochDate(text);
            if (!date.isEmpty())
                text += QStringLiteral("  (") + date + u')';
        }
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
