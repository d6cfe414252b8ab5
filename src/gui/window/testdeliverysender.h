#pragma once

#include "webhooksender.h"

#include <QObject>
#include <QPointer>

// "Send test delivery": a short signed conversation (customer messages, an
// agent reply quoting one, an image, a new customer and an update to it)
// sent through the real HTTP path to the receiver, so a new user sees the
// whole loop work. Built from SampleFactory bodies.
class TestDeliverySender final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TestDeliverySender)

public:
    explicit TestDeliverySender(QObject *parent = nullptr);
    ~TestDeliverySender() override;

    // Starts sending; false (with *error) while a previous run is going.
    bool send(const QUrl &url, const QByteArray &secret, QString *error);
    bool isBusy() const { return !m_sender.isNull(); }

    // Always test deliveries (docs/test-deliveries.md): ids prefixed with
    // "hookscope-test-<testTag>-", names ending in " [test]", and sent with
    // the X-HookScope-Test header.
    static QList<WebhookSender::Delivery> deliveries(qint64 runId, const QString &testTag);

Q_SIGNALS:
    // ok: every delivery was answered 200.
    void finished(bool ok, const QString &summary);

private:
    void onFinished();

    QPointer<WebhookSender> m_sender;
    int m_count = 0;
};
