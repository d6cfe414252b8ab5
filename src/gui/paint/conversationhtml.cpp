#include "paint/conversationhtml.h"

#include "models/conversationmodel.h"
#include "paint/theme.h"
#include "paint/thumbnailloader.h"
#include "paint/timetext.h"

#include <QAbstractItemModel>
#include <QDateTime>
#include <QPalette>
#include <QRegularExpression>
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

QString ConversationHtml::agentLabel(qint64 sysUserId)
{
    if (sysUserId <= 0)
        return tr("unassigned / bot");
    return tr("Agent %1").arg(sysUserId);
}

qint64 ConversationHtml::loadImageEventId(const QUrl &url)
{
    if (url.scheme() != kLoadImageScheme)
        return 0;
    bool ok = false;
    const qint64 id = url.path().toLongLong(&ok);
    return ok && id > 0 ? id : 0;
}

QString ConversationHtml::linkified(const QString &text)
{
    // A URL runs to the next space or character that cannot be in one;
    // trailing punctuation belongs to the sentence.
    static const QRegularExpression kUrl(QStringLiteral(R"(https?://[^\s<>"'`{}|\\^]+)"),
                                         QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression kTrailing(QStringLiteral(R"([.,;:!?)\]]+$)"));
    QString html;
    qsizetype at = 0;
    QRegularExpressionMatchIterator it = kUrl.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        QString link = match.captured(0);
        const QRegularExpressionMatch tail = kTrailing.match(link);
        if (tail.hasMatch())
            link.chop(tail.capturedLength(0));
        const QUrl url(link, QUrl::StrictMode);
        if (!ThumbnailLoader::isLoadable(url))
            continue;
        html += escaped(text.mid(at, match.capturedStart(0) - at));
        html += QStringLiteral("<a href=\"%1\">%2</a>")
                    .arg(QString::fromLatin1(url.toEncoded()).toHtmlEscaped(), escaped(link));
        at = match.capturedStart(0) + link.size();
    }
    html += escaped(text.mid(at));
    return html;
}

QString ConversationHtml::anchorFor(qint64 eventId)
{
    return QStringLiteral("e%1").arg(eventId);
}

QString ConversationHtml::build(const QAbstractItemModel &model, const QPalette &palette,
                                qint64 highlightEventId, const QString &emptyText,
                                const Images *images)
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
        html += bubble(model, row, palette, id == highlightEventId, images);
    }
    if (model.rowCount() == 0) {
        html += QStringLiteral("<p align=\"center\" style=\"color:%1\">%2</p>")
                    .arg(muted, emptyText.toHtmlEscaped());
    }
    html += QStringLiteral("</body></html>");
    return html;
}

QString ConversationHtml::bubble(const QAbstractItemModel &model, int row, const QPalette &palette,
                                 bool highlighted, const Images *images)
{
    const bool customer = roleData(model, row, ConversationModel::FromCustomerRole).toBool();
    const QString sender = roleData(model, row, ConversationModel::SenderRole).toString();
    const qint64 agent = roleData(model, row, ConversationModel::AgentRole).toLongLong();
    const qint64 time = roleData(model, row, ConversationModel::SendTimeRole).toLongLong();
    const qint64 id = roleData(model, row, ConversationModel::EventIdRole).toLongLong();
    const auto verification = static_cast<Verification>(
        roleData(model, row, ConversationModel::VerificationRole).toInt());

    // The customer by name (their events' latest verified one, else the
    // id); an agent bubble by the agent serving the chat, once.
    const QString name = roleData(model, row, ConversationModel::CustomerNameRole).toString();
    QString who;
    if (customer)
        who = name.isEmpty() ? (sender.isEmpty() ? tr("Customer") : sender) : name;
    else
        who = agentLabel(agent);
    QString facts = QStringLiteral(" &middot; ") + TimeText::clock(time).toHtmlEscaped();
    // A team member other than the serving agent wrote it: say who.
    if (!customer && !sender.isEmpty() && sender != QString::number(agent) &&
        sender != QLatin1String("0"))
        facts += QStringLiteral(" &middot; ") + tr("sent by %1").arg(sender).toHtmlEscaped();
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
             QString::number(kSideMarginPx), header, body(model, row, palette, images));
}

