#pragma once

#include <QLabel>

// A label for text that changes while the user works: a count that grows
// while a store loads, the receiver's counters and rate. QLabel::setText
// calls updateGeometry(), which posts a LayoutRequest to the top level: the
// whole window is laid out again, and when the text's width changed, the
// widgets beside it move and are repainted. This label holds a fixed size
// that only grows, so a new text that fits repaints the label and nothing
// else; one that does not fit widens it once. A font or style change
// measures it again from scratch.
class SteadyLabel final : public QLabel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SteadyLabel)

public:
    explicit SteadyLabel(QWidget *parent = nullptr);

    void setSteadyText(const QString &text);

protected:
    void changeEvent(QEvent *event) override;

private:
    QSize naturalSize() const;
    void fit(bool mayShrink);
};
