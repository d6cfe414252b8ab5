#include "records/customertimeline.h"

#include "records/eventrecord.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

struct CustomerTimeline::Context {
    const EventRecord &event;
    bool isAdd = false; // add_user: a field without a value yet is "created"
    bool unverified = false;
    QList<FieldChange> changes;

    FieldChange row(const QString &field, const QString &oldValue, const QString &newValue,
                    FieldChange::Kind kind) const
    {
        FieldChange c;
        c.timeMs = event.receivedAtMs;
        c.eventId = event.id;
        c.chatUserId = event.chatUserId;
        c.field = field;
        c.oldValue = oldValue;
        c.newValue = newValue;
        c.kind = kind;
        c.event = event.event;
        c.unverified = unverified;
        return c;
    }
};

namespace {

const QLatin1String kLabels("labels");
const QLatin1String kCustomField("custom_field");
const QLatin1String kLabelField("label");

// Was the data member in the delivery? Rows stored before present_fields
// existed (schema version 1) have an empty list: then a non-empty value is
// the best evidence we have.
bool isPresent(const EventRecord &event, QLatin1String member, const QString &value)
{
    if (event.presentFields.isEmpty())
        return !value.isEmpty();
    return event.presentFields.contains(member);
}

QString scalarText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double:
        return value.toVariant().toString(); // integers stay exact in Qt 6
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    default:
        return {};
    }
}

// An empty object or array means "no ad", the same as no value at all.
QString adReferralText(const EventRecord &r)
{
    const QString text = r.adReferral.trimmed();
    if (text == QLatin1String("{}") || text == QLatin1String("[]") || text == QLatin1String("null"))
        return {};
    return r.adReferral;
}

struct ScalarField {
    QLatin1String member; // the data member, also the FieldChange::field
    QString (*value)(const EventRecord &);
};

const ScalarField kScalars[] = {
    {QLatin1String("name"), [](const EventRecord &r) { return r.name; }},
    {QLatin1String("remark_name"), [](const EventRecord &r) { return r.remarkName; }},
    {QLatin1String("phone"), [](const EventRecord &r) { return r.phone; }},
    {QLatin1String("email"), [](const EventRecord &r) { return r.email; }},
    {QLatin1String("remark"), [](const EventRecord &r) { return r.remark; }},
    {QLatin1String("channel"),
     [](const EventRecord &r) { return r.channel >= 0 ? QString::number(r.channel) : QString(); }},
    // <= 0 is "unassigned or a bot" (spec section 3): shown as no agent.
    {QLatin1String("sys_user_id"),
     [](const EventRecord &r) {
         return r.sysUserId > 0 ? QString::number(r.sysUserId) : QString();
     }},
    {QLatin1String("ad_referral"), adReferralText},
};

CustomerTimeline::Label labelFrom(const QJsonValue &value)
{
    if (!value.isObject())
        return {QString(), scalarText(value)};
    const QJsonObject o = value.toObject();
    CustomerTimeline::Label label{scalarText(o.value(QLatin1String("id"))),
                                  scalarText(o.value(QLatin1String("label_name")))};
    if (label.name.isEmpty())
        label.name = scalarText(o.value(QLatin1String("name")));
    if (label.name.isEmpty())
        label.name = label.id;
    return label;
}

QString labelKey(const CustomerTimeline::Label &label)
{
    return label.id.isEmpty() ? QLatin1String("name:") + label.name
                              : QLatin1String("id:") + label.id;
}

// Labels arrive as a JSON array of {id, label_name}; anything else that is not
// empty is kept as one label so the user still sees it.
QList<CustomerTimeline::Label> parseLabels(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty() || trimmed == QLatin1String("null"))
        return {};
    const QJsonDocument doc = QJsonDocument::fromJson(trimmed.toUtf8());
    QList<QJsonValue> values;
    if (doc.isArray()) {
        const QJsonArray array = doc.array();
        values = QList<QJsonValue>(array.begin(), array.end());
    } else if (doc.isObject()) {
        values.append(doc.object());
    } else {
        return {CustomerTimeline::Label{QString(), text}};
    }
    QList<CustomerTimeline::Label> labels;
    QSet<QString> keys;
    for (const QJsonValue &value : std::as_const(values)) {
        const CustomerTimeline::Label label = labelFrom(value);
        if (label.name.isEmpty() || keys.contains(labelKey(label)))
            continue;
        keys.insert(labelKey(label));
        labels.append(label);
    }
    return labels;
}

} // namespace

QStringList CustomerTimeline::Profile::labelNames() const
{
    QStringList names;
    names.reserve(labels.size());
    for (const Label &label : labels)
        names.append(label.name);
    return names;
}

