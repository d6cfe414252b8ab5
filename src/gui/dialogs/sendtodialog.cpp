#include "dialogs/sendtodialog.h"

#include "paint/theme.h"
#include "settings/forwardrulecheck.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <limits>

namespace {

constexpr qint64 kProgressScale = std::numeric_limits<int>::max();

QLabel *wrapped(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

SendToDialog::SendToDialog(const QString &what, qint64 count, const QStringList &recentUrls,
                           QWidget *parent)
    : QDialog(parent)
    , m_count(count)
    , m_pages(new QStackedWidget(this))
    , m_question(wrapped(this))
    , m_urlCombo(new QComboBox(this))
    , m_error(wrapped(this))
    , m_progressLabel(wrapped(this))
    , m_progress(new QProgressBar(this))
    , m_summary(wrapped(this))
    , m_answers(new QTableWidget(0, 2, this))
    , m_buttons(new QDialogButtonBox(this))
{
    setObjectName(QStringLiteral("sendToDialog"));
    setWindowTitle(tr("Send To"));
    m_urlCombo->setObjectName(QStringLiteral("sendToUrl"));
    m_error->setObjectName(QStringLiteral("sendToError"));
    m_answers->setObjectName(QStringLiteral("sendToAnswers"));
    m_urlCombo->setEditable(true);
    m_urlCombo->setInsertPolicy(QComboBox::NoInsert);
    m_urlCombo->addItems(recentUrls);
    m_urlCombo->lineEdit()->setMaxLength(ForwardRuleCheck::kMaxUrlLength);
    m_urlCombo->lineEdit()->setPlaceholderText(
        QStringLiteral("https://crm.example.com/salesmartly/webhook"));
    m_urlCombo->setMinimumContentsLength(40);
    const QString events =
        count == 1 ? tr("1 event") : tr("%1 events").arg(QLocale().toString(count));
    m_question->setText(tr("Send %1 (%2) to this URL?").arg(events, what));
    auto *about = wrapped(this);
    about->setText(tr("Each event is sent once, as forwarding sends it: its original body and "
                      "SaleSmartly's query (timestamp and signature), plus an "
                      "X-HookScope-Event-Id header. Nothing is queued or retried."));
    m_error->setStyleSheet(
        QStringLiteral("color: %1").arg(Theme::tone(palette(), Theme::Tone::Bad).name()));
    m_error->hide();
    auto *urlLabel = new QLabel(tr("&URL:"), this);
    urlLabel->setBuddy(m_urlCombo);

    auto *ask = new QWidget(this);
    auto *askLayout = new QVBoxLayout(ask);
    askLayout->setContentsMargins(0, 0, 0, 0);
    askLayout->addWidget(m_question);
    auto *form = new QFormLayout;
    form->addRow(urlLabel, m_urlCombo);
    askLayout->addLayout(form);
    askLayout->addWidget(about);
    askLayout->addWidget(m_error);
    askLayout->addStretch();

    auto *sending = new QWidget(this);
    auto *sendingLayout = new QVBoxLayout(sending);
    sendingLayout->setContentsMargins(0, 0, 0, 0);
    sendingLayout->addWidget(m_progressLabel);
    sendingLayout->addWidget(m_progress);
    sendingLayout->addStretch();

    auto *done = new QWidget(this);
    auto *doneLayout = new QVBoxLayout(done);
    doneLayout->setContentsMargins(0, 0, 0, 0);
    doneLayout->addWidget(m_summary);
    doneLayout->addWidget(m_answers, 1);
    m_answers->setHorizontalHeaderLabels({tr("Answer"), tr("Events")});
    m_answers->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_answers->verticalHeader()->hide();
    m_answers->horizontalHeader()->setStretchLastSection(true);

    m_pages->addWidget(ask);
    m_pages->addWidget(sending);
    m_pages->addWidget(done);

    m_send = m_buttons->addButton(tr("&Send"), QDialogButtonBox::AcceptRole);
    m_cancel = m_buttons->addButton(QDialogButtonBox::Cancel);
    m_send->setEnabled(count > 0);
    connect(m_send, &QPushButton::clicked, this, &SendToDialog::trySend);
    connect(m_cancel, &QPushButton::clicked, this, &SendToDialog::reject);
    connect(m_urlCombo, &QComboBox::editTextChanged, this, [this] { m_error->hide(); });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_pages, 1);
    layout->addWidget(m_buttons);
    resize(560, 260);
}

SendToDialog::~SendToDialog() = default;

QString SendToDialog::url() const
{
    return m_urlCombo->currentText().trimmed();
}

void SendToDialog::setUrl(const QString &url)
{
    m_urlCombo->setEditText(url);
}

QString SendToDialog::errorText() const
{
    return m_error->isVisibleTo(this) ? m_error->text() : QString();
}

QString SendToDialog::questionText() const
{
    return m_question->text();
}

QString SendToDialog::progressText() const
{
    return m_progressLabel->text();
}

QString SendToDialog::summaryText() const
{
    return m_summary->text();
}

QString SendToDialog::reportText() const
{
    QStringList lines;
    for (int row = 0; row < m_answers->rowCount(); ++row)
        lines.append(m_answers->item(row, 0)->text() + u'\t' + m_answers->item(row, 1)->text());
    return lines.join(u'\n');
}

void SendToDialog::trySend()
{
    if (m_step != Step::Ask)
        return;
    if (const QString error = ForwardRuleCheck::urlError(url()); !error.isEmpty()) {
        m_error->setText(error);
        m_error->show();
        m_urlCombo->setFocus();
        m_urlCombo->lineEdit()->selectAll();
        return;
    }
    m_step = Step::Sending;
    m_pages->setCurrentIndex(1);
    m_send->hide();
    setProgress(0, m_count);
    Q_EMIT sendRequested(url());
}

void SendToDialog::setProgress(qint64 done, qint64 total)
{
    // A QProgressBar counts in int: scaled when the count is larger.
    const qint64 scale = total > kProgressScale ? total / kProgressScale + 1 : 1;
    m_progress->setRange(0, static_cast<int>(qMax<qint64>(total, 1) / scale));
    m_progress->setValue(static_cast<int>(done / scale));
    const QLocale locale;
    m_progressLabel->setText(
        tr("Sent %1 of %2 to %3…").arg(locale.toString(done), locale.toString(total), url()));
}

void SendToDialog::showReport(const QMap<int, qint64> &byStatus, qint64 noAnswer, qint64 total,
                              qint64 done, bool cancelled)
{
    m_step = Step::Done;
    m_pages->setCurrentIndex(2);
    // Out of the box: adding Close lays the buttons out again and would show it.
    // removeButton() leaves the button without a parent: keep it the
    // dialog's (hidden), or it would outlive the dialog.
    m_buttons->removeButton(m_send);
    m_send->setParent(this);
    m_send->hide();
    m_buttons->removeButton(m_cancel);
    m_cancel->deleteLater();
    m_cancel = nullptr;
    m_buttons->addButton(QDialogButtonBox::Close);
    connect(m_buttons->button(QDialogButtonBox::Close), &QPushButton::clicked, this,
            &QDialog::accept);
    const QLocale locale;
    m_answers->setRowCount(0);
    qint64 ok = 0;
    for (auto it = byStatus.cbegin(); it != byStatus.cend(); ++it) {
        const int row = m_answers->rowCount();
        m_answers->insertRow(row);
        m_answers->setItem(row, 0, new QTableWidgetItem(tr("HTTP %1").arg(it.key())));
        m_answers->setItem(row, 1, new QTableWidgetItem(locale.toString(it.value())));
        if (it.key() >= 200 && it.key() < 300)
            ok += it.value();
    }
    if (noAnswer > 0) {
        const int row = m_answers->rowCount();
        m_answers->insertRow(row);
        m_answers->setItem(row, 0, new QTableWidgetItem(tr("No answer")));
        m_answers->setItem(row, 1, new QTableWidgetItem(locale.toString(noAnswer)));
    }
    m_answers->resizeColumnToContents(0);
    QString summary;
    if (cancelled)
        summary = tr("Cancelled: %1 of %2 events were sent before it stopped.")
                      .arg(locale.toString(done), locale.toString(total));
    else if (ok == total && total == 1)
        summary = tr("The event was accepted (2xx) by %1.").arg(url());
    else if (ok == total)
        summary = tr("All %1 events were accepted (2xx) by %2.").arg(locale.toString(total), url());
    else
        summary = tr("%1 of %2 events were accepted (2xx) by %3; the others are listed below.")
                      .arg(locale.toString(ok), locale.toString(total), url());
    m_summary->setText(summary);
}

void SendToDialog::showFailure(const QString &error)
{
    m_step = Step::Ask;
    m_pages->setCurrentIndex(0);
    m_send->show();
    m_error->setText(error);
    m_error->show();
}

void SendToDialog::reject()
{
    // While sending, Cancel (or Escape, or closing) stops it; the report
    // follows and the dialog stays to show it.
    if (m_step == Step::Sending) {
        Q_EMIT cancelRequested();
        return;
    }
    QDialog::reject();
}
