#pragma once

#include "settings/secretbackend.h"

#include <optional>

// A keychain in memory for SecretStore and Settings tests: it holds one
// value, counts writes, and fails every call while `failing` is set (as a
// machine without a Secret Service does).
struct FakeKeychainState {
    std::optional<QByteArray> value;
    bool failing = false;
    int reads = 0;
    int writes = 0;
};

class FakeKeychain final : public SecretBackend {
public:
    // `state` outlives the backend (the store owns the backend; the test
    // looks at the state).
    explicit FakeKeychain(FakeKeychainState *state);

    Result read(QByteArray *secret) override;
    Result write(const QByteArray &secret) override;
    Result remove() override;

private:
    FakeKeychainState *m_state = nullptr;
};
