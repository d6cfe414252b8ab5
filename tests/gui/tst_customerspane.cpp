#include "filter/filterexpression.h"
#include "models/customerlistmodel.h"
#include "models/timelinemodel.h"
#include "paint/timelinedelegate.h"
#include "panes/customerspane.h"
#include "panes/inspectorpane.h"
#include "records/fieldchange.h"
#include "testsupport.h"

#include "settings/settings.h"

#include <QCheckBox>
#include <QLineEdit>
#include <QTableView>
#include <QTest>

class TestCustomersPane final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void customersAreListed();
    void timelineShowsFieldChanges();
    void labelsAddedAndRemoved();
    void customFieldsMergeKeyByKey();
    void newChangesAppendLive();
    void timelineRowOpensItsEventInTheInspector();
    void choosingACustomerShowsTheLatestChange();
    void fieldsAreNamedForPeople();
    void profileShowsEveryCurrentField();
    void timelineNamesTheEvent();
    void customersWhoOnlyWroteAreListed();
    void searchNarrowsAndSaysWhenNobodyMatches();
    void filterHidingEveryoneIsSaid();
    void unverifiedEventsAreMarkedAndHiddenFromTheProfile();

private:
    int rowOf(const QString &field, const QString &newValue = QString()) const;
    void openAna();

    std::unique_ptr<TestWindow> m_tw;
};

namespace {

const QByteArray kAdd = R"({"chat_user_id":"cust-A","name":"Ana","remark_name":"","phone":"",)"
                        R"("email":"ana@example.com","remark":"","channel":7,"sys_user_id":2,)"
                        R"("labels":"[{\"id\":1,\"label_name\":\"VIP\"}]",)"
                        R"("custom_field":"{\"budget\":500}",)"
                        R"("ad_referral":"{\"ad_id\":9,\"ad_title\":\"Spring sale\"}"})";
const QByteArray kUpdate = R"({"chat_user_id":"cust-A","name":"Ana S.","phone":"+1 555 0100",)"
                           R"("labels":[{"id":2,"label_name":"Returning"}],)"
                           R"("custom_field":{"interests":[1,2]}})";

} // namespace

void TestCustomersPane::init()
{
    m_tw = std::make_unique<TestWindow>();
    const auto report =
        m_tw->send({customerBody(QStringLiteral("add_user"), kAdd),
                    customerBody(QStringLiteral("update_user"), kUpdate),
                    customerBody(QStringLiteral("add_user"),
                                 R"({"chat_user_id":"cust-B","name":"Bo","channel":18})")});
    QCOMPARE(report.byStatus.value(200), 3);
}

void TestCustomersPane::cleanup()
{
    m_tw.reset();
}

int TestCustomersPane::rowOf(const QString &field, const QString &newValue) const
{
    const TimelineModel *model = m_tw->pane<CustomersPane>()->timelineModel();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex index = model->index(row, 0);
        if (index.data(TimelineModel::FieldRole).toString() == field &&
            (newValue.isNull() || index.data(TimelineModel::NewRole).toString() == newValue))
            return row;
    }
    return -1;
}

void TestCustomersPane::openAna()
{
    auto *pane = m_tw->pane<CustomersPane>();
    QTRY_VERIFY(pane->listModel()->rowOfCustomer(QStringLiteral("cust-A")) >= 0);
    pane->listView()->selectRow(pane->listModel()->rowOfCustomer(QStringLiteral("cust-A")));
    QTRY_COMPARE(pane->currentCustomer(), QStringLiteral("cust-A"));
    QVERIFY(pane->timelineModel()->rowCount() > 0);
}

void TestCustomersPane::customersAreListed()
{
    auto *pane = m_tw->pane<CustomersPane>();
    const CustomerListModel *list = pane->listModel();
    QTRY_COMPARE(list->rowCount(), 2);
    const int ana = list->rowOfCustomer(QStringLiteral("cust-A"));
    QCOMPARE(list->index(ana, CustomerListModel::Name).data().toString(), QStringLiteral("Ana S."));
    QCOMPARE(list->index(ana, CustomerListModel::Changes).data().toInt(), 2);
    const int bo = list->rowOfCustomer(QStringLiteral("cust-B"));
    QCOMPARE(list->index(bo, CustomerListModel::Channel).data().toString(),
             QStringLiteral("VKontakte"));
    QVERIFY(!list->index(ana, CustomerListModel::LastChange).data().toString().isEmpty());
}

