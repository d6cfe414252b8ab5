// The window under load: HookScope's main window with its own receiver and a
// fresh store, while `hookscope-cli send` delivers signed messages as fast as
// it can (well above 2,000 per second on the development machine). A 5 ms
// timer on the GUI thread measures how late it fires: the largest lateness is
// the longest stall of the GUI thread during the run.
//
//   bench_gui [--count N] [--concurrency C]
//   bench_gui --open FILE   time to open the window on an existing store
//                           (e.g. bench_store's million events) and paint it
//   --trace-events MS       also print each GUI-thread event that took MS ms
//                           or more (with --open), when and to what
// Runs offscreen unless QT_QPA_PLATFORM says otherwise.

#include "filterbar/filterbar.h"
#include "models/channelmodel.h"
#include "models/customerlistmodel.h"
#include "models/eventtablemodel.h"
#include "panes/channelspane.h"
#include "panes/customerspane.h"
#include "panes/streampane.h"
#include "settings/settings.h"
#include "window/mainwindow.h"
#include "window/receivercontroller.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QScrollBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <ctime>
#include <utility>

namespace {

// CPU time of the calling thread, in microseconds.
qint64 threadCpuUs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<qint64>(now.tv_sec) * 1000000 + now.tv_nsec / 1000;
}

// Microseconds the calling thread has waited to run so far (the second
// field of /proc/thread-self/schedstat); -1 where the file does not say.
qint64 threadRunQueueWaitUs()
{
    QFile file(QStringLiteral("/proc/thread-self/schedstat"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = file.readAll().simplified().split(' ');
    return fields.size() >= 2 ? fields.at(1).toLongLong() / 1000 : -1;
}

// QApplication that times each event it delivers on the GUI thread at the
// outermost level: the slowest since reset() is what a stall was spent on.
class TimedApplication final : public QApplication {
public:
    using QApplication::QApplication;

    bool notify(QObject *receiver, QEvent *event) override
    {
        if (QThread::currentThread() != thread()) // a reader thread's own events
            return QApplication::notify(receiver, event);
        if (m_depth++ > 0) {
            const bool handled = QApplication::notify(receiver, event);
            --m_depth;
            return handled;
        }
        QElapsedTimer timer;
        timer.start();
        const qint64 cpuBefore = m_traceMs > 0 ? threadCpuUs() : 0;
        const qint64 waitBefore = m_traceMs > 0 ? threadRunQueueWaitUs() : 0;
        const int type = event->type();
        const QString what = QString::fromLatin1(receiver->metaObject()->className());
        const bool handled = QApplication::notify(receiver, event);
        --m_depth;
        if (m_traceMs > 0 && timer.elapsed() >= m_traceMs) {
            const QString when = m_sinceReset.isValid()
                                     ? QStringLiteral("%1 ms after").arg(m_sinceReset.elapsed())
                                     : QStringLiteral("before");
            QTextStream(stdout)
                << QStringLiteral(
                       "  event of %1 ms (GUI thread's CPU %2 ms, waiting to run %7 ms), %3 "
                       "the reset: type %4 to %5 %6")
                       .arg(timer.elapsed())
                       .arg((threadCpuUs() - cpuBefore) / 1000)
                       .arg(when)
                       .arg(type)
                       .arg(what, receiver->objectName())
                       .arg((threadRunQueueWaitUs() - waitBefore) / 1000)
                << Qt::endl;
        }
        if (timer.elapsed() > m_slowestMs) {
            m_slowestMs = timer.elapsed();
            m_slowest = QStringLiteral("event type %1 to %2").arg(type).arg(what);
        }
        return handled;
    }
    // Events of at least `ms` are printed as they end (0: none).
    void setTraceMs(qint64 ms) { m_traceMs = ms; }
    void reset()
    {
        m_sinceReset.start();
        m_slowestMs = -1;
        m_slowest.clear();
    }
    QString slowest() const
    {
        return QStringLiteral("  slowest GUI-thread event: %1 ms, %2")
            .arg(m_slowestMs)
            .arg(m_slowest);
    }
    static TimedApplication *instance() { return static_cast<TimedApplication *>(qApp); }

private:
    int m_depth = 0;
    qint64 m_traceMs = 0;
    QElapsedTimer m_sinceReset;
    qint64 m_slowestMs = -1;
    QString m_slowest;
};

// Every pane that reads a large store on a reader thread is done.
bool panesLoaded(const MainWindow &window)
{
    return !window.findChild<StreamPane *>()->model()->isLoading() &&
           !window.findChild<ChannelsPane *>()->model()->isLoading() &&
           !window.findChild<CustomersPane *>()->listModel()->isLoading();
}

// When each of those panes was done, in ms from `timer`'s start: watched
// until all are.
class PaneTimes final {
public:
    PaneTimes(const MainWindow &window, const QElapsedTimer &timer)
        : m_window(window)
        , m_timer(timer)
    {
    }
    void update()
    {
        const qint64 now = m_timer.elapsed();
        if (m_stream < 0 && !m_window.findChild<StreamPane *>()->model()->isLoading())
            m_stream = now;
        if (m_channels < 0 && !m_window.findChild<ChannelsPane *>()->model()->isLoading())
            m_channels = now;
        if (m_customers < 0 && !m_window.findChild<CustomersPane *>()->listModel()->isLoading())
            m_customers = now;
    }
    QString line(const QString &what) const
    {
        return QStringLiteral("  %1: stream loaded after %2 ms, channels after %3 ms, customers "
                              "after %4 ms")
            .arg(what)
            .arg(m_stream)
            .arg(m_channels)
            .arg(m_customers);
    }

private:
    const MainWindow &m_window;
    const QElapsedTimer &m_timer;
    qint64 m_stream = -1;
    qint64 m_channels = -1;
    qint64 m_customers = -1;
};

// Runs the event loop (where the reader threads' results arrive) until
// `done` holds.
template<typename Done>
void spinUntil(const Done &done)
{
    while (!done())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
}

// A 5 ms timer on the GUI thread: its largest gap is the longest time the
// window would not have answered input. The bench's own grab() of the window
// (a full paint into an image, which the window itself never does) can be
// left out of a second figure: benchGrab() runs one and takes its time off
// the gap it falls in.
class StallProbe final {
public:
    StallProbe()
    {
        m_clock.start();
        m_timer.setInterval(5);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] {
            const qint64 now = m_clock.elapsed();
            m_longest = std::max(m_longest, now - m_last);
            m_longestOwn = std::max(m_longestOwn, now - m_lastOwn);
            m_last = now;
            m_lastOwn = now;
        });
        m_timer.start();
    }
    qint64 longestMs() const { return m_longest; }
    // The longest gap without the bench's grabs.
    qint64 longestOwnMs() const { return m_longestOwn; }
    template<typename Widget>
    QImage benchGrab(Widget *widget)
    {
        const qint64 start = m_clock.elapsed();
        QImage image = widget->grab().toImage();
        m_lastOwn += m_clock.elapsed() - start;
        return image;
    }

private:
    QElapsedTimer m_clock;
    QTimer m_timer;
    qint64 m_last = 0;
    qint64 m_lastOwn = 0;
    qint64 m_longest = 0;
    qint64 m_longestOwn = 0;
};

