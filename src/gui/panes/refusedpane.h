#pragma once

#include "ingest/receiverconfig.h"
#include "records/refusedrecord.h"

#include <QWidget>

#include <functional>
#include <optional>

class AppendFeed;
class QAction;
class QHBoxLayout;
class QLabel;
class QTableView;
class RefusedModel;

// Deliveries the receiver refused (bad signature under the strict policy,
// not JSON, wrong path or method), newest last, with their reason; the
// inspector shows the raw request of the selected one.
class RefusedPane final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RefusedPane)

public:
    explicit RefusedPane(QWidget *parent = nullptr);
    ~RefusedPane() override;

    bool openStore(const QString &path, QString *error = nullptr);
    void closeStore();
    // The receiver's coalesced commits, handed to the model once.
    void setFeed(AppendFeed *feed);

    RefusedModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    void copySelection() const;
    std::optional<RefusedRecord> currentRecord() const;

    // Where "Re-verify with Current Secret" gets the secret, the policy and
    // the receiver's address (for "Copy as curl"): the receiver's config now.
    void setReceiverConfigProvider(std::function<ReceiverConfig()> provider);
    // The running receiver's URL (its real port); empty when it is stopped.
    void setReceiverUrlProvider(std::function<QString()> provider);
    QAction *reverifyAction() const { return m_reverify; }
    QAction *copyCurlAction() const { return m_copyCurl; }
    QAction *copyRawAction() const { return m_copyRaw; }
    // The selected delivery judged again with the current secret and policy
    // (RefusedReverify); when it verifies it becomes an event and leaves the
    // list. The outcome is said in a message box and returned.
    QString reverifyCurrent();
    // The selected delivery as a curl command / as its raw request text.
    QString curlText() const;
    void copyCurl() const;

Q_SIGNALS:
    void refusedSelected(const RefusedRecord &record);
    void countChanged(int count);
    // A refused delivery verified now and is this event.
    void eventPromoted(qint64 eventId);

private:
    void makeActions();
    void buildButtons(QHBoxLayout *row);
    void updateActions();
    void setUpView();
    void onCurrentRowChanged();
    void showMenu(const QPoint &pos);

    RefusedModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_hint = nullptr;
    QAction *m_reverify = nullptr;
    QAction *m_copyCurl = nullptr;
    QAction *m_copyRaw = nullptr;
    AppendFeed *m_feed = nullptr;
    std::function<ReceiverConfig()> m_config;
    std::function<QString()> m_url;
};