void TestCustomersPane::timelineShowsFieldChanges()
{
    openAna();
    const TimelineModel *model = m_tw->pane<CustomersPane>()->timelineModel();
    const int name = rowOf(QStringLiteral("name"), QStringLiteral("Ana S."));
    QVERIFY(name >= 0);
    QCOMPARE(model->index(name, TimelineModel::OldColumn).data().toString(), QStringLiteral("Ana"));
    const int phone = rowOf(QStringLiteral("phone"), QStringLiteral("+1 555 0100"));
    QVERIFY(phone >= 0);
    QCOMPARE(model->index(phone, TimelineModel::OldColumn).data().toString(), QString());
    QVERIFY(rowOf(QStringLiteral("email"), QStringLiteral("ana@example.com")) >= 0);
    const int ad = rowOf(QStringLiteral("ad_referral"));
    QVERIFY(ad >= 0);
    QVERIFY(model->index(ad, TimelineModel::NewColumn)
                .data()
                .toString()
                .contains(QLatin1String("Spring sale")));
    const QString profile = m_tw->pane<CustomersPane>()->profileText();
    QVERIFY2(profile.contains(QLatin1String("Ana S.")), qPrintable(profile));
    QVERIFY(profile.contains(QLatin1String("+1 555 0100")));
    QVERIFY(profile.contains(QLatin1String("ana@example.com")));
}

void TestCustomersPane::labelsAddedAndRemoved()
{
    openAna();
    const TimelineModel *model = m_tw->pane<CustomersPane>()->timelineModel();
    int added = -1;
    int removed = -1;
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex i = model->index(row, 0);
        if (i.data(TimelineModel::FieldRole).toString() != QLatin1String("label"))
            continue;
        const auto kind = static_cast<FieldChange::Kind>(i.data(TimelineModel::KindRole).toInt());
        if (kind == FieldChange::Added &&
            i.data(TimelineModel::NewRole).toString() == QLatin1String("Returning"))
            added = row;
        if (kind == FieldChange::Removed &&
            i.data(TimelineModel::OldRole).toString() == QLatin1String("VIP"))
            removed = row;
    }
    QVERIFY(added >= 0);
    QVERIFY(removed >= 0);
    QVERIFY(m_tw->pane<CustomersPane>()->profileText().contains(QLatin1String("Returning")));
}

void TestCustomersPane::customFieldsMergeKeyByKey()
{
    openAna();
    QVERIFY(rowOf(QStringLiteral("custom_field.budget"), QStringLiteral("500")) >= 0);
    QVERIFY(rowOf(QStringLiteral("custom_field.interests")) >= 0);
    // The update did not send budget: no row says it changed.
    int budgetRows = 0;
    const TimelineModel *model = m_tw->pane<CustomersPane>()->timelineModel();
    for (int row = 0; row < model->rowCount(); ++row)
        budgetRows += model->index(row, 0).data(TimelineModel::FieldRole).toString() ==
                      QLatin1String("custom_field.budget");
    QCOMPARE(budgetRows, 1);
}

void TestCustomersPane::newChangesAppendLive()
{
    openAna();
    const TimelineModel *model = m_tw->pane<CustomersPane>()->timelineModel();
    const int before = model->rowCount();
    m_tw->send({customerBody(QStringLiteral("update_user"),
                             R"({"chat_user_id":"cust-A","remark":"called back"})")});
    QTRY_COMPARE(model->rowCount(), before + 1);
    QCOMPARE(model->index(before, TimelineModel::FieldColumn).data().toString(),
             QStringLiteral("remark"));
    QCOMPARE(model->index(before, TimelineModel::NewColumn).data().toString(),
             QStringLiteral("called back"));
    QTRY_VERIFY(m_tw->pane<CustomersPane>()->profileText().contains(QLatin1String("called back")));
}

void TestCustomersPane::timelineRowOpensItsEventInTheInspector()
{
    openAna();
    auto *pane = m_tw->pane<CustomersPane>();
    pane->timelineView()->selectRow(rowOf(QStringLiteral("phone"), QStringLiteral("+1 555 0100")));
    auto *inspector = m_tw->pane<InspectorPane>();
    QTRY_VERIFY(inspector->summaryText().contains(QLatin1String("update_user")));
    QVERIFY(inspector->rawText().contains(QLatin1String("+1 555 0100")));
}

