#include "window/focuscopier.h"

#include <QApplication>
#include <QClipboard>
#include <QLineEdit>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>

// Edit > Copy takes what the focused widget holds: a registered pane's own
// copy first, then the selected text of a field, then a view's current cell.
class TestFocusCopier final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init() { QGuiApplication::clipboard()->clear(); }
    void copiesTheSelectedTextOfAField();
    void copiesTheCurrentCellOfAView();
    void aRegisteredCopyRunsInsteadOfTheDefault();
    void nothingToCopyLeavesTheClipboardAlone();
};

void TestFocusCopier::copiesTheSelectedTextOfAField()
{
    QLineEdit line(QStringLiteral("hello world"));
    line.setSelection(6, 5);
    FocusCopier copier;
    QVERIFY(copier.copyFrom(&line));
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("world"));
}

void TestFocusCopier::copiesTheCurrentCellOfAView()
{
    QStandardItemModel model(2, 2);
    model.setItem(1, 1, new QStandardItem(QStringLiteral("cu070001")));
    QTableView view;
    view.setModel(&model);
    view.setCurrentIndex(model.index(1, 1));
    FocusCopier copier;
    QVERIFY(copier.copyFrom(&view));
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("cu070001"));
}

void TestFocusCopier::aRegisteredCopyRunsInsteadOfTheDefault()
{
    QStandardItemModel model(1, 1);
    model.setItem(0, 0, new QStandardItem(QStringLiteral("cell")));
    QTableView view;
    view.setModel(&model);
    view.setCurrentIndex(model.index(0, 0));
    FocusCopier copier;
    copier.addCopy(&view, [] { QGuiApplication::clipboard()->setText(QStringLiteral("row")); });
    QVERIFY(copier.copyFrom(&view));
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("row"));
}

void TestFocusCopier::nothingToCopyLeavesTheClipboardAlone()
{
    QGuiApplication::clipboard()->setText(QStringLiteral("before"));
    QStandardItemModel model(1, 1);
    QTableView view; // no current cell
    view.setModel(&model);
    QWidget plain;
    FocusCopier copier;
    QVERIFY(!copier.copyFrom(nullptr));
    QVERIFY(!copier.copyFrom(&plain));
    QVERIFY(!copier.copyFrom(&view));
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("before"));
}

QTEST_MAIN(TestFocusCopier)
#include "tst_focuscopier.moc"
