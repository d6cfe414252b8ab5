#pragma once

#include "records/eventrecord.h"

#include <QList>
#include <QRandomGenerator>
#include <QString>
#include <QStringList>

class EventStore;

// Random deliveries for the summary tables' tests: messages (customers and
// agents, with and without sessions, channels, names, sys_user_ids),
// add_user / update_user events with verified, unchecked and unverified
// words, test deliveries, identical retries (a stronger or weaker word, a
// test or real receipt) and conflicting bodies under one sender key.
class RandomDeliveries final {
public:
    explicit RandomDeliveries(quint32 seed);
    EventRecord next();

private:
    EventRecord fresh();
    QRandomGenerator m_random;
    QList<EventRecord> m_sent;
    int m_serial = 0;
};

namespace SummaryCheck {

// Appends `count` deliveries in transactions of 1..8 (group commit); false
// with a message on a failure.
bool deliver(EventStore &store, RandomDeliveries &deliveries, int count, QString *error);
// The rows of `sql` on the file at `path`, each "a|b|c", in query order.
QStringList rows(const QString &path, const QString &sql);
// Each summary table's rows (by key) beside the recount over the events.
struct Mismatch {
    QString table;
    QStringList stored;
    QStringList recounted;
};
QList<Mismatch> compareWithRecount(const QString &path);
// The three tables' rows, for comparing two files.
QStringList dumpSummaries(const QString &path);
// Copies the file to `to` and gives it the layout of the schema before the
// summary tables (6 when they came; StoreSchema::summaryTablesVersion() - 1).
bool makeSchema6Copy(const QString &from, const QString &to);

// Opens `path` for writing (upgrading it), records every (done, total) the
// migration reports into `progress`, and closes it: the schema version
// reached, or -1 with the store's error in `error`.
int upgradeRecording(const QString &path, QList<std::pair<qint64, qint64>> *progress,
                     QString *error);

// Each customer event's stored change rows (EventStore::storedChanges)
// beside a replay of every customer's history (CustomerTimeline): one line
// per event that differs or has none; empty when all agree.
QStringList compareChangeRows(const QString &path);
// The two change-row tables, for comparing two files.
QStringList dumpChangeRows(const QString &path);
// Copies the file to `to` and gives it the layout of schema 9, before the
// change rows.
bool makeSchema9Copy(const QString &from, const QString &to);

} // namespace SummaryCheck
