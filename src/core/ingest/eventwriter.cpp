#include "ingest/eventwriter.h"

#include "ingest/pgstorewriter.h"
#include "ingest/storewriter.h"
#include "store/storelocation.h"

EventWriter::~EventWriter() = default;

EventWriter *EventWriter::create(const QString &store)
{
    if (StoreLocation::looksLikePostgres(store))
        return new PgStoreWriter;
    return new StoreWriter;
}
