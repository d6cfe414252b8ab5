#include "addresscounts.h"

AddressCounts::AddressCounts(int perAddress, int total)
    : m_perAddressCap(perAddress)
    , m_totalCap(total)
{
}

bool AddressCounts::acquire(const QString &address, bool exempt)
{
    if (m_total >= m_totalCap)
        return false;
    if (!exempt) {
        int &count = m_perAddress[address];
        if (count >= m_perAddressCap) {
            if (count == 0)
                m_perAddress.remove(address);
            return false;
        }
        ++count;
    }
    ++m_total;
    return true;
}

void AddressCounts::release(const QString &address, bool exempt)
{
    if (!exempt) {
        const auto it = m_perAddress.find(address);
        if (it != m_perAddress.end() && --it.value() <= 0)
            m_perAddress.erase(it);
    }
    --m_total;
}

bool AddressCounts::move(const QString &from, bool fromExempt, const QString &to)
{
    if (!fromExempt && from == to)
        return true;
    if (m_perAddress.value(to) >= m_perAddressCap)
        return false;
    ++m_perAddress[to];
    if (!fromExempt) {
        const auto it = m_perAddress.find(from);
        if (it != m_perAddress.end() && --it.value() <= 0)
            m_perAddress.erase(it);
    }
    return true;
}
