#include "models/channelmodel.h"
#include "models/eventtablemodel.h"
#include "paint/channeldelegate.h"
#include "panes/channelspane.h"
#include "panes/customerspane.h"
#include "panes/streampane.h"
#include "settings/settings.h"
#include "testsupport.h"

#include <QListView>
#include <QTest>

class TestChannelsPane final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void documentedChannelsAreListedBeforeAnyMessage();
    void selectingAChannelScopesTheStream();
    void unreadCountsUntilTheChannelIsOpened();
    void unknownChannelsAppearByNumber();
    void rowsShowRecencyAndCount();
    void sparklineCountsRecentMessages();
    void selectedChannelIsRemembered();
    void wantedChannelIsSelectedOnceALargeStoreListsIt();

private:
    static QList<QByteArray> messagesOn(const QList<int> &channels, int firstSequence = 0);
};

QList<QByteArray> TestChannelsPane::messagesOn(const QList<int> &channels, int firstSequence)
{
    QList<QByteArray> bodies;
    for (const int channel : channels) {
        MessageSpec m;
        m.channel = channel;
        m.sequence = QString::number(firstSequence + bodies.size());
        m.user = QStringLiteral("cu-%1").arg(channel);
        bodies.append(messageBody(m));
    }
    return bodies;
}

void TestChannelsPane::documentedChannelsAreListedBeforeAnyMessage()
{
    TestWindow tw;
    const ChannelModel *model = tw.pane<ChannelsPane>()->model();
    QCOMPARE(model->index(0, 0).data(ChannelModel::NameRole).toString(),
             QStringLiteral("All channels"));
    for (const int code : {1, 2, 5, 6, 7, 12, 15, 16})
        QVERIFY2(model->rowOfCode(code) > 0, qPrintable(QString::number(code)));
    QCOMPARE(tw.pane<ChannelsPane>()->selectedChannel(), ChannelModel::kAllChannels);
}

void TestChannelsPane::selectingAChannelScopesTheStream()
{
    TestWindow tw;
    auto *channels = tw.pane<ChannelsPane>();
    auto *stream = tw.pane<StreamPane>();
    tw.send(messagesOn({7, 6, 7, 5}));
    QTRY_COMPARE(stream->model()->rowCount(), 4);
    channels->selectChannel(7);
    QCOMPARE(channels->selectedChannel(), 7);
    QTRY_COMPARE(stream->model()->rowCount(), 2);
    for (int row = 0; row < 2; ++row)
        QCOMPARE(stream->model()->index(row, 0).data(EventTableModel::ChannelRole).toInt(), 7);
    // New deliveries on other channels stay out of the scoped stream.
    tw.send(messagesOn({6, 7}, 10));
    QTRY_COMPARE(stream->model()->rowCount(), 3);
    channels->selectChannel(ChannelModel::kAllChannels);
    QTRY_COMPARE(stream->model()->rowCount(), 6);
}

void TestChannelsPane::unreadCountsUntilTheChannelIsOpened()
{
    TestWindow tw;
    auto *channels = tw.pane<ChannelsPane>();
    const ChannelModel *model = channels->model();
    channels->selectChannel(7);
    tw.send(messagesOn({6, 6, 6, 7}));
    const auto unread = [model](int code) {
        return model->index(model->rowOfCode(code), 0).data(ChannelModel::UnreadRole).toInt();
    };
    QTRY_COMPARE(unread(6), 3);
    // The channel being looked at counts nothing as unread.
    QTRY_COMPARE(
        model->index(model->rowOfCode(7), 0).data(ChannelModel::MessageCountRole).toLongLong(), 1);
    QTRY_COMPARE(unread(7), 0);
    channels->selectChannel(6);
    QTRY_COMPARE(unread(6), 0);
}

void TestChannelsPane::unknownChannelsAppearByNumber()
{
    TestWindow tw;
    const ChannelModel *model = tw.pane<ChannelsPane>()->model();
    QCOMPARE(model->rowOfCode(42), -1);
    tw.send(messagesOn({42}));
    QTRY_VERIFY(model->rowOfCode(42) > 0);
    QCOMPARE(model->index(model->rowOfCode(42), 0).data(ChannelModel::NameRole).toString(),
             QStringLiteral("Channel 42"));
}

