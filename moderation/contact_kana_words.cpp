#include "moderation/contact_japanese.hpp"
#include "moderation/contact_kana_text.hpp"
#include "moderation/messenger_names.hpp"

#include <algorithm>
#include <array>
#include <optional>

namespace ibasho::moderation {

namespace {

using kana::contains;

// --- e-mail addresses in kana ----------------------------------------------------------------

constexpr std::array<std::u32string_view, 3> at_words = {U"@", U"あっとまーく", U"あっと"};
constexpr std::array<std::u32string_view, 2> dot_words = {U".", U"どっと"};

// Mail providers as they are read aloud; one of these after an "@" word is an address even
// without a top-level domain ("さくら あっと じーめーる").
constexpr std::array<std::u32string_view, 16> providers = {
    U"じーめーる",   U"じぃめーる",   U"じめーる",     U"ぐーぐる",     U"やふー", U"やほー",
    U"やふーめーる", U"ほっとめーる", U"あうとるっく", U"あいくらうど", U"どこも", U"えーゆー",
    U"そふとばんく", U"ぷろとん",     U"らくてん",     U"にふてぃ"};

constexpr std::array<std::u32string_view, 9> kana_tlds = {
    U"こむ",     U"ねっと",   U"じぇーぴー",     U"じぇいぴー", U"じぇぴー",
    U"しーおー", U"おーじー", U"おーあーるじー", U"いんふぉ"};

bool is_label_char(char32_t c) {
    return kana::is_ascii_alnum(c) || c == '-' || c == '_';
}

// An ASCII label, or a run of kana that stops before a dot word ("ぷろばいだ" in
// "ぷろばいだどっとこむ"). Returns where it ends; offset itself if there is none.
std::size_t label_end(std::string_view text, std::size_t offset) {
    std::size_t pos = offset;
    for (int n = 0; n < 30; ++n) {
        const kana::CodePoint cp = kana::at(text, pos);
        if (cp.size == 0) {
            break;
        }
        if (kana::is_kana(cp.value)) {
            if (kana::longest_word_at(text, pos, dot_words) != 0) {
                break;
            }
        } else if (!is_label_char(cp.value)) {
            break;
        }
        pos += cp.size;
    }
    return pos;
}

// A top-level domain in ASCII letters or kana: where it ends, or nullopt.
std::optional<std::size_t> tld_end(std::string_view text, std::size_t offset) {
    if (const std::size_t length = kana::longest_word_at(text, offset, kana_tlds); length != 0) {
        return offset + length;
    }
    std::size_t pos = offset;
    while (pos < text.size() && pos - offset < 7 &&
           kana::is_ascii_alnum(static_cast<unsigned char>(text[pos])) &&
           !(text[pos] >= '0' && text[pos] <= '9')) {
        ++pos;
    }
    if (pos - offset < 2 ||
        (pos < text.size() && is_label_char(static_cast<unsigned char>(text[pos])))) {
        return std::nullopt;
    }
    return pos;
}

// "(dot) tld", repeated ("co どっと jp"): where the last one ends; offset if there is none.
std::size_t dotted_tail_end(std::string_view text, std::size_t offset) {
    std::size_t end = offset;
    for (int n = 0; n < 3; ++n) {
        const std::size_t at_dot = kana::skip_spaces(text, end, 2);
        const std::size_t dot = kana::longest_word_at(text, at_dot, dot_words);
        if (dot == 0) {
            break;
        }
        const std::optional<std::size_t> tld =
            tld_end(text, kana::skip_spaces(text, at_dot + dot, 2));
        if (!tld) {
            break;
        }
        end = *tld;
    }
    return end;
}

// The domain after an "@" word: a kana provider, or a label with at least one dot and TLD.
std::optional<std::size_t> domain_end(std::string_view text, std::size_t offset) {
    if (const std::size_t length = kana::longest_word_at(text, offset, providers); length != 0) {
        return dotted_tail_end(text, offset + length);
    }
    const std::size_t label = label_end(text, offset);
    if (label == offset) {
        return std::nullopt;
    }
    const std::size_t end = dotted_tail_end(text, label);
    return end == label ? std::nullopt : std::optional<std::size_t>(end);
}

bool is_local_ascii(char32_t c) {
    return kana::is_ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

// Where the local part before an "@" word starts: one run of ASCII id characters, of hiragana
// or of katakana, at most 30 characters, after at most two spaces.
std::size_t local_start(std::string_view text, std::size_t at_word) {
    std::size_t begin = at_word;
    while (begin > 0 && at_word - begin < 2 && text[begin - 1] == ' ') {
        --begin;
    }
    const std::size_t spaced = begin;
    std::optional<int> script;  // 0 ASCII, 1 hiragana, 2 katakana
    for (int n = 0; n < 30 && begin > 0; ++n) {
        const std::size_t prev = kana::before(text, begin);
        const char32_t c = kana::at(text, prev).value;
        const int kind = is_local_ascii(c)      ? 0
                         : kana::is_hiragana(c) ? 1
                         : kana::is_katakana(c) ? 2
                                                : -1;
        if (kind < 0 || (script && *script != kind)) {
            break;
        }
        script = kind;
        begin = prev;
    }
    // Dots only between characters, as in the address rule ("...neko" is "neko").
    while (begin < spaced && text[begin] == '.') {
        ++begin;
    }
    return begin == spaced ? at_word : begin;
}

// --- ids after a messenger name --------------------------------------------------------------

// Words that say "the id follows", as a name of their own ("ID", "アカウント") or after one
// ("ラインのID").
constexpr std::array<std::u32string_view, 11> id_words = {
    U"id",         U"あいでぃー", U"あいでぃ", U"ゆーざー名", U"ゆーざ名", U"あかうんと",
    U"ゆーざーid", U"ゆーざid",   U"垢",       U"裏垢",       U"本垢"};

constexpr std::array<std::u32string_view, 5> ascii_id_names = {U"user name", U"username",
                                                               U"user id", U"userid", U"account"};

bool is_id_word_name(std::string_view name) {
    if (kana::word_at(name, 0, U"id") == name.size()) {
        return true;
    }
    for (const auto word : id_words) {
        if (kana::word_at(name, 0, word) == name.size()) {
            return true;
        }
    }
    for (const auto word : ascii_id_names) {
        if (kana::word_at(name, 0, word) == name.size()) {
            return true;
        }
    }
    return false;
}

// An id word standing at offset ("ID" as a whole ASCII word): where it ends, or offset.
std::size_t id_word_end(std::string_view text, std::size_t offset) {
    const std::size_t length = kana::longest_word_at(text, offset, id_words);
    if (length == 2 && kana::is_ascii_alnum(kana::at(text, offset + 2).value)) {
        return offset;  // "idol" is not "id"
    }
    return offset + length;
}

enum class Sep { none, strong, topic };  // topic: "は", which also starts ordinary sentences

std::pair<Sep, std::size_t> separator_at(std::string_view text, std::size_t offset) {
    const kana::CodePoint cp = kana::at(text, offset);
    switch (cp.value) {
        case ':':
        case '=':
        case U'→':
            return {Sep::strong, offset + cp.size};
        case '-':
            if (kana::at(text, offset + 1).value == '>') {
                return {Sep::strong, offset + 2};
            }
            return {Sep::none, offset};
        case U'は':
            return {Sep::topic, offset + cp.size};
        default:
            return {Sep::none, offset};
    }
}

// Sentence endings that may follow an id; the longest that leaves 2 characters is cut off.
constexpr std::array<std::u32string_view, 22> endings = {
    U"でーす", U"ですー", U"です", U"でした", U"だよー", U"だよ", U"だね", U"だった",
    U"だから", U"なので", U"って", U"まで",   U"だ",     U"よ",   U"ね",   U"で",
    U"に",     U"を",     U"へ",   U"と",     U"から",   U"かな"};

// Answers that are not ids ("インスタ：なし").
constexpr std::array<std::u32string_view, 14> not_ids = {
    U"なし",     U"ない",       U"ないよ", U"ないです", U"ありません", U"ひみつ", U"しらない",
    U"わすれた", U"わからない", U"まだ",   U"いらない", U"やってない", U"やめた", U"ないしょ"};

bool is_particle(char32_t c) {
    switch (c) {
        case U'の':
        case U'で':
        case U'に':
        case U'は':
        case U'が':
        case U'を':
        case U'も':
        case U'と':
        case U'や':
        case U'へ':
        case U'っ':
            return true;
        default:
            return false;
    }
}

struct Id {
    std::size_t begin;
    std::size_t end;
    bool kana = false;
    bool ascii_alnum = false;
    std::size_t characters = 0;
};

Id read_id(std::string_view text, std::size_t offset) {
    Id id{offset, offset};
    while (id.characters < 40) {
        const kana::CodePoint cp = kana::at(text, id.end);
        const bool is_kana = cp.size != 0 && kana::is_kana(cp.value);
        const bool ascii = cp.size != 0 && (kana::is_ascii_alnum(cp.value) || cp.value == '_' ||
                                            cp.value == '.' || cp.value == '-');
        if (!is_kana && !ascii) {
            break;
        }
        id.kana = id.kana || is_kana;
        id.ascii_alnum = id.ascii_alnum || kana::is_ascii_alnum(cp.value);
        id.end += cp.size;
        ++id.characters;
    }
    // Trailing "." or "-" end a sentence more often than an id.
    while (id.end > id.begin && (text[id.end - 1] == '.' || text[id.end - 1] == '-')) {
        --id.end;
        --id.characters;
    }
    return id;
}

std::size_t count_code_points(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
    }));
}

