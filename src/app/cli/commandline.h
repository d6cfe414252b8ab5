#pragma once

#include "eventforwarder.h"
#include "ingest/receiverconfig.h"
#include "samplefactory.h"
#include "webhooksender.h"

#include <QString>
#include <QStringList>
#include <QUrl>

// hookscope-cli's command line (DESIGN.md "Command line"), parsed without
// side effects so that tests can check every option and error.
struct CommandLine {
    enum class Command { None, Help, Version, Serve, Export, Send, Check, Replay, Watch, Migrate };

    Command command = Command::None;
    QString error;        // non-empty: print it and exit 2
    QString helpText;     // for Help: the text to print (global or per command)
    QStringList warnings; // allowed but probably not meant: print them, go on

    // serve
    ReceiverConfig receiver;
    QString database;            // empty: the default store
    ForwardPolicy forwardPolicy; // --forward-retry, --forward-give-up
    // export (csv|jsonl); watch (text|jsonl, with database and filter)
    QString format = QStringLiteral("csv");
    QString filter;
    QString output; // empty: standard output; migrate: --to
    QString table = QStringLiteral("events");
    bool bom = false;
    bool formulaGuard = true; // --no-formula-guard: "data, not spreadsheet"
    // send (--url); replay (--to, with database, filter and concurrency)
    QUrl url;
    QByteArray secret;
    std::optional<SampleFactory::Kind> sample;
    QString file;
    int count = 1;
    int concurrency = 1;
    WebhookSender::SignMode signMode = WebhookSender::SignMode::Exact;
    bool test = false; // --test: X-HookScope-Test and ids of their own

    // `arguments` as in QCoreApplication::arguments() (program name first).
    // `environmentSecret` is HOOKSCOPE_SECRET, used when neither --secret nor
    // --secret-file is given. Reads --secret-file and checks that --tls-cert
    // and --tls-key can be read; changes nothing.
    static CommandLine parse(const QStringList &arguments, const QByteArray &environmentSecret);
    static QString usage();
};
