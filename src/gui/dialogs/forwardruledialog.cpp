#include "dialogs/forwardruledialog.h"

#include "paint/theme.h"
#include "settings/forwardrulecheck.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QInputMethodEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTextCharFormat>
#include <QVBoxLayout>

ForwardRuleDialog::ForwardRuleDialog(const ForwardRule &rule, QWidget *parent)
    : QDialog(parent)
    , m_url(new QLineEdit(this))
    , m_filter(new QLineEdit(this))
    , m_unverified(new QCheckBox(tr("Include &unverified events (bad or missing signature)"), this))
    , m_enabled(new QCheckBox(tr("&Enabled"), this))
    , m_error(new QLabel(this))
{
    setWindowTitle(tr("Forwarding Rule"));
    setObjectName(QStringLiteral("forwardRuleDialog"));
    m_url->setObjectName(QStringLiteral("forwardUrlEdit"));
    m_filter->setObjectName(QStringLiteral("forwardFilterEdit"));
    m_unverified->setObjectName(QStringLiteral("forwardUnverifiedCheck"));
    m_enabled->setObjectName(QStringLiteral("forwardEnabledCheck"));
    m_error->setObjectName(QStringLiteral("forwardRuleError"));
    m_url->setMaxLength(ForwardRuleCheck::kMaxUrlLength);
    m_filter->setMaxLength(ForwardRuleCheck::kMaxFilterLength);
    m_url->setPlaceholderText(QStringLiteral("https://crm.example.com/salesmartly/webhook"));
    m_filter->setPlaceholderText(tr("Empty: every event"));
    m_url->setToolTip(tr("Your own system's webhook address (http:// or https://)."));
    m_filter->setToolTip(tr("Only events matching this filter are forwarded, in the filter "
                            "bar's language, for example: channel:7 type:text"));
    m_unverified->setToolTip(tr("Off: only events whose signature verified are forwarded."));
    m_url->setText(rule.url);
    m_filter->setText(rule.filter);
    m_unverified->setChecked(rule.includeUnverified);
    m_enabled->setChecked(rule.enabled);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(
        QStringLiteral("color: %1").arg(Theme::tone(palette(), Theme::Tone::Bad).name()));
    m_error->hide();

    auto *form = new QFormLayout;
    auto *urlLabel = new QLabel(tr("&URL:"), this);
    urlLabel->setBuddy(m_url);
    auto *filterLabel = new QLabel(tr("&Filter:"), this);
    filterLabel->setBuddy(m_filter);
    form->addRow(urlLabel, m_url);
    form->addRow(filterLabel, m_filter);
    form->addRow(QString(), m_unverified);
    form->addRow(QString(), m_enabled);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &ForwardRuleDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ForwardRuleDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addStretch();
    layout->addWidget(buttons);
    // Checked while typing, as the filter bar does; an empty URL only on OK.
    connect(m_url, &QLineEdit::textEdited, this, [this] { validate(false); });
    connect(m_filter, &QLineEdit::textChanged, this, [this] { validate(false); });
    validate(false);
    resize(560, sizeHint().height());
}

ForwardRuleDialog::~ForwardRuleDialog() = default;

ForwardRule ForwardRuleDialog::rule() const
{
    ForwardRule r;
    r.url = m_url->text().trimmed();
    r.filter = m_filter->text().trimmed();
    r.includeUnverified = m_unverified->isChecked();
    r.enabled = m_enabled->isChecked();
    return r;
}

QString ForwardRuleDialog::errorText() const
{
    return m_error->isVisibleTo(this) ? m_error->text() : QString();
}

QLineEdit *ForwardRuleDialog::validate(bool strict)
{
    QLineEdit *field = nullptr;
    QString error;
    const QString url = m_url->text().trimmed();
    if (strict || !url.isEmpty())
        error = ForwardRuleCheck::urlError(url);
    if (!error.isEmpty())
        field = m_url;
    int position = -1;
    int length = 0;
    // The filter's term is marked even while the URL is wrong.
    const QString filterError = ForwardRuleCheck::filterError(m_filter->text(), &position, &length);
    if (!filterError.isEmpty() && error.isEmpty()) {
        field = m_filter;
        const QString term = m_filter->text().mid(position, length);
        error = term.isEmpty() ? filterError : tr("%1 (at \"%2\")").arg(filterError, term.left(80));
    }
    m_markStart = filterError.isEmpty() ? -1 : position;
    m_markLength = filterError.isEmpty() ? 0 : length;
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());
    QMetaObject::invokeMethod(this, &ForwardRuleDialog::markTerm, Qt::QueuedConnection);
    return field;
}

// The offending term gets the filter bar's wavy underline (formats through
// an input method event, which leave the text alone).
void ForwardRuleDialog::markTerm()
{
    QList<QInputMethodEvent::Attribute> attributes;
    if (m_markStart >= 0 && m_markLength > 0) {
        QTextCharFormat format;
        const QColor bad = Theme::tone(palette(), Theme::Tone::Bad);
        format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        format.setUnderlineColor(bad);
        format.setBackground(Theme::blend(palette().color(QPalette::Base), bad, 0.40));
        attributes.append({QInputMethodEvent::TextFormat, m_markStart - m_filter->cursorPosition(),
                           m_markLength, format});
    }
    QInputMethodEvent event(QString(), attributes);
    QCoreApplication::sendEvent(m_filter, &event);
}

void ForwardRuleDialog::changeEvent(QEvent *event)
{
    QDialog::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        m_error->setStyleSheet(
            QStringLiteral("color: %1").arg(Theme::tone(palette(), Theme::Tone::Bad).name()));
        markTerm();
    }
}

void ForwardRuleDialog::accept()
{
    if (QLineEdit *field = validate(true)) {
        field->setFocus();
        if (field == m_url)
            m_url->selectAll();
        return;
    }
    QDialog::accept();
}