// Cuts a sentence ending off the id; false if what is left is no id.
bool trim_id(std::string_view text, Id& id) {
    std::size_t cut = 0;
    for (const auto ending : endings) {
        const std::size_t bytes = ending.size() * 3;  // hiragana are 3 bytes each
        if (bytes < id.end - id.begin && bytes > cut &&
            kana::word_at(text, id.end - bytes, ending) == bytes &&
            count_code_points(text.substr(id.begin, id.end - id.begin - bytes)) >= 2) {
            cut = bytes;
        }
    }
    id.end -= cut;
    const std::string_view rest = text.substr(id.begin, id.end - id.begin);
    if (count_code_points(rest) < 2) {
        return false;
    }
    for (const auto word : not_ids) {
        if (kana::word_at(rest, 0, word) == rest.size()) {
            return false;
        }
    }
    // The kana must survive the cut: an ASCII id is the regular expressions' to judge.
    return std::any_of(rest.begin(), rest.end(),
                       [](char c) { return (static_cast<unsigned char>(c) & 0x80U) != 0; });
}

std::optional<TextRange> id_after(std::string_view text, const MessengerName& name) {
    const std::string_view name_text = text.substr(name.begin, name.end - name.begin);
    bool id_word = is_id_word_name(name_text);
    if (!id_word && name.strength != NameStrength::strong) {
        return std::nullopt;  // "メール", "x", "line": ordinary words too often
    }
    std::size_t pos = kana::skip_spaces(text, name.end);
    if (!id_word) {
        std::size_t word = pos;
        if (kana::word_at(text, word, U"の") != 0) {
            word = kana::skip_spaces(text, word + 3);
        }
        if (const std::size_t end = id_word_end(text, word); end != word) {
            id_word = true;
            pos = kana::skip_spaces(text, end);
        }
    }
    if (id_word && kana::word_at(text, pos, U"名") != 0) {
        pos = kana::skip_spaces(text, pos + 3);  // "アカウント名", "ID名"
    }
    const auto [sep, after_sep] = separator_at(text, pos);
    pos = kana::skip_spaces(text, after_sep);
    if (sep != Sep::none && (kana::word_at(text, pos, U"、") != 0 || text.substr(pos, 1) == ",")) {
        pos = kana::skip_spaces(text, pos + (text[pos] == ',' ? 1 : 3));  // "IDは、さくら"
    }
    Id id = read_id(text, pos);
    if (!id.kana) {
        return std::nullopt;
    }
    const bool announced = sep == Sep::strong || (id_word && sep == Sep::topic);
    if (!announced) {
        // "ライン さくら123" and "インスタはさくら123", but not "インスタはやってない",
        // "ラインで話そう" or "ID ドット": kana first, not a particle, then ASCII mixed in.
        const char32_t first = kana::at(text, id.begin).value;
        if (!id.ascii_alnum || (name.strength != NameStrength::strong && !id_word) ||
            !kana::is_kana(first) || is_particle(first)) {
            return std::nullopt;
        }
    }
    if (!trim_id(text, id)) {
        return std::nullopt;
    }
    return TextRange{id.begin, id.end};
}

