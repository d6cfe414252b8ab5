#include "testsupport_records.h"

#include <QStringList>

namespace {

const QStringList &texts()
{
    static const QStringList list{QStringLiteral("Hello World"),
                                  QStringLiteral("hello"),
                                  QStringLiteral("退款 refund please"),
                                  QStringLiteral("first line\nsecond line"),
                                  QStringLiteral("50%_off *now* [x]?"),
                                  QStringLiteral("Émile écrit"),
                                  QStringLiteral("emoji 😀 here"),
                                  QString(),
                                  QStringLiteral("https://cdn.example.com/a.png"),
                                  QString(300, u'x')};
    return list;
}

} // namespace

EventRecord VariedRecords::makeRecord(int n)
{
    static const int channels[] = {7, 1, 6, -1, 99, 12};
    static const char *const types[] = {"text", "button", "image", "Text", "video"};
    static const char *const names[] = {"Ann", "bob", "Émile", "李伟", ""};
    EventRecord r;
    const int kind = n % 10;
    r.event = kind == 8   ? QStringLiteral("add_user")
              : kind == 9 ? QStringLiteral("update_user")
              : kind == 7 ? QStringLiteral("delete_user")
                          : QStringLiteral("message");
    r.kind = eventKindFromName(r.event);
    r.receivedAtMs = kBaseMs + (n * 7919 % 997) * 1000;
    r.lastReceivedAtMs = r.receivedAtMs;
    r.channel = channels[n % 6];
    r.chatUserId = QStringLiteral("cu%1").arg(n % 13);
    r.chatSessionId = QStringLiteral("s%1").arg(n % 5);
    r.sequenceId = QString::number(n);
    if (r.kind == EventKind::Message)
        r.msgType = QString::fromLatin1(types[n % 5]);
    r.senderType = static_cast<SenderType>(n % 3);
    r.sysUserId = n % 4 - 1;
    r.msg = texts().at(n % texts().size());
    if (r.kind == EventKind::AddUser || r.kind == EventKind::UpdateUser)
        r.name = QString::fromUtf8(names[n % 5]);
    r.verification = static_cast<Verification>(n % 6);
    r.dedupeKey = QStringLiteral("k:%1").arg(n);
    r.payload = "{}";
    return r;
}

QList<EventRecord> VariedRecords::makeRecords(int from, int count)
{
    QList<EventRecord> list;
    for (int n = from; n < from + count; ++n)
        list.append(makeRecord(n));
    return list;
}

EventRecord CustomerRecords::customerEvent(const QString &event, const QString &chatUserId,
                                           const QString &name, int n)
{
    EventRecord r;
    r.event = event;
    r.kind = eventKindFromName(event);
    r.chatUserId = chatUserId;
    r.name = name;
    r.presentFields = {QStringLiteral("name")};
    r.receivedAtMs = VariedRecords::kBaseMs + n * 1000;
    r.verification = Verification::Verified;
    r.dedupeKey = QStringLiteral("k:%1").arg(n);
    r.payload = "{}";
    return r;
}
