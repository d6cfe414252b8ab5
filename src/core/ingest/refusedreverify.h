#pragma once

#include "ingest/receiverconfig.h"
#include "records/eventrecord.h"
#include "records/refusedrecord.h"

#include <QCoreApplication>
#include <QString>

// "Re-verify with current secret" (issue 11): after the key is fixed, a
// delivery refused for its signature is judged again from its stored copy,
// by the receiver's own DeliveryProcessor with the current secret and
// policy. When it now verifies it becomes an event: appended and the refused
// row deleted in one transaction (EventStore::promoteRefused). Only a
// complete copy can be judged (the signature covers every byte), and only
// refusals of the judging step (400, 401): routing refusals (404, 405) were
// never about the signature.
class RefusedReverify final {
    Q_DECLARE_TR_FUNCTIONS(RefusedReverify)

public:
    enum class Outcome {
        Promoted,     // verifies now: it is event eventId
        StillRefused, // the signature (or the body) still fails: reason says how
        Unverified,   // accepted by the policy, but not verified: left refused
        CopyCut,      // body or query were cut when stored: cannot be judged
        NotJudged,    // refused for its path or method, not its content
        NoSecret,     // no secret or policy "off": nothing to verify with
        Gone,         // the refused row is no longer in the store
        StoreError,   // the store could not be read or written: reason says why
    };

    struct Result {
        Outcome outcome = Outcome::StoreError;
        QString reason;         // the refusal or the store's error, when there is one
        qint64 eventId = 0;     // Promoted: the event's id
        bool duplicate = false; // Promoted: an existing event got one more delivery
        Verification verification = Verification::NotChecked;
    };

    // Judges `record` with `config`, writing nothing. When it verifies,
    // *event (if given) is the event to append.
    static Result judge(const RefusedRecord &record, const ReceiverConfig &config,
                        EventRecord *event = nullptr);
    // Reads refused row `refusedId` of the store at `storePath`, judges it,
    // and promotes it when it verifies. Opens its own connection on the
    // calling thread (the receiver's writer may be running: SQLite's lock
    // and busy timeout order the two).
    static Result run(const QString &storePath, qint64 refusedId, const ReceiverConfig &config);

    // The outcome for the user in one sentence: "Refused delivery #4 is event
    // #12 now.", "Still bad-signature: ...", "The stored copy was cut ...".
    static QString describe(const Result &result, qint64 refusedId);
};
