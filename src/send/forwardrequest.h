#pragma once

#include "records/deliveryrecord.h"
#include "records/eventrecord.h"

#include <QByteArray>
#include <QList>
#include <QNetworkRequest>
#include <QString>
#include <QUrl>

// One stored event as it is re-sent to a team's own system, by the forwarder
// and by replay alike (docs/forwarding.md): POST to the target URL with the
// event's original query appended (SaleSmartly's timestamp and signature),
// the original body byte for byte, the first delivery's Content-Type
// (application/json when it had none) and X-HookScope-Event-Id: <id>.
struct ForwardRequest {
    static constexpr qint64 kMaxAnswerBytes = 1024; // kept of an answer's body

    QUrl url;
    QByteArray body;
    QByteArray contentType;
    qint64 eventId = 0;
    bool test = false; // the event carried the test mark: X-HookScope-Test: 1 too

    // The request for `event` (its payload and query as stored) and its
    // receipts (the first one's headers give the Content-Type).
    static ForwardRequest forEvent(const EventRecord &event,
                                   const QList<DeliveryRecord> &deliveries, const QUrl &target);
    // The target's own query comes first, then '&' and the event's query
    // exactly as it was received; either may be empty.
    static QUrl combinedUrl(const QUrl &target, const QString &originalQuery);
    // The Content-Type line of "Name: value" header lines (case-insensitive
    // name); empty when absent.
    static QByteArray contentTypeOf(const QString &headerLines);
    // A target URL as the user typed it: absolute http:// or https:// with a
    // host, no user info and no fragment. On failure *error is a sentence
    // ("... is not an http:// or https:// URL") naming the value.
    static bool checkTarget(const QString &text, QUrl *url, QString *error);

    // The request with every header set (Content-Type, the event id, the
    // test mark, no redirects followed) and `timeoutMs` as transfer timeout.
    QNetworkRequest networkRequest(int timeoutMs) const;
};
