#pragma once

// The value of one hexadecimal digit (0-9, a-f, A-F), or -1 for any other
// byte. Shared by the JSON string decoder (\uXXXX) and the receiver's
// chunked-body decoder (chunk sizes), which both read untrusted bytes.
constexpr int hexDigitValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static_assert(hexDigitValue('0') == 0 && hexDigitValue('f') == 15 && hexDigitValue('F') == 15 &&
              hexDigitValue('g') == -1 && hexDigitValue('\0') == -1);
