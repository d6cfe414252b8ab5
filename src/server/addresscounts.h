#pragma once

#include <QHash>
#include <QString>

// Open connections per remote address and in all, against the caps.
class AddressCounts final {
public:
    AddressCounts(int perAddress, int total);

    // Counts one more connection from `address` unless a cap is reached;
    // `exempt` (a trusted proxy) only counts towards the total.
    bool acquire(const QString &address, bool exempt = false);
    void release(const QString &address, bool exempt = false);
    // Counts from `to` instead of `from` (the client behind a proxy became
    // known); false, and nothing changed, when `to` is at its cap.
    bool move(const QString &from, bool fromExempt, const QString &to);

    int count(const QString &address) const { return m_perAddress.value(address); }
    int total() const { return m_total; }
    int totalCap() const { return m_totalCap; }
    void setTotalCap(int cap) { m_totalCap = cap; }

private:
    QHash<QString, int> m_perAddress;
    int m_perAddressCap = 0;
    int m_totalCap = 0;
    int m_total = 0;
};
