#pragma once

#include "ingest/deskmirror.h"

#include <QLabel>

// The status bar's part for a team store (docs/team.md): how the desk copy
// of the PostgreSQL store is doing (connecting, copying, live, lost and
// retrying, stopped) and whether the desk's role may only read; the
// tooltip names the store and the last error. Hidden for a store file.
class TeamStoreStatus final : public QLabel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TeamStoreStatus)

public:
    explicit TeamStoreStatus(QWidget *parent = nullptr);

    // Shows `status` of the copy of `storeName`; hidden when `storeName` is
    // empty (no team store).
    void show(const QString &storeName, const DeskMirror::Status &status);

    // The label's text and tooltip for a status (tests, and show()).
    static QString textFor(const DeskMirror::Status &status);
    static QString toolTipFor(const QString &storeName, const DeskMirror::Status &status);
};