// The process's peak resident memory so far (VmHWM of /proc/self/status), in
// MB; -1 where the file does not say.
qint64 peakRssMb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly | QIODevice::Text))
        return -1;
    for (QByteArray line = status.readLine(); !line.isEmpty(); line = status.readLine()) {
        if (line.startsWith("VmHWM:")) {
            const QList<QByteArray> parts = line.simplified().split(' ');
            return parts.size() >= 2 ? parts.at(1).toLongLong() / 1024 : -1;
        }
    }
    return -1;
}

void printPeakRss(const char *when)
{
    QTextStream(stdout) << QStringLiteral("GUI process peak RSS (VmHWM) %1: %2 MB")
                               .arg(QLatin1String(when))
                               .arg(peakRssMb())
                        << Qt::endl;
}

// Window shown, first stream rows painted, every pane loaded.
void measureOpen(MainWindow &window, const QElapsedTimer &sinceStart, const QString &store)
{
    const qint64 opened = sinceStart.elapsed();
    const EventTableModel *stream = window.findChild<StreamPane *>()->model();
    StallProbe probe;
    TimedApplication::instance()->reset();
    spinUntil([stream] { return stream->rowCount() > 0 || !stream->isLoading(); });
    const QImage shot = probe.benchGrab(&window); // forces a full paint
    const qint64 firstRows = sinceStart.elapsed();
    PaneTimes panes(window, sinceStart);
    spinUntil([&] {
        panes.update();
        return panesLoaded(window);
    });
    const qint64 loaded = sinceStart.elapsed();
    window.grab();
    QTextStream(stdout) << QStringLiteral("window on %1 (%2x%3): shown after %4 ms, painted with "
                                          "the first stream rows after %5 ms, every pane loaded "
                                          "after %6 ms (%7 stream rows); longest GUI-thread "
                                          "stall meanwhile %8 ms")
                               .arg(store)
                               .arg(shot.width())
                               .arg(shot.height())
                               .arg(opened)
                               .arg(firstRows)
                               .arg(loaded)
                               .arg(stream->rowCount())
                               .arg(probe.longestMs())
                        << Qt::endl;
    QTextStream(stdout) << panes.line(QStringLiteral("open")) << Qt::endl;
    QTextStream(stdout) << QStringLiteral("  longest GUI-thread stall without the bench's own "
                                          "grab of the window: %1 ms")
                               .arg(probe.longestOwnMs())
                        << Qt::endl;
    QTextStream(stdout) << TimedApplication::instance()->slowest() << Qt::endl;
}

