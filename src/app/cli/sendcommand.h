#pragma once

#include "webhooksender.h"

#include <QList>
#include <QString>

struct CommandLine;

// hookscope-cli send: signs like SaleSmartly, sends, prints answer counts
// by status, the achieved rate and latency percentiles.
class SendCommand final {
public:
    static int run(const CommandLine &commandLine);
    // The deliveries a command line asks for; on error returns false.
    static bool deliveries(const CommandLine &commandLine, QList<WebhookSender::Delivery> *out,
                           QString *error);
};