void TestChannelsPane::rowsShowRecencyAndCount()
{
    TestWindow tw;
    const ChannelModel *model = tw.pane<ChannelsPane>()->model();
    tw.send(messagesOn({5, 5}));
    QTRY_COMPARE(
        model->index(model->rowOfCode(5), 0).data(ChannelModel::MessageCountRole).toLongLong(), 2);
    const QModelIndex instagram = model->index(model->rowOfCode(5), 0);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QCOMPARE(ChannelDelegate::detailText(instagram, now), QStringLiteral("just now · 2"));
    QCOMPARE(ChannelDelegate::detailText(instagram, now + 5 * 60'000),
             QStringLiteral("5 min ago · 2"));
    const QModelIndex slack = model->index(model->rowOfCode(10), 0);
    QCOMPARE(ChannelDelegate::detailText(slack, now), QStringLiteral("no messages"));
}

void TestChannelsPane::sparklineCountsRecentMessages()
{
    TestWindow tw;
    const ChannelModel *model = tw.pane<ChannelsPane>()->model();
    tw.send(messagesOn({1, 1, 1}));
    const auto spark = [model] {
        return model->index(model->rowOfCode(1), 0)
            .data(ChannelModel::SparklineRole)
            .value<QList<int>>();
    };
    QTRY_COMPARE(spark().constLast(), 3);
    QCOMPARE(spark().size(), ChannelModel::kSparkMinutes);
    // The delegate paints it without complaint at any size.
    QListView *view = tw.pane<ChannelsPane>()->view();
    QVERIFY(!view->viewport()->grab().isNull());
}

void TestChannelsPane::selectedChannelIsRemembered()
{
    TestWindow tw;
    tw.pane<ChannelsPane>()->selectChannel(12);
    QCOMPARE(tw.settings()->selectedChannel(), 12);
    // A second window with the same settings starts on that channel.
    MainWindow second(tw.settings(), GuiCommandLine());
    second.startUp();
    QCOMPARE(second.findChild<ChannelsPane *>()->selectedChannel(), 12);
}

// A large store's channels beyond the documented ones are only known when
// the reader thread has tallied them: meanwhile "All channels" is shown, and
// the wanted channel is selected (and scopes the stream) once it is listed.
void TestChannelsPane::wantedChannelIsSelectedOnceALargeStoreListsIt()
{
    TestWindow tw;
    auto *channels = tw.pane<ChannelsPane>();
    auto *stream = tw.pane<StreamPane>();
    tw.send(messagesOn({99, 7, 99}));
    QTRY_COMPARE(stream->model()->rowCount(), 3);
    QTRY_VERIFY(channels->model()->rowOfCode(99) > 0);
    channels->selectChannel(99);
    QTRY_COMPARE(stream->model()->rowCount(), 2);
    channels->model()->setAsyncLoadThreshold(0);
    QVERIFY(channels->openStore(tw.databasePath()));
    QVERIFY(channels->model()->isLoading());
    QCOMPARE(channels->model()->rowOfCode(99), -1);
    QCOMPARE(channels->view()->currentIndex().row(), 0); // "All channels" meanwhile
    const QModelIndex whatsApp = channels->model()->index(channels->model()->rowOfCode(7));
    QCOMPARE(ChannelDelegate::detailText(whatsApp, 0), QStringLiteral("counting…"));
    QCOMPARE(channels->selectedChannel(), 99); // still what the user wants
    QTRY_VERIFY(!channels->model()->isLoading());
    QTRY_COMPARE(channels->view()->currentIndex().data(ChannelModel::CodeRole).toInt(), 99);
    QTRY_COMPARE(stream->model()->rowCount(), 2);
    const QModelIndex counted = channels->model()->index(channels->model()->rowOfCode(7));
    QVERIFY2(ChannelDelegate::detailText(counted, 0).endsWith(QStringLiteral(" · 1")),
             qPrintable(ChannelDelegate::detailText(counted, 0)));
}

QTEST_MAIN(TestChannelsPane)
#include "tst_channelspane.moc"
