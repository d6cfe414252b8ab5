#pragma once

#include "store/storereader.h"

#include <QString>

#include <functional>
#include <memory>
#include <optional>

class QObject;

// The background load of an item model: its StoreReader (made on first use:
// small stores never need a thread), whether a load runs, and the last commit
// announced meanwhile. The model applies that commit after the load, so rows
// stay in order and none is counted twice.
class ModelLoad final {
    Q_DISABLE_COPY_MOVE(ModelLoad)

public:
    using ErrorHandler = std::function<void(const QString &)>;

    ModelLoad() = default;
    // Where the reader's open errors go, run on `context`'s thread.
    void setErrorHandler(QObject *context, ErrorHandler handler);

    bool isLoading() const { return m_loading; }
    // Starts `work` (cancelling the load before); true if none was running.
    bool start(const QString &path, StoreReader::Work work);
    // Stops the load and forgets the held commit; true if a load was running.
    bool cancel();
    // While a load runs, holds back the commit up to `upToId` and says so.
    bool hold(qint64 upToId);
    // The load's result is applied: the held commit (-1 for none), or
    // nothing when no load was running.
    std::optional<qint64> finish();

private:
    std::unique_ptr<StoreReader> m_reader;
    QObject *m_context = nullptr;
    ErrorHandler m_onError;
    bool m_loading = false;
    qint64 m_heldUpTo = -1;
};
