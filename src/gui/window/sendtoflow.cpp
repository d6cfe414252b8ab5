#include "window/sendtoflow.h"

#include "dialogs/sendtodialog.h"
#include "eventreplayer.h"
#include "guilog.h"
#include "settings/settings.h"

#include <QAbstractItemModel>
#include <QThread>
#include <QUrl>

SendToFlow *SendToFlow::open(QWidget *parent, Settings *settings, const QString &storePath,
                             const QList<qint64> &eventIds, const QString &what)
{
    auto *dialog = new SendToDialog(what, eventIds.size(), settings->recentSendToUrls(), parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto *flow = new SendToFlow(dialog, settings, storePath, eventIds);
    dialog->open();
    return flow;
}

SendToFlow::SendToFlow(SendToDialog *dialog, Settings *settings, const QString &storePath,
                       const QList<qint64> &eventIds)
    : QObject(dialog)
    , m_dialog(dialog)
    , m_settings(settings)
    , m_storePath(storePath)
    , m_ids(eventIds)
{
    connect(dialog, &SendToDialog::sendRequested, this, &SendToFlow::send);
    connect(dialog, &SendToDialog::cancelRequested, this, &SendToFlow::cancel);
}

SendToFlow::~SendToFlow()
{
    cancel();
    stopThread();
}

QList<qint64> SendToFlow::idsOf(const QAbstractItemModel *model, int idRole)
{
    QList<qint64> ids;
    const int rows = model->rowCount();
    ids.reserve(rows);
    for (int row = 0; row < rows; ++row) {
        const qint64 id = model->index(row, 0).data(idRole).toLongLong();
        if (id > 0)
            ids.append(id);
    }
    return ids;
}

void SendToFlow::send(const QString &url)
{
    if (m_thread)
        return;
    m_settings->addRecentSendToUrl(url);
    m_settings->sync();
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("send-to"));
    m_replayer = new EventReplayer;
    m_replayer->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_replayer, &QObject::deleteLater);
    EventReplayer *replayer = m_replayer;
    // Counts cross back to this (GUI) thread by value.
    connect(replayer, &EventReplayer::progress, this, [this](qint64 done, qint64 total) {
        if (m_dialog)
            m_dialog->setProgress(done, total);
    });
    connect(replayer, &EventReplayer::finished, replayer,
            [this](const EventReplayer::Report &report) {
                QMetaObject::invokeMethod(this, [this, report] {
                    stopThread();
                    if (m_dialog)
                        m_dialog->showReport(report.byStatus, report.noAnswer, report.total,
                                             report.done, report.cancelled);
                    qCInfo(lcGui).noquote()
                        << "send to finished:" << report.summary().trimmed().replace(u'\n', u' ');
                    Q_EMIT finished();
                });
            });
    m_thread->start();
    QMetaObject::invokeMethod(
        replayer, [this, replayer, path = m_storePath, ids = m_ids, target = QUrl(url)] {
            QString error;
            if (!replayer->start(path, ids, target, &error)) {
                QMetaObject::invokeMethod(this, [this, error] {
                    stopThread();
                    if (m_dialog)
                        m_dialog->showFailure(error);
                    Q_EMIT finished();
                });
            }
        });
}

void SendToFlow::cancel()
{
    if (EventReplayer *replayer = m_replayer)
        QMetaObject::invokeMethod(replayer, [replayer] { replayer->cancel(); });
}

void SendToFlow::stopThread()
{
    if (!m_thread)
        return;
    m_thread->quit();
    m_thread->wait();
    delete m_thread; // its finished() deleted the replayer
    m_thread = nullptr;
    m_replayer = nullptr;
}
