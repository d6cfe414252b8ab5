#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

// The strip shown above the panes while another store is open read-only
// (File > Open Database), with the way back to the receiver's own store.
class StoreBanner final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreBanner)

public:
    explicit StoreBanner(QWidget *parent = nullptr);

    void showStore(const QString &shownPath, const QString &ownPath);
    QString text() const;

Q_SIGNALS:
    void backRequested();

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QLabel *m_label = nullptr;
    QPushButton *m_back = nullptr;
};