// Jumps the stream's scroll bar to far-apart places (each one needs pages of
// records the cache does not hold) and repaints each time.
void measureScrolling(const MainWindow &window)
{
    const StreamPane *stream = window.findChild<StreamPane *>();
    QTableView *view = stream->view();
    QScrollBar *bar = stream->scrollBar();
    QList<qint64> frames;
    QElapsedTimer timer;
    for (int i = 0; i < 40; ++i) {
        timer.start();
        bar->setValue(static_cast<int>((i * 7919LL) % (bar->maximum() + 1LL)));
        view->viewport()->grab();
        frames.append(timer.elapsed());
    }
    std::sort(frames.begin(), frames.end());
    QTextStream(stdout) << QStringLiteral("scroll jumps over %1 rows: 40 repaints, median %2 ms, "
                                          "slowest %3 ms")
                               .arg(stream->model()->rowCount())
                               .arg(frames.at(frames.size() / 2))
                               .arg(frames.constLast())
                        << Qt::endl;
}

// Typed into the filter bar as a user would: the time until the stream is
// painted with its first matching rows (or is known to have none), and the
// GUI thread's longest stall while every pane applies the filter.
void measureFilterBar(MainWindow &window)
{
    auto *bar = window.findChild<FilterBar *>();
    StreamPane *stream = window.findChild<StreamPane *>();
    const EventTableModel *model = stream->model();
    const QStringList filters{
        QStringLiteral("channel:7"),   QStringLiteral("type:image"),
        QStringLiteral("verified:no"), QStringLiteral("user:cu7-3"),
        QStringLiteral("delivery"),    QStringLiteral("event:add_user -verified:yes"),
    };
    for (const QString &text : filters) {
        StallProbe probe;
        TimedApplication::instance()->reset();
        QElapsedTimer timer;
        timer.start();
        bar->setText(text);
        spinUntil([model] { return model->rowCount() > 0 || !model->isLoading(); });
        probe.benchGrab(stream->view()->viewport());
        const qint64 firstRows = timer.elapsed();
        PaneTimes panes(window, timer);
        spinUntil([&] {
            panes.update();
            return panesLoaded(window);
        });
        QTextStream(stdout) << QStringLiteral("filter bar %1: first rows painted after %2 ms, "
                                              "all %3 rows after %4 ms; longest GUI-thread "
                                              "stall %5 ms")
                                   .arg(text, -30)
                                   .arg(firstRows, 4)
                                   .arg(model->rowCount(), 7)
                                   .arg(timer.elapsed(), 5)
                                   .arg(probe.longestMs(), 4)
                            << Qt::endl;
        QTextStream(stdout) << panes.line(text) << Qt::endl;
        QTextStream(stdout) << QStringLiteral("  longest GUI-thread stall without the bench's "
                                              "own grab of the stream: %1 ms")
                                   .arg(probe.longestOwnMs())
                            << Qt::endl;
        QTextStream(stdout) << TimedApplication::instance()->slowest() << Qt::endl;
    }
}

