#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

// One signed test vector from ../shared/fixtures/signature-vectors.json.
struct FixtureVector {
    QString name;
    QByteArray secret;
    QString query; // "timestamp=...&signature=..." as a sender would put it
    QByteArray body;
    QString expect; // a verification word
};

Q_DECLARE_METATYPE(FixtureVector)

QList<FixtureVector> loadFixtureVectors();
