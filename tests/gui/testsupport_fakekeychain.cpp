#include "testsupport_fakekeychain.h"

#include <QString>

FakeKeychain::FakeKeychain(FakeKeychainState *state)
    : m_state(state)
{
}

SecretBackend::Result FakeKeychain::read(QByteArray *secret)
{
    ++m_state->reads;
    if (m_state->failing)
        return {Status::Failed, QStringLiteral("no Secret Service")};
    if (!m_state->value)
        return {Status::NotFound, {}};
    *secret = *m_state->value;
    return {Status::Ok, {}};
}

SecretBackend::Result FakeKeychain::write(const QByteArray &secret)
{
    ++m_state->writes;
    if (m_state->failing)
        return {Status::Failed, QStringLiteral("no Secret Service")};
    m_state->value = secret;
    return {Status::Ok, {}};
}

SecretBackend::Result FakeKeychain::remove()
{
    if (m_state->failing)
        return {Status::Failed, QStringLiteral("no Secret Service")};
    m_state->value.reset();
    return {Status::Ok, {}};
}