int openOnly(Settings &settings, QTemporaryDir &dir, const QString &store)
{
    QElapsedTimer timer;
    timer.start();
    GuiCommandLine options;
    options.database = dir.filePath(QStringLiteral("receiver.db"));
    options.host = QStringLiteral("127.0.0.1");
    options.port = 0;
    MainWindow window(&settings, options);
    window.resize(1400, 900);
    window.startUp();
    QString error;
    if (!window.showStore(store, &error)) {
        QTextStream(stdout) << error << Qt::endl;
        return 1;
    }
    window.show();
    measureOpen(window, timer, store);
    printPeakRss("after the open");
    measureScrolling(window);
    measureFilterBar(window);
    printPeakRss("after the scroll jumps and filters");
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    TimedApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions(
        {{QStringLiteral("count"), QStringLiteral("Deliveries."), QStringLiteral("N"),
          QStringLiteral("30000")},
         {QStringLiteral("concurrency"), QStringLiteral("Connections."), QStringLiteral("C"),
          QStringLiteral("4")},
         {QStringLiteral("open"), QStringLiteral("Store to open."), QStringLiteral("FILE")},
         {QStringLiteral("trace-events"), QStringLiteral("Print GUI-thread events of MS or more."),
          QStringLiteral("MS"), QStringLiteral("0")}});
    parser.process(app);
    app.setTraceMs(parser.value(QStringLiteral("trace-events")).toLongLong());
    QTextStream out(stdout);

    QTemporaryDir dir;
    Settings settings(dir.path());
    if (parser.isSet(QStringLiteral("open")))
        return openOnly(settings, dir, parser.value(QStringLiteral("open")));
    GuiCommandLine options;
    options.database = dir.filePath(QStringLiteral("gui-bench.db"));
    options.host = QStringLiteral("127.0.0.1");
    options.port = 0;
    options.secret = QByteArray("bench-secret");
    MainWindow window(&settings, options);
    window.resize(1400, 900);
    window.startUp();
    window.show();

    QElapsedTimer clock;
    qint64 last = 0;
    qint64 worst = 0;
    QList<qint64> gaps;
    QTimer probe;
    probe.setInterval(5);
    QObject::connect(&probe, &QTimer::timeout, &probe, [&] {
        const qint64 now = clock.elapsed();
        gaps.append(now - last);
        worst = std::max(worst, now - last);
        last = now;
    });

    QProcess send;
    QObject::connect(&send, &QProcess::finished, &app, [&] {
        // Let the last batches reach the models before stopping the probe.
        QTimer::singleShot(1000, &app, &QCoreApplication::quit);
    });
    // The receiver starts asynchronously: send once it listens (its URL has
    // the real port then), after half a second for the window to settle.
    bool begun = false;
    const auto begin = [&] {
        if (std::exchange(begun, true))
            return;
        QTimer::singleShot(500, &app, [&] {
            clock.start();
            probe.start();
            send.start(QStringLiteral(HOOKSCOPE_CLI_PATH),
                       {QStringLiteral("send"), QStringLiteral("--url"), window.receiver()->url(),
                        QStringLiteral("--secret"), QStringLiteral("bench-secret"),
                        QStringLiteral("--sample"), QStringLiteral("text"),
                        QStringLiteral("--count"), parser.value(QStringLiteral("count")),
                        QStringLiteral("--concurrency"),
                        parser.value(QStringLiteral("concurrency"))});
        });
    };
    QObject::connect(window.receiver(), &ReceiverController::stateChanged, &app,
                     [&begin](ReceiverService::State state) {
                         if (state == ReceiverService::State::Listening)
                             begin();
                     });
    if (window.receiver()->isRunning())
        begin();
    QApplication::exec();
    std::sort(gaps.begin(), gaps.end());
    out << send.readAllStandardOutput();
    out << QStringLiteral("GUI thread: %1 probe ticks, lateness p50 %2 ms, p99 %3 ms, "
                          "longest stall %4 ms (timer interval 5 ms)")
               .arg(gaps.size())
               .arg(gaps.isEmpty() ? 0 : gaps.at(gaps.size() / 2) - 5)
               .arg(gaps.isEmpty() ? 0 : gaps.at(gaps.size() * 99 / 100) - 5)
               .arg(worst - 5)
        << Qt::endl;
    return 0;
}
