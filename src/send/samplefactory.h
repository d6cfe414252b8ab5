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

    // Test deliveries (docs/test-deliveries.md): with a tag, every id
    // (chat_user_id, chat_session_id, sequence_id, the customers') starts
    // with "hookscope-test-<tag>-" and every name ends in " [test]", so that
    // no test ever lands on a real or fixture customer, session or message.
    static constexpr char kTestIdPrefix[] = "hookscope-test-";
    static constexpr char kTestNameSuffix[] = " [test]";
    // A new random tag (8 hex digits): one per run keeps runs apart too.
    static QString newTestTag();
    void setTestTag(const QString &tag) { m_testTag = tag; }
    QString testTag() const { return m_testTag; }
    // `id` as this factory sends it: prefixed in test mode, else unchanged.
    QString id(const QString &id) const;
    QString customerName(const QString &name) const;

    // The body of the index-th sample.
    QByteArray body(qint64 index) const;

private:
    QByteArray message(qint64 index, const char *msgType) const;
    QByteArray customer(qint64 index, bool update) const;

    Kind m_kind;
    qint64 m_runId;
    QString m_testTag;
};