QList<FieldChange> CustomerTimeline::apply(const EventRecord &event)
{
    if (event.kind != EventKind::AddUser && event.kind != EventKind::UpdateUser)
        return {};
    const bool unverified = isUnverified(event);
    Context ctx{event, event.kind == EventKind::AddUser, unverified, {}};
    applyTo(m_profile, event, ctx);
    if (!unverified) {
        // The verified profile's own changes are not rows: the timeline
        // shows what arrived, the header what can be trusted.
        Context quiet{event, event.kind == EventKind::AddUser, false, {}};
        applyTo(m_verified, event, quiet);
    }
    // Every row carries the name the customer has once this event is applied.
    const QString name = m_profile.fields.value(QStringLiteral("name"));
    for (FieldChange &change : ctx.changes)
        change.name = name;
    return ctx.changes;
}

void CustomerTimeline::applyTo(Profile &profile, const EventRecord &event, Context &ctx)
{
    applyScalars(profile, event, ctx);
    applyLabels(profile, event, ctx);
    applyCustomFields(profile, event, ctx);
    if (profile.chatUserId.isEmpty())
        profile.chatUserId = event.chatUserId;
    profile.lastEventId = event.id;
    profile.lastTimeMs = event.receivedAtMs;
}

bool CustomerTimeline::isUnverified(const EventRecord &event)
{
    return event.verification == Verification::BadSignature ||
           event.verification == Verification::Unsigned;
}

QStringList CustomerTimeline::hiddenUnverifiedFields() const
{
    QStringList fields;
    for (const QString &field : m_profile.unverifiedFields) {
        const bool differs = field == kLabels ? m_profile.labelNames() != m_verified.labelNames()
                                              : m_profile.value(field) != m_verified.value(field);
        if (differs)
            fields.append(field);
    }
    fields.sort();
    return fields;
}

QByteArray CustomerTimeline::rowState() const
{
    QJsonObject fields;
    for (auto it = m_profile.fields.cbegin(); it != m_profile.fields.cend(); ++it)
        fields.insert(it.key(), it.value());
    QJsonArray labels;
    for (const Label &label : m_profile.labels)
        labels.append(QJsonArray{label.id, label.name});
    const QJsonObject state{{QLatin1String("u"), m_profile.chatUserId},
                            {QLatin1String("f"), fields},
                            {QLatin1String("l"), labels}};
    return QJsonDocument(state).toJson(QJsonDocument::Compact);
}

bool CustomerTimeline::restoreRowState(const QByteArray &state)
{
    const QJsonDocument doc = QJsonDocument::fromJson(state);
    if (!doc.isObject())
        return false;
    const QJsonObject o = doc.object();
    const QJsonValue user = o.value(QLatin1String("u"));
    const QJsonValue fields = o.value(QLatin1String("f"));
    const QJsonValue labels = o.value(QLatin1String("l"));
    if (!user.isString() || !fields.isObject() || !labels.isArray())
        return false;
    Profile profile;
    profile.chatUserId = user.toString();
    const QJsonObject fieldObject = fields.toObject();
    for (auto it = fieldObject.begin(); it != fieldObject.end(); ++it) {
        if (!it.value().isString())
            return false;
        profile.fields.insert(it.key(), it.value().toString());
    }
    for (const QJsonValue &value : labels.toArray()) {
        const QJsonArray pair = value.toArray();
        if (pair.size() != 2 || !pair.at(0).isString() || !pair.at(1).isString())
            return false;
        profile.labels.append(Label{pair.at(0).toString(), pair.at(1).toString()});
    }
    m_profile = std::move(profile);
    m_verified = Profile();
    return true;
}

void CustomerTimeline::applyScalars(Profile &profile, const EventRecord &event, Context &ctx)
{
    for (const ScalarField &field : kScalars) {
        const QString value = field.value(event);
        if (isPresent(event, field.member, value))
            setField(profile, field.member, value, ctx);
    }
}

void CustomerTimeline::setField(Profile &profile, const QString &field, const QString &value,
                                Context &ctx)
{
    const QString old = profile.fields.value(field);
    profile.fields.insert(field, value);
    if (ctx.unverified)
        profile.unverifiedFields.insert(field);
    else
        profile.unverifiedFields.remove(field);
    if (old == value)
        return;
    const bool created = ctx.isAdd && old.isEmpty();
    ctx.changes.append(
        ctx.row(field, old, value, created ? FieldChange::Created : FieldChange::Changed));
}

