// libFuzzer entry point for HttpFraming (src/server/httpframing.*): the
// connection guard's request framing, which reads every byte a client sends.
// The input is fed whole, byte by byte, and in pieces whose sizes come from
// the input itself; whatever the split, the requests cut out and the final
// state must be the same, and the bytes held must stay within the limits.
#include "httpframing.h"

#include <QByteArray>
#include <QList>

#include <cstdint>
#include <cstdlib>

namespace {

HttpFraming::Limits fuzzLimits()
{
    HttpFraming::Limits limits;
    limits.maxHeadBytes = 512;
    limits.maxBodyBytes = 256;
    return limits;
}

// What came out of one run: one entry per request and the final state.
QList<QByteArray> run(const QByteArray &stream, qsizetype step, qsizetype seed)
{
    const HttpFraming::Limits limits = fuzzLimits();
    HttpFraming framing(limits, 0);
    QList<QByteArray> out;
    qsizetype at = 0;
    qsizetype n = 0;
    while (at < stream.size()) {
        // step 0: the sizes vary with the stream's own bytes.
        qsizetype size =
            step > 0 ? step : 1 + (uint8_t(stream.at((seed + n++) % stream.size())) % 17);
        size = qMin(size, stream.size() - at);
        QByteArrayView piece = QByteArrayView(stream).sliced(at, size);
        at += size;
        while (!piece.isEmpty()) {
            const qsizetype used = framing.feed(piece, 0);
            if (used < 0 || used > piece.size())
                abort();
            piece = piece.sliced(used);
            if (framing.bufferedBytes() > limits.maxHeadBytes + limits.maxBodyBytes)
                abort();
            if (framing.state() == HttpFraming::State::Failed) {
                const int status = framing.errorStatus();
                if (status != 400 && status != 413 && status != 431)
                    abort();
                return out << "fail " + QByteArray::number(status);
            }
            if (framing.state() == HttpFraming::State::Complete) {
                const QByteArray body = framing.takeBody();
                if (body.size() > limits.maxBodyBytes)
                    abort();
                out << framing.head().forwarded(body.size(), "X-HookScope-Peer", "1") + body;
                framing.next(0);
            } else if (used == 0) {
                abort(); // neither progress nor an end: it would spin
            }
        }
    }
    return out << "state " + QByteArray::number(int(framing.state()));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024)
        return 0;
    const QByteArray stream(reinterpret_cast<const char *>(data), qsizetype(size));
    if (stream.isEmpty())
        return 0;
    const QList<QByteArray> whole = run(stream, stream.size(), 0);
    if (run(stream, 1, 0) != whole || run(stream, 0, 0) != whole || run(stream, 0, 7) != whole)
        abort();
    return 0;
}