// An ASCII letter or digit, ":", "=", "→", or an id word ("アイディ", "アカウント", "ユーザ…",
// "垢"): one of them stands before or in every kana id. One pass over the bytes.
bool has_id_trigger(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (kana::is_ascii_alnum(static_cast<unsigned char>(c)) || c == ':' || c == '=') {
            return true;
        }
        if (c != '\xE2' && c != '\xE3' && c != '\xE5') {
            continue;
        }
        const std::string_view three = text.substr(i, 3);
        if (three == "→" || three == "垢" ||
            ((three == "ア" || three == "ユ") && (kana::word_at(text, i, U"あいでぃ") != 0 ||
                                                  kana::word_at(text, i, U"あかうんと") != 0 ||
                                                  kana::word_at(text, i, U"ゆーざ") != 0))) {
            return true;
        }
    }
    return false;
}

}  // namespace

void find_kana_addresses(std::string_view text, std::vector<TextRange>& out) {
    if (!contains(text, "@") && !contains(text, "あっと") && !contains(text, "アット")) {
        return;
    }
    std::size_t offset = 0;
    while (offset < text.size()) {
        const kana::CodePoint cp = kana::at(text, offset);
        if (cp.size == 0) {
            break;
        }
        const std::size_t at_word = cp.value == '@' || kana::fold(cp.value) == U'あ'
                                        ? kana::longest_word_at(text, offset, at_words)
                                        : 0;
        if (at_word == 0) {
            offset += cp.size;
            continue;
        }
        const std::optional<std::size_t> end =
            domain_end(text, kana::skip_spaces(text, offset + at_word, 2));
        if (!end) {
            offset += at_word;
            continue;
        }
        out.push_back(TextRange{local_start(text, offset), *end});
        offset = *end;
    }
}

void find_kana_ids(std::string_view text, std::vector<TextRange>& out) {
    // Every kana id holds kana and follows a separator or an id word, or mixes in an ASCII
    // character: text without, such as English or most Japanese, skips the name search.
    if (!kana::has_kana(text)) {
        return;
    }
    if (!has_id_trigger(text)) {
        return;
    }
    std::size_t matched_to = 0;
    for (const MessengerName& name : find_messenger_names_anywhere(text)) {
        if (name.begin < matched_to) {
            continue;  // "ID" in "ラインのIDは…" would find the same id again
        }
        if (const std::optional<TextRange> id = id_after(text, name)) {
            out.push_back(*id);
            matched_to = id->end;
        }
    }
}

}  // namespace ibasho::moderation
