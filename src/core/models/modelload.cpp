#include "models/modelload.h"

#include <algorithm>
#include <utility>

void ModelLoad::setErrorHandler(QObject *context, ErrorHandler handler)
{
    m_context = context;
    m_onError = std::move(handler);
}

bool ModelLoad::start(const QString &path, StoreReader::Work work)
{
    if (!m_reader) {
        m_reader = std::make_unique<StoreReader>();
        if (m_onError)
            QObject::connect(m_reader.get(), &StoreReader::errorOccurred, m_context, m_onError);
    }
    m_reader->start(path, std::move(work));
    return !std::exchange(m_loading, true);
}

bool ModelLoad::cancel()
{
    if (m_reader)
        m_reader->cancel();
    m_heldUpTo = -1;
    return std::exchange(m_loading, false);
}

bool ModelLoad::hold(qint64 upToId)
{
    if (m_loading)
        m_heldUpTo = std::max(m_heldUpTo, upToId);
    return m_loading;
}

std::optional<qint64> ModelLoad::finish()
{
    if (!std::exchange(m_loading, false))
        return std::nullopt;
    return std::exchange(m_heldUpTo, -1);
}
