#include "models/channelmodel.h"
#include "paint/channelicon.h"
#include "paint/theme.h"
#include "paint/verificationmarker.h"

#include <QImage>
#include <QPalette>
#include <QSet>
#include <QTest>

class TestTheme final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void onlyUnverifiedDeliveriesAreTinted();
    void tintsFollowLightAndDark_data();
    void tintsFollowLightAndDark();
    void blendIsLinear();
    void documentedChannelsHaveDistinctIcons();
    void unknownChannelsShowTheirNumber();
    void iconsAreDrawn();
    void markersDifferByShape();

private:
    static QPalette palette(bool dark);
};

QPalette TestTheme::palette(bool dark)
{
    QPalette p;
    p.setColor(QPalette::Base, dark ? QColor(0x1e, 0x1e, 0x1e) : Qt::white);
    p.setColor(QPalette::Window, dark ? QColor(0x2b, 0x2b, 0x2b) : QColor(0xef, 0xef, 0xef));
    p.setColor(QPalette::Text, dark ? QColor(0xe6, 0xe6, 0xe6) : Qt::black);
    p.setColor(QPalette::Highlight, QColor(0x30, 0x8c, 0xc6));
    return p;
}

void TestTheme::onlyUnverifiedDeliveriesAreTinted()
{
    const QPalette p = palette(false);
    QVERIFY(Theme::rowTint(p, Verification::BadSignature).isValid());
    QVERIFY(Theme::rowTint(p, Verification::Unsigned).isValid());
    for (const Verification v : {Verification::Verified, Verification::VerifiedTimestamp,
                                 Verification::VerifiedLoose, Verification::NotChecked})
        QVERIFY(!Theme::rowTint(p, v).isValid());
}

void TestTheme::tintsFollowLightAndDark_data()
{
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << false;
    QTest::newRow("dark") << true;
}

void TestTheme::tintsFollowLightAndDark()
{
    QFETCH(bool, dark);
    const QPalette p = palette(dark);
    QCOMPARE(Theme::isDark(p), dark);
    const QColor base = p.color(QPalette::Base);
    const QColor tint = Theme::rowTint(p, Verification::BadSignature);
    // Close to the base (text stays readable), visibly red.
    QVERIFY(qAbs(tint.lightness() - base.lightness()) < 60);
    QVERIFY(tint.red() > tint.green() && tint.red() > tint.blue());
    const QColor muted = Theme::mutedText(p);
    QVERIFY(muted.lightness() > qMin(base.lightness(), p.color(QPalette::Text).lightness()));
    QVERIFY(muted.lightness() < qMax(base.lightness(), p.color(QPalette::Text).lightness()));
    QVERIFY(Theme::agentBubble(p) != Theme::customerBubble(p));
}

void TestTheme::blendIsLinear()
{
    QCOMPARE(Theme::blend(Qt::black, Qt::white, 0.0), QColor(Qt::black));
    QCOMPARE(Theme::blend(Qt::black, Qt::white, 1.0), QColor(Qt::white));
    QVERIFY(qAbs(Theme::blend(Qt::black, Qt::white, 0.5).red() - 128) <= 1);
}

void TestTheme::documentedChannelsHaveDistinctIcons()
{
    QSet<QString> labels;
    QSet<QRgb> colours;
    const QList<int> codes{1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 15, 16, 17, 18};
    for (const int code : codes) {
        labels.insert(ChannelIcon::label(code, QString()));
        colours.insert(Theme::channelColour(code).rgb());
    }
    QCOMPARE(labels.size(), codes.size());
    QCOMPARE(colours.size(), codes.size());
}

void TestTheme::unknownChannelsShowTheirNumber()
{
    QCOMPARE(ChannelIcon::label(42, QStringLiteral("Channel 42")), QStringLiteral("42"));
    QCOMPARE(ChannelIcon::label(-1, QStringLiteral("No channel")), QStringLiteral("?"));
    QVERIFY(Theme::channelColour(42) != Theme::channelColour(43));
}

void TestTheme::iconsAreDrawn()
{
    const QImage image = ChannelIcon::pixmap(7, QStringLiteral("WhatsApp API"), 32, 1.0).toImage();
    QCOMPARE(image.size(), QSize(32, 32));
    QCOMPARE(image.pixelColor(0, 0).alpha(), 0); // rounded corner
    QCOMPARE(image.pixelColor(3, 16).rgb(), Theme::channelColour(7).rgb());
    const QImage all =
        ChannelIcon::pixmap(ChannelModel::kAllChannels, QString(), 32, 2.0).toImage();
    QCOMPARE(all.size(), QSize(64, 64));
}

void TestTheme::markersDifferByShape()
{
    const QPalette p = palette(false);
    const auto centre = [&p](Verification v) {
        return VerificationMarker::pixmap(v, p, 16).toImage().pixelColor(8, 8);
    };
    // A filled disc for verdicts, a hollow ring for "not checked".
    QVERIFY(centre(Verification::Verified).alpha() > 0);
    QVERIFY(centre(Verification::BadSignature).alpha() > 0);
    QCOMPARE(centre(Verification::NotChecked).alpha(), 0);
}

QTEST_MAIN(TestTheme)
#include "tst_theme.moc"
