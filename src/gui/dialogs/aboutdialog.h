#pragma once

#include <QDialog>
#include <QString>

#include <memory>

class QPushButton;

namespace Ui {
class AboutDialog;
}

// Help > About: the icon, version, Qt version (built with and running),
// build date, the store in use and the licence, with a button that copies
// the version details as plain text for a support request.
class AboutDialog final : public QDialog {
    Q_OBJECT

public:
    // storePath: the store the window's receiver writes (shown as given).
    explicit AboutDialog(const QString &storePath, QWidget *parent = nullptr);
    ~AboutDialog() override;

    // What Copy puts on the clipboard: one "label: value" line each.
    QString versionDetails() const;
    // Where the full licence text is on this machine (Debian's copy if it
    // is there, else the LICENSE file of the sources).
    static QString licenceTextLocation();

private:
    void copyDetails();

    std::unique_ptr<Ui::AboutDialog> m_ui;
    QPushButton *m_copy = nullptr;
    QString m_storePath;
};
