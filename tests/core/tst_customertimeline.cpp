#include "protocol/eventparser.h"
#include "records/customertimeline.h"

#include <QTest>

class TestCustomerTimeline final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void addUserCreatesEveryValuedField();
    void updateChangesName();
    void absentFieldsAreUnchanged();
    void sameValueGivesNoRow();
    void labels_data();
    void labels();
    void customFieldsMergeKeyByKey();
    void arrayAndObjectValues();
    void jsonInStringAndRealJsonAgree();
    void adReferralChange();
    void updateWithoutAdd();
    void repeatedAddUserChangesOnlyDifferences();
    void agentAssignment();
    void rowsCarryEventFactsAndNameAsOfEvent();
    void otherEventsChangeNothing();
    void rowsWithoutPresentFieldsUseNonEmptyValues();
    void currentStateMergesEverything();
    void buildAllKeepsCustomersApart();
    void rowsNameTheirEvent();
    void unverifiedEventsAreMarkedAndKeptOutOfTheVerifiedProfile();
    void aVerifiedEventTakesTheFieldBack();
    void notCheckedIsNotUnverified();
    void onlyUnverifiedEvents();
    void readableValue_data();
    void readableValue();
};

namespace {

constexpr qint64 kBaseMs = Q_INT64_C(1764000000000);

// A customer event as the receiver would store it: parsed from a real body.
EventRecord customerEvent(qint64 id, const char *event, const QByteArray &data)
{
    const QByteArray body = QByteArray(R"({"event":")") + event + R"(","data":)" + data + '}';
    const EventParser::Result result = EventParser::parse(body);
    if (!result.ok)
        qFatal("test body does not parse: %s", body.constData());
    EventRecord record = result.record;
    record.id = id;
    record.receivedAtMs = kBaseMs + id * 1000;
    record.payload = body;
    return record;
}

EventRecord addUser(qint64 id, const QByteArray &data)
{
    return customerEvent(id, "add_user", data);
}

EventRecord updateUser(qint64 id, const QByteArray &data)
{
    return customerEvent(id, "update_user", data);
}

// "field: old -> new (kind)", one line per change: QCOMPARE shows a readable diff.
QStringList describe(const QList<FieldChange> &changes)
{
    QStringList lines;
    for (const FieldChange &c : changes) {
        lines.append(c.field + QLatin1String(": ") + c.oldValue + QLatin1String(" -> ") +
                     c.newValue + QLatin1String(" (") + FieldChange::kindName(c.kind) +
                     QLatin1Char(')'));
    }
    return lines;
}

QStringList lines(std::initializer_list<const char *> texts)
{
    QStringList out;
    for (const char *text : texts)
        out.append(QString::fromUtf8(text));
    return out;
}

const QByteArray kAnnAdded(
    R"({"chat_user_id":"cu1","name":"Ann","remark_name":"","phone":"","email":"ann@example.com",)"
    R"("remark":"","channel":7,"labels":"[{\"id\":1,\"label_name\":\"VIP\"}]",)"
    R"("custom_field":"{\"budget\":500,\"city\":\"Paris\"}","ad_referral":"","sys_user_id":0})");

EventRecord withVerification(EventRecord record, Verification verification)
{
    record.verification = verification;
    return record;
}

} // namespace

void TestCustomerTimeline::addUserCreatesEveryValuedField()
{
    const QList<FieldChange> changes = CustomerTimeline::build({addUser(1, kAnnAdded)});
    // Empty values (phone, remark, ...) and sys_user_id 0 ("unassigned") set
    // nothing visible, so they give no row.
    QCOMPARE(describe(changes),
             lines({"name:  -> Ann (created)", "email:  -> ann@example.com (created)",
                    "channel:  -> 7 (created)", "label:  -> VIP (created)",
                    "custom_field.budget:  -> 500 (created)",
                    "custom_field.city:  -> Paris (created)"}));
}

void TestCustomerTimeline::updateChangesName()
{
    const QList<FieldChange> changes = CustomerTimeline::build(
        {addUser(1, kAnnAdded), updateUser(2, R"({"chat_user_id":"cu1","name":"Anna"})")});
    const QList<FieldChange> update = changes.mid(6);
    QCOMPARE(describe(update), lines({"name: Ann -> Anna (changed)"}));
    QCOMPARE(update.first().eventId, Q_INT64_C(2));
}

void TestCustomerTimeline::absentFieldsAreUnchanged()
{
    CustomerTimeline timeline;
    timeline.apply(addUser(1, kAnnAdded));
    // Only phone is sent: name, email, labels and custom fields stay as they were.
    const QList<FieldChange> changes =
        timeline.apply(updateUser(2, R"({"chat_user_id":"cu1","phone":"+33 6 12"})"));
    QCOMPARE(describe(changes), lines({"phone:  -> +33 6 12 (changed)"}));
    QCOMPARE(timeline.profile().value(QStringLiteral("name")), QStringLiteral("Ann"));
    QCOMPARE(timeline.profile().value(QStringLiteral("email")), QStringLiteral("ann@example.com"));
    QCOMPARE(timeline.profile().labelNames(), QStringList{QStringLiteral("VIP")});
    QCOMPARE(timeline.profile().value(QStringLiteral("custom_field.city")),
             QStringLiteral("Paris"));
}

void TestCustomerTimeline::sameValueGivesNoRow()
{
    CustomerTimeline timeline;
    timeline.apply(addUser(1, kAnnAdded));
    // A full re-send of the same profile, with other spacing and real JSON.
    const QList<FieldChange> changes = timeline.apply(updateUser(
        2, R"({"chat_user_id":"cu1","name":"Ann","email":"ann@example.com","phone":"",)"
           R"("channel":"7","labels":[{"label_name":"VIP","id":1}],)"
           R"("custom_field":{"city":"Paris","budget":500},"ad_referral":"","sys_user_id":-1})"));
    QCOMPARE(describe(changes), QStringList());
}

void TestCustomerTimeline::labels_data()
{
    QTest::addColumn<QByteArray>("before");
    QTest::addColumn<QByteArray>("after");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QStringList>("finalNames");

    const QByteArray vipNew(
        R"("[{\"id\":1,\"label_name\":\"VIP\"},{\"id\":2,\"label_name\":\"New\"}]")");
    QTest::newRow("one added") << QByteArray(R"("[{\"id\":1,\"label_name\":\"VIP\"}]")") << vipNew
                               << lines({"label:  -> New (added)"}) << lines({"VIP", "New"});
    QTest::newRow("one removed") << vipNew << QByteArray(R"("[{\"id\":2,\"label_name\":\"New\"}]")")
                                 << lines({"label: VIP ->  (removed)"}) << lines({"New"});
    QTest::newRow("added and removed")
        << vipNew
        << QByteArray(R"("[{\"id\":2,\"label_name\":\"New\"},{\"id\":3,\"label_name\":\"Paid\"}]")")
        << lines({"label: VIP ->  (removed)", "label:  -> Paid (added)"}) << lines({"New", "Paid"});
    QTest::newRow("emptied array")
        << vipNew << QByteArray(R"("[]")")
        << lines({"label: VIP ->  (removed)", "label: New ->  (removed)"}) << QStringList();
    QTest::newRow("emptied real array")
        << vipNew << QByteArray("[]")
        << lines({"label: VIP ->  (removed)", "label: New ->  (removed)"}) << QStringList();
    QTest::newRow("emptied string")
        << vipNew << QByteArray(R"("")")
        << lines({"label: VIP ->  (removed)", "label: New ->  (removed)"}) << QStringList();
    QTest::newRow("same set, other order")
        << vipNew
        << QByteArray(R"("[{\"id\":2,\"label_name\":\"New\"},{\"id\":1,\"label_name\":\"VIP\"}]")")
        << QStringList() << lines({"New", "VIP"});
    QTest::newRow("renamed, same id")
        << vipNew
        << QByteArray(R"("[{\"id\":1,\"label_name\":\"Gold\"},{\"id\":2,\"label_name\":\"New\"}]")")
        << lines({"label: VIP -> Gold (changed)"}) << lines({"Gold", "New"});
    QTest::newRow("text that is not JSON is one label")
        << QByteArray(R"("[]")") << QByteArray(R"("VIP, Gold")")
        << lines({"label:  -> VIP, Gold (added)"}) << lines({"VIP, Gold"});
    QTest::newRow("no ids: compared by name")
        << QByteArray(R"("[{\"label_name\":\"VIP\"}]")")
        << QByteArray(R"("[{\"label_name\":\"Gold\"}]")")
        << lines({"label: VIP ->  (removed)", "label:  -> Gold (added)"}) << lines({"Gold"});
}

void TestCustomerTimeline::labels()
{
    QFETCH(QByteArray, before);
    QFETCH(QByteArray, after);
    QFETCH(QStringList, expected);
    QFETCH(QStringList, finalNames);

    CustomerTimeline timeline;
    timeline.apply(addUser(1, R"({"chat_user_id":"cu1","name":"Ann","labels":)" + before + '}'));
    const QList<FieldChange> changes =
        timeline.apply(updateUser(2, R"({"chat_user_id":"cu1","labels":)" + after + '}'));
    QCOMPARE(describe(changes), expected);
    QCOMPARE(timeline.profile().labelNames(), finalNames);
}

void TestCustomerTimeline::customFieldsMergeKeyByKey()
{
    CustomerTimeline timeline;
    timeline.apply(addUser(1, kAnnAdded)); // budget 500, city Paris
    QCOMPARE(describe(timeline.apply(
                 updateUser(2, R"({"chat_user_id":"cu1","custom_field":"{\"budget\":800}"})"))),
             lines({"custom_field.budget: 500 -> 800 (changed)"}));
    QCOMPARE(timeline.profile().value(QStringLiteral("custom_field.city")),
             QStringLiteral("Paris"));
    // The kept key changes later: its old value is the merged one, not "".
    QCOMPARE(
        describe(timeline.apply(updateUser(
            3, R"({"chat_user_id":"cu1","custom_field":"{\"city\":\"Lyon\",\"size\":\"M\"}"})"))),
        lines(
            {"custom_field.city: Paris -> Lyon (changed)", "custom_field.size:  -> M (changed)"}));
    // An update of budget to the value it already has is no change.
    QCOMPARE(describe(timeline.apply(
                 updateUser(4, R"({"chat_user_id":"cu1","custom_field":"{\"budget\":800}"})"))),
             QStringList());
    QCOMPARE(timeline.profile().value(QStringLiteral("custom_field.budget")),
             QStringLiteral("800"));
}

void TestCustomerTimeline::arrayAndObjectValues()
{
    CustomerTimeline timeline;
    QCOMPARE(
        describe(timeline.apply(addUser(
            1, R"({"chat_user_id":"cu1","custom_field":"{\"interests\":[1,2],\"vip\":true}"})"))),
        lines({"custom_field.interests:  -> [1,2] (created)",
               "custom_field.vip:  -> true (created)"}));
    QCOMPARE(describe(timeline.apply(
                 updateUser(2, R"({"chat_user_id":"cu1","custom_field":{"interests":[1,2,"x"],)"
                               R"("address":{"zip":"75001","city":"Paris"}}})"))),
             lines({R"(custom_field.address:  -> {"city":"Paris","zip":"75001"} (changed))",
                    R"(custom_field.interests: [1,2] -> [1,2,"x"] (changed))"}));
}

void TestCustomerTimeline::jsonInStringAndRealJsonAgree()
{
    const QList<FieldChange> inString = CustomerTimeline::build(
        {addUser(1, R"({"chat_user_id":"cu1","labels":"[{\"id\":1,\"label_name\":\"VIP\"}]",)"
                    R"("custom_field":"{\"budget\":500,\"tags\":[\"a\"]}",)"
                    R"("ad_referral":"{\"ad_id\":123,\"ad_title\":\"Spring sale\"}"})")});
    const QList<FieldChange> realJson = CustomerTimeline::build(
        {addUser(1, R"({"chat_user_id":"cu1","labels":[{"id":1,"label_name":"VIP"}],)"
                    R"("custom_field":{"tags":["a"],"budget":500},)"
                    R"("ad_referral":{"ad_title":"Spring sale","ad_id":123}})")});
    QCOMPARE(describe(realJson), describe(inString));
    QCOMPARE(realJson, inString);
    QCOMPARE(inString.size(), 4);
}

void TestCustomerTimeline::adReferralChange()
{
    CustomerTimeline timeline;
    timeline.apply(addUser(
        1,
        R"({"chat_user_id":"cu1","ad_referral":"{\"ad_id\":123,\"ad_title\":\"Spring sale\"}"})"));
    QCOMPARE(describe(timeline.apply(updateUser(
                 2, R"({"chat_user_id":"cu1","ad_referral":{"ad_id":124,"ad_title":"Summer"}})"))),
             lines({R"(ad_referral: {"ad_id":123,"ad_title":"Spring sale"} -> )"
                    R"({"ad_id":124,"ad_title":"Summer"} (changed))"}));
    // An empty object means the ad is gone.
    QCOMPARE(
        describe(timeline.apply(updateUser(3, R"({"chat_user_id":"cu1","ad_referral":"{}"})"))),
        lines({R"(ad_referral: {"ad_id":124,"ad_title":"Summer"} ->  (changed))"}));
}

void TestCustomerTimeline::updateWithoutAdd()
{
    const QList<FieldChange> changes = CustomerTimeline::build({updateUser(
        5, R"({"chat_user_id":"cu9","name":"Bo","labels":"[{\"id\":4,\"label_name\":\"Lead\"}]",)"
           R"("custom_field":"{\"budget\":100}"})")});
    QCOMPARE(describe(changes), lines({"name:  -> Bo (changed)", "label:  -> Lead (added)",
                                       "custom_field.budget:  -> 100 (changed)"}));
}

void TestCustomerTimeline::repeatedAddUserChangesOnlyDifferences()
{
    // A customer re-created (or an add_user after an update): values it
    // replaces are changes, values new to the profile are created.
    CustomerTimeline timeline;
    timeline.apply(updateUser(1, R"({"chat_user_id":"cu1","name":"Ann"})"));
    QCOMPARE(
        describe(timeline.apply(addUser(2, QByteArray(kAnnAdded).replace("\"Ann\"", "\"Anna\"")))),
        lines({"name: Ann -> Anna (changed)", "email:  -> ann@example.com (created)",
               "channel:  -> 7 (created)", "label:  -> VIP (created)",
               "custom_field.budget:  -> 500 (created)",
               "custom_field.city:  -> Paris (created)"}));
}

void TestCustomerTimeline::agentAssignment()
{
    CustomerTimeline timeline;
    timeline.apply(addUser(1, R"({"chat_user_id":"cu1","sys_user_id":0})"));
    QCOMPARE(describe(timeline.apply(updateUser(2, R"({"chat_user_id":"cu1","sys_user_id":"5"})"))),
             lines({"sys_user_id:  -> 5 (changed)"}));
    QCOMPARE(describe(timeline.apply(updateUser(3, R"({"chat_user_id":"cu1","sys_user_id":8})"))),
             lines({"sys_user_id: 5 -> 8 (changed)"}));
    QCOMPARE(describe(timeline.apply(updateUser(4, R"({"chat_user_id":"cu1","sys_user_id":0})"))),
             lines({"sys_user_id: 8 ->  (changed)"}));
}

void TestCustomerTimeline::rowsCarryEventFactsAndNameAsOfEvent()
{
    const QList<FieldChange> changes = CustomerTimeline::build(
        {addUser(1, kAnnAdded),
         updateUser(7, R"({"chat_user_id":"cu1","phone":"123","name":"Anna"})")});
    const FieldChange &created = changes.first();
    QCOMPARE(created.timeMs, kBaseMs + 1000);
    QCOMPARE(created.eventId, Q_INT64_C(1));
    QCOMPARE(created.chatUserId, QStringLiteral("cu1"));
    QCOMPARE(created.name, QStringLiteral("Ann"));
    // Both rows of event 7 show the name the customer has after it.
    const QList<FieldChange> update = changes.mid(6);
    QCOMPARE(update.size(), 2);
    for (const FieldChange &c : update) {
        QCOMPARE(c.eventId, Q_INT64_C(7));
        QCOMPARE(c.timeMs, kBaseMs + 7000);
        QCOMPARE(c.name, QStringLiteral("Anna"));
    }
}

void TestCustomerTimeline::otherEventsChangeNothing()
{
    const EventRecord message = customerEvent(
        2, "message", R"({"chat_user_id":"cu1","msg_type":"text","msg":"hi","sequence_id":"1"})");
    QVERIFY(CustomerTimeline::build({message}).isEmpty());
    QCOMPARE(CustomerTimeline::build({addUser(1, kAnnAdded), message}).size(), 6);
}

void TestCustomerTimeline::rowsWithoutPresentFieldsUseNonEmptyValues()
{
    // Rows from a schema-1 store have no present_fields.
    EventRecord update =
        updateUser(2, R"({"chat_user_id":"cu1","phone":"123","custom_field":"{\"budget\":1}"})");
    update.presentFields.clear();
    CustomerTimeline timeline;
    timeline.apply(addUser(1, kAnnAdded));
    QCOMPARE(describe(timeline.apply(update)),
             lines({"phone:  -> 123 (changed)", "custom_field.budget: 500 -> 1 (changed)"}));
}

void TestCustomerTimeline::currentStateMergesEverything()
{
    const CustomerTimeline::Profile profile = CustomerTimeline::currentState(
        {addUser(1, kAnnAdded),
         updateUser(
             2,
             R"({"chat_user_id":"cu1","name":"Anna","custom_field":"{\"budget\":9}",)"
             R"("labels":"[{\"id\":1,\"label_name\":\"VIP\"},{\"id\":3,\"label_name\":\"Paid\"}]"})")});
    QCOMPARE(profile.chatUserId, QStringLiteral("cu1"));
    QCOMPARE(profile.lastEventId, Q_INT64_C(2));
    QCOMPARE(profile.value(QStringLiteral("name")), QStringLiteral("Anna"));
    QCOMPARE(profile.value(QStringLiteral("channel")), QStringLiteral("7"));
    QCOMPARE(profile.value(QStringLiteral("custom_field.budget")), QStringLiteral("9"));
    QCOMPARE(profile.value(QStringLiteral("custom_field.city")), QStringLiteral("Paris"));
    QCOMPARE(profile.labelNames(), lines({"VIP", "Paid"}));
    QCOMPARE(profile.labels.at(1).id, QStringLiteral("3"));
    QVERIFY(profile.fields.contains(QStringLiteral("phone")));       // sent, empty
    QVERIFY(profile.fields.contains(QStringLiteral("sys_user_id"))); // 0: unassigned
    QCOMPARE(profile.value(QStringLiteral("sys_user_id")), QString());
}

void TestCustomerTimeline::buildAllKeepsCustomersApart()
{
    const QList<EventRecord> events{
        addUser(1, R"({"chat_user_id":"a","name":"Ann","custom_field":"{\"k\":1}"})"),
        addUser(2, R"({"chat_user_id":"b","name":"Bob","custom_field":"{\"k\":2}"})"),
        updateUser(3, R"({"chat_user_id":"a","custom_field":"{\"k\":3}"})"),
        updateUser(4, R"({"chat_user_id":"b","name":"Bobby","custom_field":"{\"k\":4}"})"),
    };
    const QList<FieldChange> all = CustomerTimeline::buildAll(events);
    QStringList tagged;
    for (const FieldChange &c : all) {
        tagged.append(QString::number(c.eventId) + QLatin1Char(' ') + c.chatUserId +
                      QLatin1Char(' ') + c.name + QLatin1Char(' ') + describe({c}).first());
    }
    QCOMPARE(
        tagged,
        lines({"1 a Ann name:  -> Ann (created)", "1 a Ann custom_field.k:  -> 1 (created)",
               "2 b Bob name:  -> Bob (created)", "2 b Bob custom_field.k:  -> 2 (created)",
               "3 a Ann custom_field.k: 1 -> 3 (changed)", "4 b Bobby name: Bob -> Bobby (changed)",
               "4 b Bobby custom_field.k: 2 -> 4 (changed)"}));
    // The same rows as one customer at a time.
    QCOMPARE(CustomerTimeline::build({events.at(0), events.at(2)}),
             (QList<FieldChange>{all.at(0), all.at(1), all.at(4)}));
}

void TestCustomerTimeline::rowsNameTheirEvent()
{
    const QList<FieldChange> changes = CustomerTimeline::build(
        {addUser(1, kAnnAdded), updateUser(2, R"({"chat_user_id":"cu1","name":"Anna"})")});
    QCOMPARE(changes.first().event, QStringLiteral("add_user"));
    QCOMPARE(changes.last().event, QStringLiteral("update_user"));
    for (const FieldChange &c : changes)
        QVERIFY(!c.unverified);
}

void TestCustomerTimeline::unverifiedEventsAreMarkedAndKeptOutOfTheVerifiedProfile()
{
    CustomerTimeline timeline;
    timeline.apply(withVerification(addUser(1, kAnnAdded), Verification::Verified));
    const QList<FieldChange> forged = timeline.apply(
        withVerification(updateUser(2, R"({"chat_user_id":"cu1","name":"Mallory","phone":"+1 999",)"
                                       R"("labels":"[]","custom_field":"{\"city\":\"Nowhere\"}"})"),
                         Verification::BadSignature));
    // The timeline shows every change, each marked.
    QCOMPARE(describe(forged),
             lines({"name: Ann -> Mallory (changed)", "phone:  -> +1 999 (changed)",
                    "label: VIP ->  (removed)", "custom_field.city: Paris -> Nowhere (changed)"}));
    for (const FieldChange &c : forged) {
        QVERIFY(c.unverified);
        QCOMPARE(c.event, QStringLiteral("update_user"));
    }
    // The verified profile keeps what verified events said.
    const CustomerTimeline::Profile &verified = timeline.verifiedProfile();
    QCOMPARE(verified.value(QStringLiteral("name")), QStringLiteral("Ann"));
    QCOMPARE(verified.value(QStringLiteral("phone")), QString());
    QCOMPARE(verified.labelNames(), QStringList{QStringLiteral("VIP")});
    QCOMPARE(verified.value(QStringLiteral("custom_field.city")), QStringLiteral("Paris"));
    QVERIFY(verified.unverifiedFields.isEmpty());
    // The full profile has it all, with the unverified fields named.
    QCOMPARE(timeline.profile().value(QStringLiteral("name")), QStringLiteral("Mallory"));
    QCOMPARE(timeline.profile().unverifiedFields,
             (QSet<QString>{QStringLiteral("name"), QStringLiteral("phone"),
                            QStringLiteral("labels"), QStringLiteral("custom_field.city")}));
    QCOMPARE(timeline.hiddenUnverifiedFields(),
             (QStringList{QStringLiteral("custom_field.city"), QStringLiteral("labels"),
                          QStringLiteral("name"), QStringLiteral("phone")}));
    // Unsigned counts the same.
    CustomerTimeline unsignedTimeline;
    unsignedTimeline.apply(addUser(1, kAnnAdded));
    const QList<FieldChange> unsignedChanges = unsignedTimeline.apply(withVerification(
        updateUser(2, R"({"chat_user_id":"cu1","name":"Eve"})"), Verification::Unsigned));
    QCOMPARE(unsignedChanges.size(), 1);
    QVERIFY(unsignedChanges.first().unverified);
    QCOMPARE(unsignedTimeline.verifiedProfile().value(QStringLiteral("name")),
             QStringLiteral("Ann"));
}

void TestCustomerTimeline::aVerifiedEventTakesTheFieldBack()
{
    CustomerTimeline timeline;
    timeline.apply(withVerification(addUser(1, kAnnAdded), Verification::Verified));
    timeline.apply(
        withVerification(updateUser(2, R"({"chat_user_id":"cu1","name":"Mallory","phone":"1"})"),
                         Verification::BadSignature));
    // A verified event confirms the same phone: no longer unverified, and
    // the verified profile has it now.
    const QList<FieldChange> confirmed = timeline.apply(withVerification(
        updateUser(3, R"({"chat_user_id":"cu1","phone":"1"})"), Verification::VerifiedTimestamp));
    QVERIFY(confirmed.isEmpty()); // the value did not change
    QCOMPARE(timeline.verifiedProfile().value(QStringLiteral("phone")), QStringLiteral("1"));
    QCOMPARE(timeline.hiddenUnverifiedFields(), QStringList{QStringLiteral("name")});
    QVERIFY(!timeline.profile().unverifiedFields.contains(QStringLiteral("phone")));
}

void TestCustomerTimeline::notCheckedIsNotUnverified()
{
    CustomerTimeline timeline;
    const QList<FieldChange> changes =
        timeline.apply(withVerification(addUser(1, kAnnAdded), Verification::NotChecked));
    QVERIFY(!changes.isEmpty());
    for (const FieldChange &c : changes)
        QVERIFY(!c.unverified);
    QCOMPARE(timeline.verifiedProfile().fields, timeline.profile().fields);
    QVERIFY(timeline.hiddenUnverifiedFields().isEmpty());
}

void TestCustomerTimeline::onlyUnverifiedEvents()
{
    const EventRecord forged = withVerification(addUser(1, kAnnAdded), Verification::BadSignature);
    CustomerTimeline timeline;
    timeline.apply(forged);
    QVERIFY(timeline.verifiedProfile().fields.isEmpty());
    QVERIFY(timeline.verifiedProfile().labels.isEmpty());
    QVERIFY(timeline.hiddenUnverifiedFields().contains(QStringLiteral("name")));
    QCOMPARE(CustomerTimeline::currentVerifiedName({forged}), QString());
    QCOMPARE(CustomerTimeline::currentVerifiedName({forged, addUser(2, kAnnAdded)}),
             QStringLiteral("Ann"));
}

void TestCustomerTimeline::readableValue_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("ad referral") << QStringLiteral(R"({"ad_id":123,"ad_title":"Spring sale"})")
                                 << QStringLiteral("ad_id: 123, ad_title: Spring sale");
    QTest::newRow("array") << QStringLiteral("[1,2]") << QStringLiteral("1, 2");
    QTest::newRow("strings") << QStringLiteral(R"(["red","蓝色"])") << QStringLiteral("red, 蓝色");
    QTest::newRow("nested") << QStringLiteral(R"([{"a":1},{"b":[2,3]}])")
                            << QStringLiteral("{a: 1}, {b: [2, 3]}");
    QTest::newRow("plain") << QStringLiteral("Paris") << QStringLiteral("Paris");
    QTest::newRow("broken json") << QStringLiteral("[1,2") << QStringLiteral("[1,2");
    QTest::newRow("empty") << QString() << QString();
    QString deep;
    for (int i = 0; i < 40; ++i)
        deep += u'[';
    deep += u'1';
    for (int i = 0; i < 40; ++i)
        deep += u']';
    // Deep nesting stops being unfolded: bounded, still complete.
    QTest::newRow("deep") << deep << QString();
}

void TestCustomerTimeline::readableValue()
{
    QFETCH(QString, value);
    QFETCH(QString, expected);
    const QString readable = CustomerTimeline::readableValue(value);
    if (QByteArray(QTest::currentDataTag()) == "deep") {
        QVERIFY(readable.contains(u'1'));
        QVERIFY(!readable.isEmpty());
        return;
    }
    QCOMPARE(readable, expected);
}

QTEST_GUILESS_MAIN(TestCustomerTimeline)
#include "tst_customertimeline.moc"
