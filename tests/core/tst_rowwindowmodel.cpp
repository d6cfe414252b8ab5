#include "models/rowwindowmodel.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QPersistentModelIndex>
#include <QSignalSpy>
#include <QStringListModel>
#include <QTest>

#include <limits>
#include <memory>

// The stream's bounded window over its model's rows (RowWindowModel): which
// source rows it shows, how it follows appends, how it moves (a slide that
// keeps what stays shown, or a reset), and that every change is announced
// so that a view stays consistent (QAbstractItemModelTester, fatal).
class TestRowWindowModel final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void aSmallSourceIsShownWhole();
    void appendsFillTheWindowThenSlideItWhileFollowing();
    void aWindowAwayFromTheEndStaysWhereItIs();
    void aSlideKeepsTheRowsThatStayShown_data();
    void aSlideKeepsTheRowsThatStayShown();
    void aFarMoveResetsAndClamps();
    void dataChangesAreMappedIntoTheWindow();
    void aSourceResetReframes();
    void anInsertOtherThanAnAppendReframes();

private:
    static QStringList numbered(int from, int count);
    QStringList shown() const;
    void append(int count);

    std::unique_ptr<QStringListModel> m_source;
    std::unique_ptr<RowWindowModel> m_window;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

QStringList TestRowWindowModel::numbered(int from, int count)
{
    QStringList rows;
    for (int i = from; i < from + count; ++i)
        rows.append(QString::number(i));
    return rows;
}

QStringList TestRowWindowModel::shown() const
{
    QStringList rows;
    for (int row = 0; row < m_window->rowCount(); ++row)
        rows.append(m_window->index(row, 0).data().toString());
    return rows;
}

// Rows n, n + 1, ... at the source's end, as one insert.
void TestRowWindowModel::append(int count)
{
    const int first = m_source->rowCount();
    QVERIFY(m_source->insertRows(first, count));
    for (int i = 0; i < count; ++i)
        m_source->setData(m_source->index(first + i), QString::number(first + i));
}

void TestRowWindowModel::init()
{
    m_source = std::make_unique<QStringListModel>();
    m_window = std::make_unique<RowWindowModel>();
    m_window->setWindowRows(10);
    m_window->setSourceModel(m_source.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_window.get(), QAbstractItemModelTester::FailureReportingMode::Fatal);
}

void TestRowWindowModel::cleanup()
{
    m_tester.reset();
    m_window.reset();
    m_source.reset();
}

void TestRowWindowModel::aSmallSourceIsShownWhole()
{
    m_source->setStringList(numbered(0, 4));
    QCOMPARE(shown(), numbered(0, 4));
    append(3);
    QCOMPARE(shown(), numbered(0, 7));
    QCOMPARE(m_window->windowStart(), 0);
    const QModelIndex row5 = m_window->index(5, 0);
    QCOMPARE(m_window->mapToSource(row5), m_source->index(5));
    QCOMPARE(m_window->mapFromSource(m_source->index(5)), row5);
    QCOMPARE(m_window->headerData(5, Qt::Vertical), m_source->headerData(5, Qt::Vertical));
}

void TestRowWindowModel::appendsFillTheWindowThenSlideItWhileFollowing()
{
    QVERIFY(m_window->followsEnd());
    m_source->setStringList(numbered(0, 6));
    QSignalSpy resets(m_window.get(), &QAbstractItemModel::modelReset);
    append(7); // 13 rows: the window fills up (10), then slides by 3
    QCOMPARE(m_window->windowStart(), 3);
    QCOMPARE(shown(), numbered(3, 10));
    append(1);
    QCOMPARE(shown(), numbered(4, 10));
    append(25); // more than a window at once
    QCOMPARE(shown(), numbered(29, 10));
    QCOMPARE(resets.size(), 1); // the slide of 25 rows: no overlap left
    QCOMPARE(m_window->mapFromSource(m_source->index(28)), QModelIndex());
    QCOMPARE(m_window->mapToSource(m_window->index(0, 0)).row(), 29);
}

void TestRowWindowModel::aWindowAwayFromTheEndStaysWhereItIs()
{
    m_source->setStringList(numbered(0, 30));
    m_window->moveTo(5);
    QCOMPARE(shown(), numbered(5, 10));
    append(4); // following, but the window does not hold the end
    QCOMPARE(shown(), numbered(5, 10));
    m_window->moveTo(1000); // clamped: the last full window
    QCOMPARE(shown(), numbered(24, 10));
    m_window->setFollowsEnd(false);
    append(2); // holds the end, not following: stays
    QCOMPARE(shown(), numbered(24, 10));
    // Following again: rows appended meanwhile are past the window, which
    // must first be taken to the end (the pane does, with the newest row).
    m_window->setFollowsEnd(true);
    append(1);
    QCOMPARE(shown(), numbered(24, 10));
    m_window->moveTo(std::numeric_limits<int>::max());
    QCOMPARE(shown(), numbered(27, 10));
    append(2);
    QCOMPARE(shown(), numbered(29, 10));
}

