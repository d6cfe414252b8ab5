#include "paint/conversationhtml.h"

#include "models/conversationmodel.h"
#include "paint/theme.h"
#include "paint/timetext.h"

#include <QAbstractItemModel>
#include <QDateTime>
#include <QPalette>
#include <QUrl>

namespace {

constexpr int kSideMarginPx = 90;

QString escaped(const QString &text)
{
    QString html = text.toHtmlEscaped();
    html.replace(u'\n', QStringLiteral("<br>"));
    return html;
}

QString css(const QColor &colour)
{
    return colour.name(QColor::HexRgb);
}

QVariant roleData(const QAbstractItemModel &model, int row, int role)
{
    return model.index(row, 0).data(role);
}

} // namespace

QString ConversationHtml::agentText(qint64 sysUserId)
{
    if (sysUserId <= 0)
        return tr("unassigned / bot");
    return tr("agent #%1").arg(sysUserId);
}

QString ConversationHtml::anchorFor(qint64 eventId)
{
    return QStringLiteral("e%1").arg(eventId);
}

QString ConversationHtml::build(const QAbstractItemModel &model, const QPalette &palette,
                                qint64 highlightEventId, const QString &emptyText)
{
    QString html =
        QStringLiteral("<html><body style=\"color:%1\">").arg(css(palette.color(QPalette::Text)));
    const QString muted = css(Theme::mutedText(palette));
    QDate lastDay;
    for (int row = 0; row < model.rowCount(); ++row) {
        const qint64 time = roleData(model, row, ConversationModel::SendTimeRole).toLongLong();
        const QDate day = QDateTime::fromMSecsSinceEpoch(time).date();
        if (day != lastDay) {
            html += QStringLiteral("<p align=\"center\" style=\"color:%1\">%2</p>")
                        .arg(muted, QLocale().toString(day, QLocale::LongFormat).toHtmlEscaped());
            lastDay = day;
        }
        const qint64 id = roleData(model, row, ConversationModel::EventIdRole).toLongLong();
        html += bubble(model, row, palette, id == highlightEventId);
    }
    if (model.rowCount() == 0) {
        html += QStringLiteral("<p align=\"center\" style=\"color:%1\">%2</p>")
                    .arg(muted, emptyText.toHtmlEscaped());
    }
    html += QStringLiteral("</body></html>");
    return html;
}

QString ConversationHtml::bubble(const QAbstractItemModel &model, int row, const QPalette &palette,
                                 bool highlighted)
{
    const bool customer = roleData(model, row, ConversationModel::FromCustomerRole).toBool();
    const QString sender = roleData(model, row, ConversationModel::SenderRole).toString();
    const qint64 agent = roleData(model, row, ConversationModel::AgentRole).toLongLong();
    const qint64 time = roleData(model, row, ConversationModel::SendTimeRole).toLongLong();
    const qint64 id = roleData(model, row, ConversationModel::EventIdRole).toLongLong();
    const auto verification = static_cast<Verification>(
        roleData(model, row, ConversationModel::VerificationRole).toInt());

    const QString who = customer
                            ? (sender.isEmpty() ? tr("Customer") : sender)
                            : tr("Agent %1").arg(sender.isEmpty() ? QStringLiteral("?") : sender);
    QString facts = QStringLiteral(" &middot; ") + TimeText::clock(time).toHtmlEscaped() +
                    QStringLiteral(" &middot; ") + agentText(agent).toHtmlEscaped();
    if (Theme::verificationTone(verification) == Theme::Tone::Bad) {
        facts += QStringLiteral(" &middot; <span style=\"color:%1\">\u26a0 %2</span>")
                     .arg(css(Theme::tone(palette, Theme::Tone::Bad)),
                          verificationWord(verification).toHtmlEscaped());
    }
    const QString header = QStringLiteral("<b>%1</b><span style=\"color:%2\">%3</span>")
                               .arg(who.toHtmlEscaped(), css(Theme::mutedText(palette)), facts);
    const QColor background =
        customer ? Theme::customerBubble(palette) : Theme::agentBubble(palette);
    const QString border =
        highlighted ? QStringLiteral(" border=\"2\" style=\"border-color:%1; border-style:solid; ")
                          .arg(css(palette.color(QPalette::Highlight)))
                    : QStringLiteral(" style=\"");
    return QStringLiteral("<a name=\"%1\"></a><table align=\"%2\" cellpadding=\"7\" "
                          "cellspacing=\"0\" bgcolor=\"%3\"%4%5:%6px; margin-top:3px; "
                          "margin-bottom:3px\"><tr><td>%7%8</td></tr></table>")
        .arg(anchorFor(id), customer ? QStringLiteral("left") : QStringLiteral("right"),
             css(background), border,
             customer ? QStringLiteral("margin-right") : QStringLiteral("margin-left"),
             QString::number(kSideMarginPx), header, body(model, row, palette));
}

QString ConversationHtml::body(const QAbstractItemModel &model, int row, const QPalette &palette)
{
    const QString text = roleData(model, row, ConversationModel::TextRole).toString();
    const QString type = roleData(model, row, ConversationModel::MsgTypeRole).toString();
    const QString quote = roleData(model, row, ConversationModel::QuoteRole).toString();
    const bool media = roleData(model, row, ConversationModel::IsMediaRole).toBool();
    QString html;
    if (quote.isEmpty()) {
        html += QStringLiteral("<br>");
    } else {
        html +=
            QStringLiteral("<table cellspacing=\"0\" cellpadding=\"3\" style=\"margin-top:2px; "
                           "margin-bottom:4px\"><tr><td width=\"3\" bgcolor=\"%1\"></td>"
                           "<td><i style=\"color:%2\">%3</i></td></tr></table>")
                .arg(css(Theme::quoteBar(palette)), css(Theme::mutedText(palette)), escaped(quote));
    }
    if (media) {
        const QUrl url(text, QUrl::StrictMode);
        const QString label = QStringLiteral("[%1] ").arg(type.isEmpty() ? tr("media") : type);
        if (url.isValid() &&
            (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"))) {
            html += QStringLiteral("%1<a href=\"%2\">%3</a>")
                        .arg(label.toHtmlEscaped(), text.toHtmlEscaped(), escaped(text));
        } else {
            html += label.toHtmlEscaped() + escaped(text);
        }
        return html;
    }
    if (type == QLatin1String("button"))
        html += QStringLiteral("<span style=\"color:%1\">%2</span> ")
                    .arg(css(Theme::mutedText(palette)), tr("[button]").toHtmlEscaped());
    html += escaped(text);
    return html;
}
