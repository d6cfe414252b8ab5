#include "paint/steadylabel.h"

#include <QEvent>
#include <QFontMetrics>

SteadyLabel::SteadyLabel(QWidget *parent)
    : QLabel(parent)
{
    fit(true);
}

void SteadyLabel::setSteadyText(const QString &text)
{
    if (text == this->text())
        return;
    // With a fixed size, QWidget::updateGeometry() stops at this widget.
    setText(text);
    fit(false);
}

void SteadyLabel::changeEvent(QEvent *event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        fit(true);
}

// QLabel::sizeHint() for plain text, without the floor at minimumSize() that
// QLabel puts under it (a fixed size would otherwise measure itself).
QSize SteadyLabel::naturalSize() const
{
    const QRect text = fontMetrics().boundingRect(QRect(0, 0, 2000, 2000),
                                                  Qt::AlignLeft | Qt::TextExpandTabs, this->text());
    const QSize margins = size() - contentsRect().size();
    return text.size() + margins + QSize(2 * margin(), 2 * margin());
}

void SteadyLabel::fit(bool mayShrink)
{
    const QSize hint = naturalSize();
    const QSize wanted = mayShrink ? hint : hint.expandedTo(minimumSize());
    if (minimumSize() != wanted || maximumSize() != wanted)
        setFixedSize(wanted);
}
