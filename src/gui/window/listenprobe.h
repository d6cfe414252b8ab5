#pragma once

#include "ingest/receiverconfig.h"

#include <QString>

// What can be checked about a receiver configuration before the running
// receiver is stopped for it (docs/settings-apply.md): the address and the
// trusted proxies parse, the TLS files load, and the port can be bound right
// now. A bind probe is made on the calling thread and released at once; it
// never waits.
namespace ListenProbe {

// True when `next` can listen while `current` keeps listening on
// `currentPort`; otherwise false with *error, a sentence such as
// "127.0.0.1:8080 is already in use by another program". The port the
// running receiver holds itself is not probed (it is free once it stops).
bool canListen(const ReceiverConfig &next, quint16 currentPort, QString *error);

} // namespace ListenProbe
