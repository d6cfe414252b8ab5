#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

// Realistic SaleSmartly bodies for test deliveries and load generation. Each
// index gives a different message (sequence id, customer, channel, text), so
// that N sends make N events; the run id keeps separate runs apart.
class SampleFactory final {
public:
    enum class Kind { Text, Button, Image, AddUser, UpdateUser };

    static QStringList kindNames();
    static std::optional<Kind> kindFromName(QStringView name);

    explicit SampleFactory(Kind kind, qint64 runId);

    // The body of the index-th sample.
    QByteArray body(qint64 index) const;

private:
    QByteArray message(qint64 index, const char *msgType) const;
    QByteArray customer(qint64 index, bool update) const;

    Kind m_kind;
    qint64 m_runId;
};