void TestCustomersPane::choosingACustomerShowsTheLatestChange()
{
    openAna();
    auto *pane = m_tw->pane<CustomersPane>();
    QTRY_COMPARE(pane->timelineView()->currentIndex().row(), pane->timelineModel()->rowCount() - 1);
    QTRY_VERIFY(m_tw->pane<InspectorPane>()->summaryText().contains(QLatin1String("update_user")));
}

void TestCustomersPane::fieldsAreNamedForPeople()
{
    QCOMPARE(TimelineDelegate::fieldLabel(QStringLiteral("remark_name")),
             QStringLiteral("Remark name"));
    QCOMPARE(TimelineDelegate::fieldLabel(QStringLiteral("custom_field.budget")),
             QStringLiteral("Custom field: budget"));
    QCOMPARE(TimelineDelegate::fieldLabel(QStringLiteral("something_new")),
             QStringLiteral("something_new"));
    QCOMPARE(TimelineDelegate::valueText(QStringLiteral("channel"), QStringLiteral("7")),
             QStringLiteral("WhatsApp API"));
    QCOMPARE(TimelineDelegate::valueText(QStringLiteral("sys_user_id"), QStringLiteral("3")),
             QStringLiteral("agent #3"));
    QCOMPARE(TimelineDelegate::valueText(QStringLiteral("phone"), QStringLiteral("7")),
             QStringLiteral("7"));
    // JSON values read as lists and pairs, never as cut JSON.
    QCOMPARE(TimelineDelegate::valueText(QStringLiteral("ad_referral"),
                                         QStringLiteral(R"({"ad_id":9,"ad_title":"Spring sale"})")),
             QStringLiteral("ad_id: 9, ad_title: Spring sale"));
    QCOMPARE(TimelineDelegate::valueText(QStringLiteral("custom_field.interests"),
                                         QStringLiteral("[1,2]")),
             QStringLiteral("1, 2"));
}

void TestCustomersPane::profileShowsEveryCurrentField()
{
    openAna();
    const QString profile = m_tw->pane<CustomersPane>()->profileText();
    // Current values only: the new name, not the old one; labels as they are now.
    QVERIFY2(profile.contains(QLatin1String("Ana S.")), qPrintable(profile));
    QVERIFY(profile.contains(QLatin1String("Returning")));
    QVERIFY(!profile.contains(QLatin1String("VIP")));
    // Custom fields, decoded: every key with its current value.
    QVERIFY(profile.contains(QLatin1String("Custom field: budget")));
    QVERIFY(profile.contains(QLatin1String(">500<")));
    QVERIFY(profile.contains(QLatin1String("Custom field: interests")));
    QVERIFY(profile.contains(QLatin1String("1, 2")));
    // Ad referral and the agent, readable.
    QVERIFY(profile.contains(QLatin1String("ad_id: 9, ad_title: Spring sale")));
    QVERIFY(profile.contains(QLatin1String("agent #2")));
    QVERIFY(profile.contains(QLatin1String("WhatsApp API")));
    QVERIFY(!profile.contains(QLatin1String("{&quot;")));
}

void TestCustomersPane::timelineNamesTheEvent()
{
    openAna();
    const TimelineModel *model = m_tw->pane<CustomersPane>()->timelineModel();
    const int created = rowOf(QStringLiteral("email"), QStringLiteral("ana@example.com"));
    const int changed = rowOf(QStringLiteral("phone"), QStringLiteral("+1 555 0100"));
    QCOMPARE(model->index(created, TimelineModel::EventColumn).data().toString(),
             QStringLiteral("add_user"));
    QCOMPARE(model->index(changed, TimelineModel::EventColumn).data().toString(),
             QStringLiteral("update_user"));
}

void TestCustomersPane::customersWhoOnlyWroteAreListed()
{
    MessageSpec m;
    m.user = QStringLiteral("cust-W");
    m.channel = 6;
    m.text = QStringLiteral("只是发消息");
    m_tw->send({messageBody(m)});
    const CustomerListModel *list = m_tw->pane<CustomersPane>()->listModel();
    QTRY_VERIFY(list->rowOfCustomer(QStringLiteral("cust-W")) >= 0);
    const int row = list->rowOfCustomer(QStringLiteral("cust-W"));
    QCOMPARE(list->index(row, CustomerListModel::Name).data().toString(), QStringLiteral("cust-W"));
    QCOMPARE(list->index(row, CustomerListModel::Channel).data().toString(),
             QStringLiteral("LINE"));
    QVERIFY(!list->index(row, CustomerListModel::LastMessage).data().toString().isEmpty());
    QCOMPARE(list->index(row, CustomerListModel::Changes).data().toInt(), 0);
}

