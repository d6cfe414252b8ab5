#include "sendcommand.h"

#include "commandline.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <QUrlQuery>

namespace {

// A fixtures file (an array of vectors with "body" and "query") is sent as
// recorded, each vector with its own signature.
bool fixtureDeliveries(const QJsonDocument &doc, QList<WebhookSender::Delivery> *out)
{
    if (!doc.isArray())
        return false;
    for (const QJsonValue &v : doc.array()) {
        const QJsonObject o = v.toObject();
        if (!o.value(QLatin1String("body")).isString())
            return false;
        QUrlQuery query;
        const QJsonObject q = o.value(QLatin1String("query")).toObject();
        for (auto it = q.begin(); it != q.end(); ++it)
            query.addQueryItem(it.key(), it.value().toString());
        out->append({o.value(QLatin1String("body")).toString().toUtf8(),
                     query.toString(QUrl::FullyEncoded)});
    }
    return !out->isEmpty();
}

} // namespace

bool SendCommand::deliveries(const CommandLine &cl, QList<WebhookSender::Delivery> *out,
                             QString *error)
{
    out->clear();
    if (cl.sample) {
        SampleFactory factory(*cl.sample, QDateTime::currentMSecsSinceEpoch());
        if (cl.test)
            factory.setTestTag(SampleFactory::newTestTag());
        out->reserve(cl.count);
        for (int i = 0; i < cl.count; ++i)
            out->append({factory.body(i), QString()});
        return true;
    }
    QFile file(cl.file);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(cl.file, file.errorString());
        return false;
    }
    const QByteArray content = file.readAll();
    QList<WebhookSender::Delivery> once;
    if (!fixtureDeliveries(QJsonDocument::fromJson(content), &once))
        once = {{content, QString()}}; // one body, sent as it is, signed per --sign
    for (int i = 0; i < cl.count; ++i)
        out->append(once);
    return true;
}

int SendCommand::run(const CommandLine &cl)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    QList<WebhookSender::Delivery> list;
    QString error;
    if (!deliveries(cl, &list, &error)) {
        err << "hookscope-cli send: " << error << Qt::endl;
        return 1;
    }
    WebhookSender sender;
    sender.setTestMark(cl.test);
    bool done = false;
    QObject::connect(&sender, &WebhookSender::finished, &sender, [&done] {
        done = true;
        QCoreApplication::exit(0);
    });
    sender.start(cl.url, cl.secret, cl.signMode, list, cl.concurrency);
    if (!done)
        QCoreApplication::exec();
    const WebhookSender::Report &report = sender.report();
    out << report.summary();
    out.flush();
    if (report.connectionErrors == static_cast<qint64>(list.size())) {
        err << "hookscope-cli send: could not reach " << cl.url.toString() << Qt::endl;
        return 1;
    }
    return 0;
}
