#pragma once

#include "records/eventrecord.h"
#include "records/refusedrecord.h"

#include <QCoreApplication>
#include <QList>
#include <QPair>
#include <QString>

class QPalette;

// The texts of the payload inspector, kept apart from its widgets so that
// they are easy to read and to test: summaries, the verification
// explanation, query parameters, and a refused delivery's raw request.
class InspectorText final {
    Q_DECLARE_TR_FUNCTIONS(InspectorText)

public:
    // What the pane knows beside the record: the other events with its key
    // (EventRecord::conflict) and this machine's key fingerprint now.
    struct Context {
        QList<qint64> sameKeyEvents;
        QString keyFingerprint; // empty: no secret configured
    };

    static QString eventSummary(const EventRecord &record);
    static QString refusedSummary(const RefusedRecord &record);
    // What the verification word means (how it is reached). Never the secret.
    static QString explanation(Verification verification);
    static QString verificationHtml(const EventRecord &record, const QPalette &palette,
                                    const Context &context = {});
    // "Conflict: events #3 and #9 have the same key ..." ; empty without one.
    // asHtml: escaped, and each other event a link "event:<id>".
    static QString conflictText(const EventRecord &record, const QList<qint64> &sameKeyEvents,
                                bool asHtml = false);
    static QString staleText(const EventRecord &record);
    static QString keyText(const QString &keyFingerprint);
    static QString refusedHtml(const RefusedRecord &record, const QPalette &palette);
    // Decoded name/value pairs, in the order sent.
    static QList<QPair<QString, QString>> queryItems(const QString &query);
    // "POST /webhook?a=b\nHeader: value\n\n<body>"
    static QString rawRequest(const RefusedRecord &record);
    // The body as UTF-8 text; invalid bytes are shown as \xNN so nothing is
    // hidden.
    static QString bodyText(const QByteArray &body);
};
