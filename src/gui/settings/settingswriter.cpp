#include "settings/settingswriter.h"

#include <QEvent>

SettingsWriter::SettingsWriter(QSettings *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_fileName(settings->fileName())
    , m_format(settings->format())
    , m_worker(new QObject)
{
    m_thread.setObjectName(QStringLiteral("settingsWriter"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start(QThread::LowPriority);
    m_settings->installEventFilter(this);
}

SettingsWriter::~SettingsWriter()
{
    m_settings->removeEventFilter(this);
    m_thread.quit();
    m_thread.wait();
}

bool SettingsWriter::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_settings && event->type() == QEvent::UpdateRequest) {
        schedule();
        return true; // not written here
    }
    return QObject::eventFilter(watched, event);
}

void SettingsWriter::schedule()
{
    if (m_writing) {
        m_again = true;
        return;
    }
    startWrite();
}

void SettingsWriter::startWrite()
{
    m_writing = true;
    QMetaObject::invokeMethod(m_worker, [this, fileName = m_fileName, format = m_format] {
        {
            QSettings file(fileName, format);
            file.sync();
        }
        QMetaObject::invokeMethod(this, &SettingsWriter::onWritten, Qt::QueuedConnection);
    });
}

void SettingsWriter::onWritten()
{
    // Clears the object's "changed" mark, so the next change asks for a
    // write again: nothing is left to write unless a value changed since.
    m_settings->sync();
    m_writing = false;
    if (m_again) {
        m_again = false;
        startWrite();
    }
    Q_EMIT written();
}
