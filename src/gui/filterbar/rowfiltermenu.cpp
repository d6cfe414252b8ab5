#include "filterbar/rowfiltermenu.h"

#include "filter/filterexpression.h"
#include "filterbar/filterbar.h"
#include "records/channelcatalog.h"
#include "records/eventrecord.h"

#include <QCoreApplication>
#include <QMenu>

namespace {

constexpr int kShownLength = 32;

QString shortened(const QString &value)
{
    QString shown =
        value.size() > kShownLength ? value.left(kShownLength - 1) + QChar(0x2026) : value;
    // '&' would become a mnemonic in a menu entry.
    return shown.replace(QLatin1Char('&'), QLatin1String("&&"));
}

QString includeText(const QString &kind)
{
    if (kind == QLatin1String("customer"))
        return QCoreApplication::translate("RowFilterMenu", "Filter on this customer (%1)");
    if (kind == QLatin1String("session"))
        return QCoreApplication::translate("RowFilterMenu", "Filter on this session (%1)");
    if (kind == QLatin1String("channel"))
        return QCoreApplication::translate("RowFilterMenu", "Filter on this channel (%1)");
    return QCoreApplication::translate("RowFilterMenu", "Filter on this type (%1)");
}

QString excludeText(const QString &kind)
{
    if (kind == QLatin1String("customer"))
        return QCoreApplication::translate("RowFilterMenu", "Exclude this customer (%1)");
    if (kind == QLatin1String("session"))
        return QCoreApplication::translate("RowFilterMenu", "Exclude this session (%1)");
    if (kind == QLatin1String("channel"))
        return QCoreApplication::translate("RowFilterMenu", "Exclude this channel (%1)");
    return QCoreApplication::translate("RowFilterMenu", "Exclude this type (%1)");
}

void addAction(QMenu *menu, const QString &text, const QString &term, FilterBar *bar)
{
    QAction *action = menu->addAction(text);
    action->setData(term);
    action->setToolTip(term);
    QObject::connect(action, &QAction::triggered, bar, [bar, term] { bar->addTerm(term); });
}

} // namespace

QList<RowFilterMenu::Term> RowFilterMenu::termsFor(const EventRecord &record)
{
    QList<Term> terms;
    const auto add = [&terms](const char *kind, const char *field, const QString &value,
                              const QString &shown) {
        if (!value.isEmpty()) {
            terms.append(
                {QLatin1String(kind),
                 QLatin1String(field) + QLatin1Char(':') + FilterExpression::quoteValue(value),
                 shown});
        }
    };
    add("customer", "user", record.chatUserId, record.chatUserId);
    add("session", "session", record.chatSessionId, record.chatSessionId);
    // The code, not the name: exact, and the same in every language.
    if (record.channel >= 0) {
        const QString name = record.channelName.isEmpty() ? ChannelCatalog::name(record.channel)
                                                          : record.channelName;
        add("channel", "channel", QString::number(record.channel), name);
    }
    add("type", "type", record.msgType, record.msgType);
    return terms;
}

void RowFilterMenu::addActions(QMenu *menu, const EventRecord &record, FilterBar *bar)
{
    if (!menu || !bar)
        return;
    const QList<Term> terms = termsFor(record);
    if (terms.isEmpty())
        return;
    if (!menu->isEmpty())
        menu->addSeparator();
    for (const Term &t : terms)
        addAction(menu, includeText(t.kind).arg(shortened(t.shown)), t.term, bar);
    menu->addSeparator();
    for (const Term &t : terms)
        addAction(menu, excludeText(t.kind).arg(shortened(t.shown)), QLatin1Char('-') + t.term,
                  bar);
}
