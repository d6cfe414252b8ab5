#include "window/receivercontroller.h"

#include "dialogs/webhookurl.h"
#include "eventforwarder.h"
#include "guilog.h"
#include "ingest/appendfeed.h"
#include "ingest/deskmirror.h"
#include "settings/forwardrulecheck.h"
#include "settings/settings.h"
#include "store/eventstore.h"
#include "store/storelocation.h"
#include "window/listenprobe.h"

#include <QDir>
#include <QFileInfo>
#include <QUrl>

#include <utility>

namespace {

ReceiverStats addedUp(const ReceiverStats &before, const ReceiverStats &run)
{
    ReceiverStats s = run;
    s.received += before.received;
    s.stored += before.stored;
    s.verified += before.verified;
    s.refused += before.refused;
    s.turnedAway += before.turnedAway;
    s.failed += before.failed;
    return s;
}

} // namespace

ReceiverController::ReceiverController(Settings *settings, const GuiCommandLine &overrides,
                                       QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_overrides(overrides)
    , m_service(new ReceiverService(this))
    , m_forwarder(new EventForwarder(this))
    , m_mirror(new DeskMirror(this))
    , m_shownFeed(new AppendFeed(this))
{
    // The panes hear of new rows in the store they show: the receiver's
    // file, or the desk copy of a team store (whose receivers may be
    // elsewhere). The feeds have coalesced already.
    m_shownFeed->setIntervalMs(0);
    m_shownFeed->setDatabasePath(shownStorePath());
    connect(m_service->feed(), &AppendFeed::appended, this,
            [this](qint64 lastEventId, qint64 lastRefusedId) {
                if (!isTeamStore())
                    m_shownFeed->notifyCommitted(lastEventId, lastRefusedId);
            });
    connect(m_mirror->feed(), &AppendFeed::appended, this,
            [this](qint64 lastEventId, qint64 lastRefusedId) {
                if (isTeamStore())
                    m_shownFeed->notifyCommitted(lastEventId, lastRefusedId);
            });
    connect(m_mirror, &DeskMirror::statusChanged, this, &ReceiverController::mirrorStatusChanged);
    connect(m_service, &ReceiverService::stateChanged, this,
            [this](ReceiverService::State state, const QString &message) {
                m_message = message;
                Q_EMIT stateChanged(state, message);
            });
    connect(m_service, &ReceiverService::started, this, [this] {
        qCInfo(lcGui).noquote() << "receiver listening on" << m_service->url();
        // Forwarding runs while the receiver does, with the rules it started with.
        const QStringList targets = ForwardRuleCheck::enabledTargets(config().forwardRules);
        if (targets.isEmpty())
            m_forwarder->stop();
        else
            m_forwarder->start(databasePath(), targets);
    });
    connect(m_service, &ReceiverService::stopped, m_forwarder, &EventForwarder::stop);
    connect(m_service->feed(), &AppendFeed::appended, m_forwarder,
            &EventForwarder::notifyCommitted);
    // A restart (applying settings, Stop then Start) begins a new run at zero;
    // the window's counts carry on from the runs before.
    connect(m_service, &ReceiverService::stopped, this, [this] {
        if (!std::exchange(m_runFolded, true))
            m_carried = addedUp(m_carried, m_service->stats());
        Q_EMIT statsChanged(stats());
        Q_EMIT stopped();
    });
    connect(m_service, &ReceiverService::statsChanged, this, [this] {
        m_runFolded = false;
        Q_EMIT statsChanged(stats());
    });
    connect(m_service, &ReceiverService::storeFaultChanged, this,
            &ReceiverController::storeFaultChanged);
    connect(m_service, &ReceiverService::storeUpgradeProgress, this,
            &ReceiverController::storeUpgradeProgress);
}

// The service's destructor tears down what still runs (its last resort).
ReceiverController::~ReceiverController() = default;

ReceiverConfig ReceiverController::config() const
{
    return m_overrides.applyTo(m_settings->receiverConfig());
}

QString ReceiverController::databasePath() const
{
    return m_overrides.database.isEmpty() ? m_settings->databasePath() : m_overrides.database;
}

bool ReceiverController::isTeamStore() const
{
    return StoreLocation::looksLikePostgres(databasePath());
}

QString ReceiverController::storeName() const
{
    if (!isTeamStore())
        return QDir::toNativeSeparators(databasePath());
    const std::optional<StoreLocation> location = StoreLocation::parse(databasePath());
    return location ? location->displayName() : QStringLiteral("postgresql://");
}

QString ReceiverController::shownStorePath() const
{
    if (!isTeamStore())
        return databasePath();
    const std::optional<StoreLocation> location = StoreLocation::parse(databasePath());
    // A URL that does not parse is refused before it is saved; its copy
    // would be nowhere.
    if (!location)
        return QString();
    return DeskMirror::copyPathFor(*location, m_settings->teamCopyFolder());
}

ReceiverStats ReceiverController::stats() const
{
    if (m_runFolded) {
        ReceiverStats s = m_carried;
        s.pending = 0;
        s.ratePerSecond = 0;
        return s;
    }
    return addedUp(m_carried, m_service->stats());
}

QString ReceiverController::url() const
{
    return m_service->isRunning() ? m_service->url() : config().url(config().port);
}

QString ReceiverController::shownUrl() const
{
    const quint16 port =
        m_service->isRunning() ? static_cast<quint16>(QUrl(m_service->url()).port(0)) : 0;
    return WebhookUrl::shown(config(), port, m_settings->publicUrl(), HostFacts::ofThisMachine());
}

void ReceiverController::setPublicUrl(const QString &url)
{
    m_settings->setPublicUrl(url);
    m_settings->sync();
    Q_EMIT shownUrlChanged();
}

QString ReceiverController::secretFilePath() const
{
    return m_settings->secretFilePath();
}

void ReceiverController::start()
{
    // The writer creates a new store on its own thread, later; the panes open
    // the file read-only right after this returns and would find it empty
    // (or race the schema). Creating it here first keeps that order. A store
    // that cannot be made fails the start below with the same sentence.
    QString ignored;
    ensureStore(&ignored);
    m_service->start(config(), databasePath());
}

void ReceiverController::stop()
{
    m_service->stop();
}

bool ReceiverController::apply(const ReceiverConfig &config, const QString &databasePath,
                               QString *error)
{
    // The working listener is kept unless the new one can be had.
    if (m_service->isRunning()) {
        QString why;
        if (!ListenProbe::canListen(config, m_service->port(), &why)) {
            if (!why.endsWith(u'.'))
                why += u'.';
            *error = tr("%1 The receiver keeps listening on %2 and the receiver settings "
                        "were not changed.")
                         .arg(why, m_service->url());
            return false;
        }
    }
    if (StoreLocation::looksLikePostgres(databasePath)) {
        QString why;
        const std::optional<StoreLocation> location = StoreLocation::parse(databasePath, &why);
        if (!location) {
            *error = tr("%1 The database setting was not changed.").arg(why);
            return false;
        }
        if (location->hasPassword()) {
            *error = tr("The saved settings keep no passwords: remove it from the URL and put it "
                        "in ~/.pgpass (or PGPASSWORD). The settings were not changed.");
            return false;
        }
        if (!ForwardRuleCheck::enabledTargets(config.forwardRules).isEmpty()) {
            *error = tr("Forwarding works only with a database file for now: turn the forwarding "
                        "rules off to use a PostgreSQL store. The settings were not changed.");
            return false;
        }
    }
    if (!m_settings->setSecret(config.secret, error))
        return false;
    const QString oldPath = this->databasePath();
    m_settings->setReceiverConfig(config);
    m_settings->setDatabasePath(databasePath);
    m_settings->sync();
    m_overrides = GuiCommandLine();
    // A run (starting or listening) or a failed one is restarted: start()
    // stops the run and starts anew once it has stopped. One the user is
    // stopping stays stopped.
    const bool restart = (!m_service->isIdle() && !m_service->isStopping()) ||
                         m_service->state() == ReceiverService::State::Failed;
    if (restart)
        start();
    if (oldPath != databasePath && QFileInfo(oldPath) != QFileInfo(databasePath)) {
        QString ignored;
        ensureStore(&ignored);
        Q_EMIT databasePathChanged(databasePath);
    }
    return true;
}

bool ReceiverController::ensureStore(QString *error)
{
    m_shownFeed->setDatabasePath(shownStorePath());
    if (!isTeamStore()) {
        m_mirror->stop();
        // Creating an empty store is a one-off schema write, done here so the
        // read-only models have something to open while the receiver is off.
        return EventStore::ensureExists(databasePath(), error);
    }
    QString why;
    const std::optional<StoreLocation> location = StoreLocation::parse(databasePath(), &why);
    if (!location) {
        m_mirror->stop();
        *error = why;
        return false;
    }
    // The copy exists (empty at first) before the panes open it; the
    // mirror fills it on its own thread and the panes hear of each batch.
    if (!EventStore::ensureExists(shownStorePath(), error))
        return false;
    if (!m_mirror->isRunning() || m_mirror->copyPath() != shownStorePath())
        m_mirror->start(*location, shownStorePath());
    return true;
}
