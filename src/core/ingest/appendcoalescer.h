#pragma once

#include <QObject>
#include <QTimer>

// Turns a stream of "rows up to id N are committed" notifications into at
// most one due() per interval (DESIGN.md: views hear about new rows a few
// times per second, in batches). The first notification after a batch starts
// the timer; later ones only raise the id. An interval of 0 still coalesces
// everything notified before control returns to the event loop.
class AppendCoalescer final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AppendCoalescer)

public:
    static constexpr int kDefaultIntervalMs = 250;

    explicit AppendCoalescer(QObject *parent = nullptr);
    ~AppendCoalescer() override;

    void setIntervalMs(int intervalMs);
    int intervalMs() const;

    void notify(qint64 lastId);
    // Forgets a pending notification (the model was reloaded or closed).
    void cancel();
    bool isPending() const;

Q_SIGNALS:
    // Rows up to lastId are committed; emitted at most once per interval.
    void due(qint64 lastId);

private:
    void fire();

    QTimer m_timer;
    qint64 m_lastId = 0;
};
