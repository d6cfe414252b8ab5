#pragma once

#include <QString>

class QSqlDatabase;

// Schema 3 -> 4 (docs/storage.md, "Migrations"), inside the caller's
// transaction:
//  * the conflict and stale columns;
//  * dedupe_key gains the body's hash (DedupeKey), so that only identical
//    bodies merge from now on;
//  * an event whose word came from a later delivery than the one whose body
//    is stored gets the first delivery's word back: a retry may have carried
//    other bytes, and the word must belong to the bytes shown;
//  * "expected <md5>" is erased from every verification detail: it was the
//    valid signature for whatever body was sent.
namespace TrustMigration {

bool run(QSqlDatabase &db, QString *error);

} // namespace TrustMigration