void CustomerTimeline::applyLabels(Profile &profile, const EventRecord &event, Context &ctx)
{
    if (!isPresent(event, kLabels, event.labels))
        return;
    if (ctx.unverified)
        profile.unverifiedFields.insert(kLabels);
    else
        profile.unverifiedFields.remove(kLabels);
    // The delivery carries the whole set: compare by id (else by name).
    const QList<Label> next = parseLabels(event.labels);
    QHash<QString, QString> nextNames;
    for (const Label &label : next)
        nextNames.insert(labelKey(label), label.name);
    QHash<QString, QString> oldNames;
    for (const Label &label : std::as_const(profile.labels)) {
        oldNames.insert(labelKey(label), label.name);
        if (!nextNames.contains(labelKey(label)))
            ctx.changes.append(ctx.row(kLabelField, label.name, {}, FieldChange::Removed));
    }
    for (const Label &label : next) {
        const auto old = oldNames.constFind(labelKey(label));
        if (old == oldNames.cend()) {
            const FieldChange::Kind kind = ctx.isAdd ? FieldChange::Created : FieldChange::Added;
            ctx.changes.append(ctx.row(kLabelField, {}, label.name, kind));
        } else if (*old != label.name) {
            // Same label id, new name: a rename in SaleSmartly.
            ctx.changes.append(ctx.row(kLabelField, *old, label.name, FieldChange::Changed));
        }
    }
    profile.labels = next;
}

void CustomerTimeline::applyCustomFields(Profile &profile, const EventRecord &event, Context &ctx)
{
    if (!isPresent(event, kCustomField, event.customField))
        return;
    const QString text = event.customField.trimmed();
    if (text.isEmpty() || text == QLatin1String("null"))
        return;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
    if (!doc.isObject()) {
        // Not the documented object: keep it whole rather than drop it.
        if (!doc.isArray() || !doc.array().isEmpty())
            setField(profile, kCustomField, event.customField, ctx);
        return;
    }
    // Only the keys that changed are sent: merge them into what is known.
    const QJsonObject object = doc.object();
    for (auto it = object.begin(); it != object.end(); ++it)
        setField(profile, kCustomField + QLatin1Char('.') + it.key(), scalarText(it.value()), ctx);
}

QList<FieldChange> CustomerTimeline::build(const QList<EventRecord> &eventsOfOneCustomerInTimeOrder)
{
    CustomerTimeline timeline;
    QList<FieldChange> changes;
    for (const EventRecord &event : eventsOfOneCustomerInTimeOrder)
        changes += timeline.apply(event);
    return changes;
}

CustomerTimeline::Profile
CustomerTimeline::currentState(const QList<EventRecord> &eventsOfOneCustomerInTimeOrder)
{
    CustomerTimeline timeline;
    for (const EventRecord &event : eventsOfOneCustomerInTimeOrder)
        timeline.apply(event);
    return timeline.profile();
}

QString
CustomerTimeline::currentVerifiedName(const QList<EventRecord> &eventsOfOneCustomerInTimeOrder)
{
    CustomerTimeline timeline;
    for (const EventRecord &event : eventsOfOneCustomerInTimeOrder)
        timeline.apply(event);
    return timeline.verifiedProfile().value(QStringLiteral("name"));
}

QList<FieldChange> CustomerTimeline::buildAll(const QList<EventRecord> &customerEvents)
{
    QHash<QString, CustomerTimeline> timelines;
    QList<FieldChange> changes;
    for (const EventRecord &event : customerEvents) {
        if (event.kind == EventKind::AddUser || event.kind == EventKind::UpdateUser)
            changes += timelines[event.chatUserId].apply(event);
    }
    return changes;
}

namespace {

QString readableJson(const QJsonValue &value, int depth);

QString readableObject(const QJsonObject &object, int depth)
{
    QStringList pairs;
    for (auto it = object.begin(); it != object.end(); ++it)
        pairs.append(it.key() + QLatin1String(": ") + readableJson(it.value(), depth + 1));
    return pairs.join(QLatin1String(", "));
}

// Nested values are bracketed so "a: x, b: y" stays readable inside a list;
// past a few levels the rest is compact JSON (bounded work on hostile input).
QString readableJson(const QJsonValue &value, int depth)
{
    constexpr int kMaxDepth = 4;
    if (depth > kMaxDepth || (!value.isArray() && !value.isObject()))
        return scalarText(value);
    QString inner;
    if (value.isObject()) {
        inner = readableObject(value.toObject(), depth);
    } else {
        QStringList items;
        const QJsonArray array = value.toArray();
        for (const QJsonValue &item : array)
            items.append(readableJson(item, depth + 1));
        inner = items.join(QLatin1String(", "));
    }
    if (depth == 0)
        return inner;
    return value.isObject() ? u'{' + inner + u'}' : u'[' + inner + u']';
}

} // namespace

QString CustomerTimeline::readableValue(const QString &value)
{
    const QString trimmed = value.trimmed();
    if (!trimmed.startsWith(u'[') && !trimmed.startsWith(u'{'))
        return value;
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(trimmed.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        return value;
    if (doc.isArray())
        return readableJson(doc.array(), 0);
    return readableJson(doc.object(), 0);
}

QStringList CustomerTimeline::scalarFields()
{
    QStringList fields;
    for (const ScalarField &field : kScalars)
        fields.append(field.member);
    return fields;
}
