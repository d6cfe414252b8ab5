#pragma once

#include <QList>
#include <QString>

#include <optional>

// SaleSmartly channel codes and their names (spec section 5). Unknown codes
// are named "Channel N", never dropped.
class ChannelCatalog final {
public:
    struct Channel {
        int code;
        QString name;
        bool messages; // in the documented list of message-event channels
    };

    static QString name(int code);
    // Accepts a code ("7"), a name ("WhatsApp API") or "Channel N",
    // case-insensitively.
    static std::optional<int> codeFor(QStringView nameOrCode);
    static const QList<Channel> &documented();
};
