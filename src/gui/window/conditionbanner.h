#pragma once

#include "store/storefault.h"

#include <QString>
#include <QWidget>

class QLabel;
class ReceiverController;

// The strip at the top of the main window that says what is wrong with the
// receiver, instead of a dialog: the store cannot take writes (with the
// reason; it goes away by itself on recovery), the store was refused at
// start (damaged, or any other failed start), or the receiver listens beyond
// this machine without a secret. Hidden while nothing is wrong.
class ConditionBanner final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConditionBanner)

public:
    explicit ConditionBanner(QWidget *parent = nullptr);

    // Follows the receiver's state, store faults and configuration.
    void follow(ReceiverController *receiver);
    // A new widget holding this banner above `content` (the window's
    // central widget), so that the banner spans the window's top.
    QWidget *placeAbove(QWidget *content);

    void setStoreFault(const StoreFault &fault);
    // Empty: the last start did not fail.
    void setStartFailure(const QString &message);
    // Empty: the receiver is not open to anyone (or not listening).
    void setOpenToAnyone(const QString &url);
    // The sentences shown, one a line (tests, accessibility).
    QString text() const;
    // A fault or a failed start, rather than only the warning.
    bool isError() const;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void update();

    QLabel *m_label = nullptr;
    StoreFault m_fault;
    QString m_startFailure;
    QString m_openUrl;
};
