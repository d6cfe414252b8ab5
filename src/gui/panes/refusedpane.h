#pragma once

#include "records/refusedrecord.h"

#include <QWidget>

#include <optional>

class AppendFeed;
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

Q_SIGNALS:
    void refusedSelected(const RefusedRecord &record);
    void countChanged(int count);

private:
    void setUpView();
    void onCurrentRowChanged();
    void showMenu(const QPoint &pos);

    RefusedModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_hint = nullptr;
};
