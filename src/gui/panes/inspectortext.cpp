#include "panes/inspectortext.h"

#include "paint/theme.h"
#include "paint/timetext.h"
#include "records/channelcatalog.h"

#include <QLocale>
#include <QPalette>
#include <QStringDecoder>
#include <QUrlQuery>

QString InspectorText::eventSummary(const EventRecord &r)
{
    QStringList parts{tr("Event #%1").arg(r.id), r.event};
    if (r.channel >= 0 || !r.channelName.isEmpty())
        parts.append(r.channelName.isEmpty() ? ChannelCatalog::name(r.channel) : r.channelName);
    if (!r.chatUserId.isEmpty())
        parts.append(tr("customer %1").arg(r.chatUserId));
    parts.append(tr("received %1").arg(TimeText::full(r.receivedAtMs)));
    parts.append(r.deliveries == 1 ? tr("1 delivery") : tr("%1 deliveries").arg(r.deliveries));
    parts.append(verificationWord(r.verification));
    if (r.conflict)
        parts.append(tr("conflict"));
    if (r.stale)
        parts.append(tr("stale"));
    return parts.join(QStringLiteral(" · "));
}

QString InspectorText::refusedSummary(const RefusedRecord &r)
{
    return QStringList{tr("Refused delivery #%1").arg(r.id), QString::number(r.status), r.reason,
                       tr("from %1").arg(r.peer), TimeText::full(r.receivedAtMs)}
        .join(QStringLiteral(" · "));
}

QString InspectorText::explanation(Verification v)
{
    switch (v) {
    case Verification::Verified:
        return tr("The signature matched md5(secret&data=<data exactly as sent>&event=<event>).");
    case Verification::VerifiedTimestamp:
        return tr("The signature matched md5(secret&data=<data exactly as sent>&event=<event>"
                  "&timestamp=<timestamp>): the sender includes the timestamp.");
    case Verification::VerifiedLoose:
        return tr("The signature matched only a re-serialised copy of data, not the exact text "
                  "that was sent. The sender is genuine if the secret is private, but its "
                  "signing differs from SaleSmartly's: a weaker match.");
    case Verification::BadSignature:
        return tr("A signature was sent but matched none of the accepted base strings: the "
                  "secret differs, or the body was changed on the way.");
    case Verification::Unsigned:
        return tr("The request had no signature parameter.");
    case Verification::NotChecked:
        return tr("Not checked: no secret was configured, or the verification policy is off.");
    }
    return {};
}

QString InspectorText::verificationHtml(const EventRecord &r, const QPalette &palette,
                                        const Context &context)
{
    const QColor colour = Theme::tone(palette, Theme::verificationTone(r.verification));
    QString html = QStringLiteral("<p><b style=\"color:%1; font-size:large\">%2</b></p><p>%3</p>")
                       .arg(colour.name(), verificationWord(r.verification).toHtmlEscaped(),
                            explanation(r.verification).toHtmlEscaped());
    const auto warning = [&palette](Theme::Tone tone, const QString &text) {
        return QStringLiteral("<p style=\"color:%1\"><b>%2</b></p>")
            .arg(Theme::tone(palette, tone).name(), text.toHtmlEscaped());
    };
    if (r.conflict)
        html += QStringLiteral("<p style=\"color:%1\"><b>%2</b></p>")
                    .arg(Theme::tone(palette, Theme::Tone::Bad).name(),
                         conflictText(r, context.sameKeyEvents, true));
    if (r.stale)
        html += warning(Theme::Tone::Warning, staleText(r));
    if (!r.verificationDetail.isEmpty()) {
        QString detail = r.verificationDetail.toHtmlEscaped();
        detail.replace(QStringLiteral("; "), QStringLiteral("<br>"));
        html += QStringLiteral("<p><b>%1</b></p><p style=\"font-family:monospace\">%2</p>")
                    .arg(tr("How it was reached").toHtmlEscaped(), detail);
    }
    html += QStringLiteral("<p>%1</p>").arg(keyText(context.keyFingerprint).toHtmlEscaped());
    html += QStringLiteral("<p style=\"color:%1\">%2</p>")
                .arg(Theme::mutedText(palette).name(),
                     tr("The secret itself is never shown or stored with the event, nor is the "
                        "signature it would give.")
                         .toHtmlEscaped());
    return html;
}

QString InspectorText::conflictText(const EventRecord &r, const QList<qint64> &sameKeyEvents,
                                    bool asHtml)
{
    if (!r.conflict)
        return {};
    QStringList others;
    for (const qint64 id : sameKeyEvents) {
        others.append(asHtml ? QStringLiteral("<a href=\"event:%1\">#%1</a>").arg(id)
                             : QStringLiteral("#%1").arg(id));
    }
    const QString key = asHtml ? r.dedupeKey.left(80).toHtmlEscaped() : r.dedupeKey.left(80);
    if (others.isEmpty())
        return tr("Conflict: another event has this event's key %1 with different data.").arg(key);
    return tr("Conflict: the other events with this event's key %1 carry different data: %2. "
              "Only one of them can be what the sender sent; each verification word is about "
              "its own bytes.")
        .arg(key, others.join(QStringLiteral(", ")));
}

QString InspectorText::staleText(const EventRecord &r)
{
    if (!r.stale)
        return {};
    return tr("Stale: the delivery's timestamp was far from this machine's clock when it "
              "arrived. It may be an old delivery sent again.");
}

QString InspectorText::keyText(const QString &keyFingerprint)
{
    if (keyFingerprint.isEmpty())
        return tr("This machine has no key configured.");
    return tr("This machine's key: %1 (a fingerprint: the same key gives the same fingerprint on "
              "every machine, and it reveals nothing that signs a delivery).")
        .arg(keyFingerprint);
}

QString InspectorText::refusedHtml(const RefusedRecord &r, const QPalette &palette)
{
    return QStringLiteral("<p><b style=\"color:%1; font-size:large\">%2 %3</b></p><p>%4</p>")
        .arg(Theme::tone(palette, Theme::Tone::Bad).name(), QString::number(r.status),
             tr("refused").toHtmlEscaped(), r.reason.toHtmlEscaped());
}

QList<QPair<QString, QString>> InspectorText::queryItems(const QString &query)
{
    QList<QPair<QString, QString>> items;
    const QUrlQuery q(query);
    for (const auto &[name, value] : q.queryItems(QUrl::FullyDecoded))
        items.append({name, value});
    return items;
}

QString InspectorText::rawRequest(const RefusedRecord &r)
{
    QString text = r.method + u' ' + r.path;
    if (!r.query.isEmpty())
        text += u'?' + r.query;
    text += u'\n' + r.headers.trimmed() + QStringLiteral("\n\n") + bodyText(r.body);
    return text;
}

QString InspectorText::bodyText(const QByteArray &body)
{
    auto decoder = QStringDecoder(QStringDecoder::Utf8);
    const QString text = decoder.decode(body);
    if (!decoder.hasError())
        return text;
    // Not UTF-8: show every byte that is not printable ASCII as \xNN.
    QString escaped;
    for (const char c : body) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte >= 0x20 && byte < 0x7f) || c == '\n' || c == '\r' || c == '\t')
            escaped += QLatin1Char(c);
        else
            escaped += QStringLiteral("\\x%1").arg(byte, 2, 16, QLatin1Char('0'));
    }
    return escaped;
}
