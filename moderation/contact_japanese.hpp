// Contact details written the Japanese way, which the shield's regular expressions cannot see:
// phone numbers in kanji or kana digits, e-mail addresses spelled in kana, kana messenger ids.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ibasho::moderation {

// A byte range of NFKC text; always on code point boundaries.
struct TextRange {
    std::size_t begin;
    std::size_t end;
};

// Phone numbers whose digits are written as kanji ("〇九〇", "零"), kana readings ("ぜろ",
// "キュー", "まる"), ASCII digits or a mix, with "の", "ー", "、", "・", spaces, dots, commas,
// hyphens or brackets (up to three in a row) between digits. A run of digits becomes a phone
// number only when it holds 10 or more digits starting with a 0 followed by a non-zero digit
// (every Japanese number), or "+" and 10 or more digits starting with 81. Positional numerals
// ("十", "百", "千", "万") end a run, so times, dates, prices and ages never reach 10 digits.
// Appends each number found, in order, to out.
void find_japanese_phones(std::string_view nfkc_text, std::vector<TextRange>& out);

// E-mail addresses spelled out ("さくら あっとまーく じーめーる どっと こむ", "sakura@やふー",
// "neko アット gmail ドット com"): an "@" word followed by a known provider written in kana, or by
// a label, a dot word and a top-level domain. The local part before the "@" word (one run of
// ASCII id characters, or of hiragana, or of katakana) is masked with it; "あっという間" is not
// an address. Appends each address found, in order, to out.
void find_kana_addresses(std::string_view nfkc_text, std::vector<TextRange>& out);

// Ids written in kana after a messenger name ("ラインのIDはさくらもち", "インスタ：さくら",
// "ライン さくら123"). The id must contain kana (ASCII ids are the regular expressions' job) and
// follow an "ID" word or a ":", "=", "→"; with only "は" or a space after the name it must mix
// kana with ASCII letters or digits. Only the id is found; a sentence ending after it ("だよ",
// "です", ...) is left out. Appends each id found, in order, to out.
void find_kana_ids(std::string_view nfkc_text, std::vector<TextRange>& out);

// The digits a phone number stands for, whatever its form: "〇九〇の1234" -> "0901234",
// "+81 90-1234-5678" -> "09012345678" (the country code becomes the trunk prefix 0). Used to
// compare a found number with the help directory's. Expects NFKC text.
std::string phone_digits(std::string_view nfkc_text);

}  // namespace ibasho::moderation
