#pragma once

#include "models/feedsubscription.h"
#include "panes/inspectortext.h"
#include "records/eventrecord.h"
#include "records/refusedrecord.h"
#include "store/eventlookup.h"

#include <QWidget>

#include <optional>

class AppendFeed;
class QAction;
class ForwardStatusView;
class PayloadTreeModel;
class PayloadTreeView;
class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTableWidget;
class QTextBrowser;

// The payload inspector for the selected event or refused delivery: the
// JSON tree, the raw body exactly as received, the query parameters, how the
// verification result was reached, and every delivery of the event.
class InspectorPane final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InspectorPane)

public:
    enum Tab { TreeTab, RawTab, QueryTab, VerificationTab, DeliveriesTab };
    Q_ENUM(Tab)

    explicit InspectorPane(QWidget *parent = nullptr);
    ~InspectorPane() override;

    bool openStore(const QString &path, QString *error = nullptr);
    void closeStore();
    // The receiver's coalesced commits: each one re-reads the shown event's
    // delivery count (a retry adds a delivery without a new row).
    void setFeed(AppendFeed *feed);

    // The fingerprint of the key this machine checks signatures with
    // (SignatureVerifier::keyFingerprint), shown beside every verification.
    void setKeyFingerprint(const QString &fingerprint);
    QString keyFingerprint() const { return m_context.keyFingerprint; }

    void showEventRecord(const EventRecord &record);
    // Reads the event from the store and shows it; false if there is none.
    bool showEventId(qint64 eventId);
    void showRefused(const RefusedRecord &record);
    void clear();
    qint64 shownEventId() const { return m_eventId; }

    QString summaryText() const;
    QString rawText() const;
    QString verificationText() const;
    QString deliveriesText() const;
    QList<QPair<QString, QString>> queryShown() const;
    PayloadTreeView *treeView() const { return m_tree; }
    PayloadTreeModel *treeModel() const { return m_treeModel; }
    QTabWidget *tabs() const { return m_tabs; }
    // The "Forwarding" tab (the last one); refreshForwards() re-reads the
    // shown event's rows (the window calls it after each forwarding attempt).
    ForwardStatusView *forwardStatus() const { return m_forwards; }
    void refreshForwards();

    // The Raw tab indented (JsonText::pretty, the order kept) instead of the
    // bytes as received; a checkable action of the pane (Ctrl+Shift+J).
    QAction *prettyAction() const { return m_pretty; }
    void setPretty(bool on);

    // ---- Extra sections (issue 11) ---------------------------------------
    // Another area adds its own section about the shown event (e.g. the
    // forwarding status) as a tab after Deliveries; it follows
    // shownEventChanged() and shownEventId(). Returns the tab's index.
    int addSection(QWidget *section, const QString &title);
    // -----------------------------------------------------------------------

Q_SIGNALS:
    // A link to another event was followed (a conflict names the events
    // that share its key) and that event is shown: the window selects it in
    // the stream too.
    void eventLinkActivated(qint64 eventId);
    // Another event (0: none, or a refused delivery) is shown.
    void shownEventChanged(qint64 eventId);

protected:
    void changeEvent(QEvent *event) override;

private:
    void showQuery(const QString &query);
    void showDeliveries(const EventRecord &record);
    void refreshDeliveries();
    void showPayload(const QByteArray &payload);
    void showVerification(const EventRecord &record);
    void showRaw();
    void setShownEventId(qint64 eventId);

    QLabel *m_summary = nullptr;
    QTabWidget *m_tabs = nullptr;
    PayloadTreeModel *m_treeModel = nullptr;
    PayloadTreeView *m_tree = nullptr;
    QPlainTextEdit *m_raw = nullptr;
    QTableWidget *m_query = nullptr;
    QTextBrowser *m_verification = nullptr;
    QTableWidget *m_deliveries = nullptr;
    ForwardStatusView *m_forwards = nullptr;
    EventLookup m_lookup; // the shown event's record and deliveries
    FeedSubscription m_feed;
    // What is shown, to render it again in a new palette.
    std::optional<EventRecord> m_shownEvent;
    std::optional<RefusedRecord> m_shownRefused;
    InspectorText::Context m_context; // of the shown event
    QAction *m_pretty = nullptr;
    qint64 m_eventId = 0;
    int m_deliveryCount = 0;
    bool m_conflict = false;
};