void TestRowWindowModel::aSlideKeepsTheRowsThatStayShown_data()
{
    QTest::addColumn<int>("to");
    QTest::newRow("forward") << 14;
    QTest::newRow("backward") << 6;
}

void TestRowWindowModel::aSlideKeepsTheRowsThatStayShown()
{
    QFETCH(int, to);
    m_source->setStringList(numbered(0, 40));
    m_window->moveTo(10);
    QItemSelectionModel selection(m_window.get());
    // Source rows 12 and 17: 12 leaves the window going forward, 17 backward.
    const QPersistentModelIndex twelve = m_window->index(2, 0);
    const QPersistentModelIndex seventeen = m_window->index(7, 0);
    selection.select(m_window->index(5, 0), QItemSelectionModel::Select); // source row 15
    selection.setCurrentIndex(m_window->index(5, 0), QItemSelectionModel::NoUpdate);
    QSignalSpy resets(m_window.get(), &QAbstractItemModel::modelReset);
    m_window->moveTo(to);
    QCOMPARE(resets.size(), 0);
    QCOMPARE(shown(), numbered(to, 10));
    QCOMPARE(selection.currentIndex().data().toString(), QStringLiteral("15"));
    QCOMPARE(selection.selectedIndexes().size(), 1);
    QCOMPARE(selection.selectedIndexes().constFirst().data().toString(), QStringLiteral("15"));
    if (to > 10) {
        QVERIFY(!twelve.isValid());
        QCOMPARE(seventeen.data().toString(), QStringLiteral("17"));
        QCOMPARE(seventeen.row(), 17 - to);
    } else {
        QVERIFY(!seventeen.isValid());
        QCOMPARE(twelve.data().toString(), QStringLiteral("12"));
        QCOMPARE(twelve.row(), 12 - to);
    }
}

void TestRowWindowModel::aFarMoveResetsAndClamps()
{
    m_source->setStringList(numbered(0, 100));
    m_window->moveTo(0);
    QSignalSpy resets(m_window.get(), &QAbstractItemModel::modelReset);
    m_window->moveTo(50);
    QCOMPARE(resets.size(), 1);
    QCOMPARE(shown(), numbered(50, 10));
    m_window->moveTo(-7);
    QCOMPARE(shown(), numbered(0, 10));
    QCOMPARE(resets.size(), 2);
    m_window->moveTo(0); // already there: nothing
    QCOMPARE(resets.size(), 2);
}

void TestRowWindowModel::dataChangesAreMappedIntoTheWindow()
{
    m_source->setStringList(numbered(0, 30));
    m_window->moveTo(10);
    QSignalSpy changed(m_window.get(), &QAbstractItemModel::dataChanged);
    m_source->setData(m_source->index(3), QStringLiteral("x")); // not shown
    QCOMPARE(changed.size(), 0);
    m_source->setData(m_source->index(12), QStringLiteral("twelve"));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 2);
    QCOMPARE(m_window->index(2, 0).data().toString(), QStringLiteral("twelve"));
}

void TestRowWindowModel::aSourceResetReframes()
{
    m_source->setStringList(numbered(0, 30));
    m_window->moveTo(5);
    m_window->setFollowsEnd(false);
    m_source->setStringList(numbered(100, 12)); // fewer rows: clamped
    QCOMPARE(shown(), numbered(102, 10));
    m_source->setStringList(numbered(0, 50));
    QCOMPARE(shown(), numbered(2, 10)); // where it was
    m_window->setFollowsEnd(true);
    m_source->setStringList(numbered(0, 50));
    QCOMPARE(shown(), numbered(40, 10)); // the end
    m_source->setStringList({});
    QCOMPARE(m_window->rowCount(), 0);
    m_window->setWindowRows(3);
    m_source->setStringList(numbered(0, 5));
    QCOMPARE(shown(), numbered(2, 3));
}

void TestRowWindowModel::anInsertOtherThanAnAppendReframes()
{
    m_source->setStringList(numbered(0, 30));
    m_window->moveTo(5);
    m_window->setFollowsEnd(false);
    QSignalSpy resets(m_window.get(), &QAbstractItemModel::modelReset);
    QVERIFY(m_source->insertRows(0, 2));
    QCOMPARE(resets.size(), 1);
    QCOMPARE(m_window->windowStart(), 5);
    QCOMPARE(m_window->index(0, 0).data().toString(), QStringLiteral("3"));
    QVERIFY(m_source->removeRows(0, 2));
    QCOMPARE(resets.size(), 2);
    QCOMPARE(shown(), numbered(5, 10));
}

QTEST_GUILESS_MAIN(TestRowWindowModel)
#include "tst_rowwindowmodel.moc"
