#pragma once

#include "fixturevectors.h"
#include "ingest/receiverconfig.h"
#include "webhooksender.h"
#include "window/mainwindow.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QTemporaryDir>

#include <memory>

class Settings;
class QAbstractItemModel;

inline const QByteArray kTestSecret("test-secret-123");

// The window as a user starts it, but with a temporary settings folder and
// store, and its receiver on 127.0.0.1 port 0. Deliveries go through the
// real HTTP path.
class TestWindow final {
public:
    explicit TestWindow(VerifyPolicy policy = VerifyPolicy::Strict,
                        const QByteArray &secret = kTestSecret);
    ~TestWindow();
    Q_DISABLE_COPY_MOVE(TestWindow)

    MainWindow *window() const { return m_window.get(); }
    Settings *settings() const { return m_settings.get(); }
    QString databasePath() const;
    QString settingsFolder() const { return m_dir.path(); }
    QString url() const;

    template<typename Pane>
    Pane *pane() const;

    // Sends every body (signed per mode with the window's secret) and
    // returns once all are answered.
    WebhookSender::Report send(const QList<QByteArray> &bodies,
                               WebhookSender::SignMode mode = WebhookSender::SignMode::Exact,
                               const QByteArray &secret = kTestSecret);
    WebhookSender::Report sendVectors(const QList<FixtureVector> &vectors);
    // One raw HTTP request over a QTcpSocket; returns the status (0: none).
    int sendRaw(const QByteArray &request);

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<MainWindow> m_window;
};

// A message body in SaleSmartly's shape.
struct MessageSpec {
    QString user = QStringLiteral("cu-1");
    QString session = QStringLiteral("s-1");
    QString sequence = QStringLiteral("1");
    QString text = QStringLiteral("hello");
    QString type = QStringLiteral("text");
    int channel = 7;
    bool fromAgent = false;
    QString sender; // default: the user, or agent-1
    int sysUserId = 0;
    QString quote;
    qint64 sendTimeMs = 1764000000000;
};
QByteArray messageBody(const MessageSpec &spec);
// `count` default messages with sequences 0, 1, ... and texts textPattern.arg(i).
QList<QByteArray> numberedMessages(int count,
                                   const QString &textPattern = QStringLiteral("message %1"));
// An add_user / update_user body from explicit data members (JSON text).
QByteArray customerBody(const QString &event, const QByteArray &dataJson);

// Texts of a model's column, row by row.
QStringList columnTexts(const QAbstractItemModel *model, int column, int role = Qt::DisplayRole);

template<typename Pane>
Pane *TestWindow::pane() const
{
    return m_window->findChild<Pane *>();
}
