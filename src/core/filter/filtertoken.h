#pragma once

#include <QString>

// One lexical unit of a filter text. position/length span the token as typed
// (a field term spans "name:value" including any quotes).
struct FilterToken {
    enum class Kind {
        Word,   // bare word: value
        Phrase, // "quoted phrase": value, unescaped
        Field,  // field:value or field:"value": field and value
        Minus,  // "-" at the start of a term
        Open,   // "("
        Close,  // ")"
        Or,     // bare OR (upper case)
        And,    // bare AND (upper case)
    };

    Kind kind = Kind::Word;
    int position = 0;
    int length = 0;
    QString field;
    QString value;
};