QString ConversationHtml::body(const QAbstractItemModel &model, int row, const QPalette &palette,
                               const Images *images)
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
    if (media && type.compare(QLatin1String("image"), Qt::CaseInsensitive) == 0)
        return html + image(model, row, palette, images);
    if (media) {
        const QUrl url(text.trimmed(), QUrl::StrictMode);
        const QString label = QStringLiteral("[%1] ").arg(type.isEmpty() ? tr("media") : type);
        if (url.isValid() &&
            (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"))) {
            html += QStringLiteral("%1<a href=\"%2\">%3</a>")
                        .arg(label.toHtmlEscaped(),
                             QString::fromLatin1(url.toEncoded()).toHtmlEscaped(), escaped(text));
        } else {
            html += label.toHtmlEscaped() + escaped(text);
        }
        return html;
    }
    if (type == QLatin1String("button"))
        html += QStringLiteral("<span style=\"color:%1\">%2</span> ")
                    .arg(css(Theme::mutedText(palette)), tr("[button]").toHtmlEscaped());
    html += linkified(text);
    return html;
}

// An image message: the thumbnail (a link to the image) once loaded; loaded
// by itself only for a verified event and with remote images on, else
// behind a "Load image" link; the URL as a link in every case.
QString ConversationHtml::image(const QAbstractItemModel &model, int row, const QPalette &palette,
                                const Images *images)
{
    const QString text = roleData(model, row, ConversationModel::TextRole).toString().trimmed();
    const qint64 id = roleData(model, row, ConversationModel::EventIdRole).toLongLong();
    const auto verification = static_cast<Verification>(
        roleData(model, row, ConversationModel::VerificationRole).toInt());
    const QUrl url(text, QUrl::StrictMode);
    const QString href = QString::fromLatin1(url.toEncoded()).toHtmlEscaped();
    const QString muted = css(Theme::mutedText(palette));
    const QString link = QStringLiteral("<a href=\"%1\">%2</a>").arg(href, escaped(text));
    const QString label = QStringLiteral("<span style=\"color:%1\">%2</span> ")
                              .arg(muted, tr("[image]").toHtmlEscaped());
    if (!images || !images->loader || !images->autoLoad || !ThumbnailLoader::isLoadable(url))
        return label + link;
    ThumbnailLoader *loader = images->loader;
    const bool wanted =
        (images->autoLoad && isVerified(verification)) || images->requested.contains(id);
    if (!wanted) {
        return label + link +
               QStringLiteral("<br><a href=\"%1:%2\">%3</a>")
                   .arg(kLoadImageScheme, QString::number(id), tr("Load image").toHtmlEscaped());
    }
    switch (loader->state(url)) {
    case ThumbnailLoader::State::Ready: {
        const QImage thumb = loader->thumbnail(url);
        return QStringLiteral("<a href=\"%1\"><img src=\"%2\" width=\"%3\" height=\"%4\"></a>"
                              "<br><span style=\"color:%5\">%6</span>")
            .arg(href, ThumbnailLoader::resourceName(url).toString(),
                 QString::number(thumb.width()), QString::number(thumb.height()), muted,
                 escaped(text));
    }
    case ThumbnailLoader::State::Failed:
        return label + link +
               QStringLiteral("<br><span style=\"color:%1\">%2</span>")
                   .arg(muted, tr("Image not loaded: %1").arg(loader->error(url)).toHtmlEscaped());
    case ThumbnailLoader::State::None:
        loader->request(url);
        [[fallthrough]];
    case ThumbnailLoader::State::Loading:
        break;
    }
    return label + link +
           QStringLiteral("<br><span style=\"color:%1\">%2</span>")
               .arg(muted, tr("Loading image…").toHtmlEscaped());
}