void TestCustomersPane::searchNarrowsAndSaysWhenNobodyMatches()
{
    auto *pane = m_tw->pane<CustomersPane>();
    QTRY_COMPARE(pane->listModel()->rowCount(), 2);
    QCOMPARE(pane->placeholderText(), QString());
    pane->searchEdit()->setText(QStringLiteral("555 0100"));
    QCOMPARE(pane->listModel()->rowCount(), 1);
    QCOMPARE(pane->listModel()->chatUserId(0), QStringLiteral("cust-A"));
    pane->searchEdit()->setText(QStringLiteral("nobody here"));
    QCOMPARE(pane->listModel()->rowCount(), 0);
    QCOMPARE(pane->placeholderText(), QStringLiteral("No customer matches “nobody here”."));
    pane->searchEdit()->clear();
    QCOMPARE(pane->listModel()->rowCount(), 2);
    QCOMPARE(pane->placeholderText(), QString());
}

void TestCustomersPane::filterHidingEveryoneIsSaid()
{
    auto *pane = m_tw->pane<CustomersPane>();
    QTRY_COMPARE(pane->listModel()->rowCount(), 2);
    pane->setFilter(FilterExpression::parse(QStringLiteral("channel:15")));
    QCOMPARE(pane->listModel()->rowCount(), 0);
    QCOMPARE(pane->placeholderText(), QStringLiteral("No customer matches the filter."));
    pane->setFilter(FilterExpression());
    QCOMPARE(pane->placeholderText(), QString());
}

// A forged update (record policy, bad signature) is marked in the timeline
// and kept out of the profile until "Show unverified data" is on.
void TestCustomersPane::unverifiedEventsAreMarkedAndHiddenFromTheProfile()
{
    m_tw.reset();
    m_tw = std::make_unique<TestWindow>(VerifyPolicy::Record);
    QCOMPARE(m_tw->send({customerBody(QStringLiteral("add_user"), kAdd)}).byStatus.value(200), 1);
    QCOMPARE(m_tw->send({customerBody(QStringLiteral("update_user"),
                                      R"({"chat_user_id":"cust-A","name":"Mallory",)"
                                      R"("phone":"+1 999"})")},
                        WebhookSender::SignMode::Bad)
                 .byStatus.value(200),
             1);
    openAna();
    auto *pane = m_tw->pane<CustomersPane>();
    QTRY_VERIFY(rowOf(QStringLiteral("name"), QStringLiteral("Mallory")) >= 0);
    const TimelineModel *model = pane->timelineModel();
    const int forged = rowOf(QStringLiteral("name"), QStringLiteral("Mallory"));
    QVERIFY(model->index(forged, 0).data(TimelineModel::UnverifiedRole).toBool());
    QCOMPARE(model->index(forged, TimelineModel::EventColumn).data().toString(),
             QStringLiteral("update_user · unverified"));
    QVERIFY(!model->index(rowOf(QStringLiteral("name"), QStringLiteral("Ana")), 0)
                 .data(TimelineModel::UnverifiedRole)
                 .toBool());
    // The list and the profile keep the verified name; the profile says why.
    const CustomerListModel *list = pane->listModel();
    QCOMPARE(list->index(list->rowOfCustomer(QStringLiteral("cust-A")), 0).data().toString(),
             QStringLiteral("Ana"));
    QVERIFY(!pane->showUnverified());
    QString profile = pane->profileText();
    QVERIFY2(profile.contains(QLatin1String(">Ana<")), qPrintable(profile));
    QVERIFY(!profile.contains(QLatin1String("Mallory")));
    QVERIFY(!profile.contains(QLatin1String("+1 999")));
    QVERIFY(profile.contains(QLatin1String("Unverified changes not shown: Name, Phone")));
    // Shown on request, marked; the choice is remembered.
    pane->showUnverifiedCheck()->click();
    profile = pane->profileText();
    QVERIFY(profile.contains(QLatin1String("Mallory")));
    QVERIFY(profile.contains(QLatin1String("+1 999")));
    QVERIFY(profile.contains(QLatin1String("unverified")));
    QVERIFY(m_tw->settings()->showUnverifiedCustomerData());
    pane->showUnverifiedCheck()->click();
    QVERIFY(!m_tw->settings()->showUnverifiedCustomerData());
    QVERIFY(!pane->profileText().contains(QLatin1String("Mallory")));
}

QTEST_MAIN(TestCustomersPane)
#include "tst_customerspane.moc"
