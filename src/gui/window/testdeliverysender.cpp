#include "window/testdeliverysender.h"

#include "guilog.h"
#include "samplefactory.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

// A SampleFactory message turned into an agent's reply in the same session.
QByteArray agentReply(const QByteArray &customerBody, const SampleFactory &factory, qint64 runId,
                      const QString &quote)
{
    QJsonObject root = QJsonDocument::fromJson(customerBody).object();
    QJsonObject data = root.value(QStringLiteral("data")).toObject();
    data.insert(QStringLiteral("sender_type"), QStringLiteral("2"));
    data.insert(QStringLiteral("sender"), QStringLiteral("agent-1"));
    data.insert(QStringLiteral("sys_user_id"), 3);
    data.insert(QStringLiteral("sequence_id"),
                factory.id(QString::number(runId * 1'000'000 + 999'999)));
    data.insert(QStringLiteral("msg"), QStringLiteral("Yes, it is in stock. Shall I reserve one?"));
    data.insert(QStringLiteral("quote_chat"), quote);
    root.insert(QStringLiteral("data"), data);
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

QString messageText(const QByteArray &body)
{
    return QJsonDocument::fromJson(body)
        .object()
        .value(QStringLiteral("data"))
        .toObject()
        .value(QStringLiteral("msg"))
        .toString();
}

} // namespace

TestDeliverySender::TestDeliverySender(QObject *parent)
    : QObject(parent)
{
}

TestDeliverySender::~TestDeliverySender()
{
    if (m_sender)
        m_sender->cancel();
}

QList<WebhookSender::Delivery> TestDeliverySender::deliveries(qint64 runId, const QString &testTag)
{
    // The same index keeps one channel, customer and session; separate run
    // ids keep the sequence ids (and so the events) apart.
    const qint64 index = runId % 25 * 8; // a customer's question (index % 4 == 0)
    const auto body = [&testTag, index](SampleFactory::Kind kind, qint64 run) {
        SampleFactory factory(kind, run);
        factory.setTestTag(testTag);
        return factory.body(index);
    };
    SampleFactory text(SampleFactory::Kind::Text, runId);
    text.setTestTag(testTag);
    const QByteArray first = text.body(index);
    QList<WebhookSender::Delivery> list{
        {first, QString()},
        {agentReply(first, text, runId, messageText(first)), QString()},
        {body(SampleFactory::Kind::Button, runId + 1), QString()},
        {body(SampleFactory::Kind::Image, runId + 2), QString()},
        {body(SampleFactory::Kind::AddUser, runId), QString()},
        {body(SampleFactory::Kind::UpdateUser, runId), QString()},
    };
    return list;
}

bool TestDeliverySender::send(const QUrl &url, const QByteArray &secret, QString *error)
{
    if (isBusy()) {
        *error = tr("A test delivery is still being sent.");
        return false;
    }
    const QList<WebhookSender::Delivery> list =
        deliveries(QDateTime::currentMSecsSinceEpoch(), SampleFactory::newTestTag());
    m_count = static_cast<int>(list.size());
    m_sender = new WebhookSender(this);
    m_sender->setTestMark(true);
    connect(m_sender, &WebhookSender::finished, this, &TestDeliverySender::onFinished);
    // One at a time, so the transcript reads in order.
    m_sender->start(
        url, secret,
        secret.isEmpty() ? WebhookSender::SignMode::None : WebhookSender::SignMode::Exact, list, 1);
    return true;
}

void TestDeliverySender::onFinished()
{
    const WebhookSender::Report report = m_sender->report();
    m_sender->deleteLater();
    m_sender = nullptr;
    const qint64 stored = report.byStatus.value(200);
    QStringList statuses;
    for (auto it = report.byStatus.cbegin(); it != report.byStatus.cend(); ++it)
        statuses.append(tr("%1 × %2").arg(it.value()).arg(it.key()));
    if (report.connectionErrors > 0)
        statuses.append(tr("%1 connection errors").arg(report.connectionErrors));
    const bool ok = stored == m_count;
    QString summary = tr("Test delivery: %1 sent, answers %2.")
                          .arg(m_count)
                          .arg(statuses.join(QStringLiteral(", ")));
    if (report.byStatus.value(401) > 0)
        summary += u' ' + tr("401 means the signature was refused: check the secret.");
    qCInfo(lcGui).noquote() << summary;
    Q_EMIT finished(ok, summary);
}
