#include "fixturevectors.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

QList<FixtureVector> loadFixtureVectors()
{
    QFile file(QStringLiteral(HOOKSCOPE_FIXTURES_DIR "/signature-vectors.json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read the shared fixtures at %s", qPrintable(file.fileName()));
    QList<FixtureVector> vectors;
    const QJsonArray array = QJsonDocument::fromJson(file.readAll()).array();
    for (const QJsonValue &value : array) {
        const QJsonObject o = value.toObject();
        QUrlQuery query;
        const QJsonObject q = o.value(QLatin1String("query")).toObject();
        for (auto it = q.begin(); it != q.end(); ++it)
            query.addQueryItem(it.key(), it.value().toString());
        vectors.append({o.value(QLatin1String("name")).toString(),
                        o.value(QLatin1String("secret")).toString().toUtf8(),
                        query.toString(QUrl::FullyEncoded),
                        o.value(QLatin1String("body")).toString().toUtf8(),
                        o.value(QLatin1String("expect")).toString()});
    }
    if (vectors.isEmpty())
        qFatal("no vectors in %s", qPrintable(file.fileName()));
    return vectors;
}
