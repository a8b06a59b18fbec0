#include "core/json.h"

#include <algorithm>

namespace core {

namespace {
// The length of the well-formed UTF-8 sequence (no overlong forms, no surrogates, at most U+10FFFF:
// what nlohmann's parser accepts) that starts at s[i] with a byte of 0x80 or more; 0 when it is not one.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t more;
    std::uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) more = 1, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) more = 2, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) more = 3, cp = c & 0x07;
    else return 0;
    if (i + more >= s.size()) return 0;
    for (std::size_t k = 1; k <= more; ++k) {
        const auto cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80) return 0;
        cp = cp << 6 | (cc & 0x3F);
    }
    if ((more == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (more == 3 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
    return more + 1;
}

// Whether arrays and objects nest deeper than `limit` in a JSON text (strings skipped). nlohmann
// parses and destroys without recursion, but copies, compares and dumps recursively: a document
// nested some ten thousand deep (20 KB of "[") overflowed the stack when the domain copied it (an
// enrollment's invite, read before its signature is checked). No document of the product nests
// more than a handful of levels.
bool nested_deeper_than(std::string_view text, int limit) {
    int depth = 0;
    bool in_string = false, escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limit) return true;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return false;
}
}  // namespace

// [read_objects_of_strings] A reader for exactly what it takes (objects whose values are strings or
// objects, no \u escapes, at most 16 deep); every other input gives up and parse_json decides. Its
// state is kept between steps, so a string of megabytes can be left half read and taken up again.
std::optional<Json> read_objects_of_strings(std::string_view text) {
    ObjectsOfStringsReading reading(text, text.size() + 1);
    while (reading.step(std::chrono::steady_clock::time_point::max()) == ObjectsOfStringsReading::Status::Reading) {
    }
    if (reading.status() != ObjectsOfStringsReading::Status::Done) return std::nullopt;
    return reading.take();
}

// Reads a string's text into `out` until its closing quote (true) or index `stop` (false, status
// still Reading); runs between escapes are appended whole.
bool ObjectsOfStringsReading::string_part(std::size_t stop, std::string& out) {
    for (;;) {
        const std::size_t run = i_;
        const std::size_t end = std::min(stop, s_.size());
        while (i_ < end) {
            const unsigned char c = static_cast<unsigned char>(s_[i_]);
            if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
            ++i_;
        }
        out.append(s_.data() + run, i_ - run);
        if (i_ >= s_.size()) return give_up(), false;
        if (i_ >= stop) return false;
        const unsigned char c = static_cast<unsigned char>(s_[i_]);
        if (c == '"') {
            ++i_;
            return true;
        }
        if (c < 0x20) return give_up(), false;
        if (c >= 0x80) {
            const std::size_t n = utf8_sequence(s_, i_);
            if (n == 0) return give_up(), false;
            out.append(s_.data() + i_, n);
            i_ += n;
            continue;
        }
        if (i_ + 1 >= s_.size()) return give_up(), false;
        switch (s_[i_ + 1]) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            default: return give_up(), false;  // \u (and anything invalid): parse_json's
        }
        i_ += 2;
    }
}

void ObjectsOfStringsReading::close_object() {
    ++i_;
    open_.pop_back();
    at_ = open_.empty() ? At::Trailing : At::CommaOrEnd;
}

ObjectsOfStringsReading::Status ObjectsOfStringsReading::step(std::chrono::steady_clock::time_point deadline) {
    constexpr std::size_t kMaxDepth = 16;
    std::size_t check_at = i_ + chunk_;
    while (status_ == Status::Reading) {
        if (i_ >= check_at) {
            if (std::chrono::steady_clock::now() >= deadline) return status_;
            check_at = i_ + chunk_;
        }
        if (at_ != At::Key && at_ != At::String)
            while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
        const char c = i_ < s_.size() ? s_[i_] : '\0';
        const bool more = i_ < s_.size();
        switch (at_) {
            case At::Start:
                if (c != '{') return give_up();
                ++i_;
                doc_ = Json::object();
                open_.push_back(&doc_);
                at_ = At::FirstKey;
                break;
            case At::FirstKey:
                if (more && c == '}') {
                    close_object();
                    break;
                }
                [[fallthrough]];
            case At::NextKey:
                if (c != '"') return give_up();
                ++i_;
                key_.clear();
                at_ = At::Key;
                break;
            case At::Key:
                if (string_part(check_at, key_)) at_ = At::Colon;
                break;
            case At::Colon:
                if (c != ':') return give_up();
                ++i_;
                at_ = At::Value;
                break;
            case At::Value:
                if (c == '{') {
                    if (open_.size() >= kMaxDepth) return give_up();
                    ++i_;
                    Json& child = (*open_.back())[key_];  // a key twice: the last one, as nlohmann's parser does
                    child = Json::object();
                    open_.push_back(&child);
                    at_ = At::FirstKey;
                } else if (c == '"') {
                    ++i_;
                    str_.clear();
                    at_ = At::String;
                } else {
                    return give_up();
                }
                break;
            case At::String:
                if (string_part(check_at, str_)) {
                    (*open_.back())[key_] = std::move(str_);
                    at_ = At::CommaOrEnd;
                }
                break;
            case At::CommaOrEnd:
                if (!more) return give_up();
                if (c == '}') {
                    close_object();
                } else if (c == ',') {
                    ++i_;
                    at_ = At::NextKey;
                } else {
                    return give_up();
                }
                break;
            case At::Trailing:
                if (more) return give_up();
                status_ = Status::Done;
                break;
        }
    }
    return status_;
}

Result<Json> parse_json(std::string_view text, std::string_view what) {
    if (nested_deeper_than(text, kMaxJsonDepth))
        return make_error("malformed_json", "The " + std::string(what) + " is nested too deeply to be read.");
    Json doc = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded())
        return make_error("malformed_json", "The " + std::string(what) + " is not valid JSON.");
    return doc;
}

std::optional<std::string> get_string(const Json& obj, const char* key) {
    if (!obj.is_object()) return std::nullopt;
    auto it = obj.find(key);
    if (it == obj.end() || !it->is_string()) return std::nullopt;
    return it->get_ref<const std::string&>();
}

std::optional<std::int64_t> get_int(const Json& obj, const char* key) {
    if (!obj.is_object()) return std::nullopt;
    auto it = obj.find(key);
    if (it == obj.end()) return std::nullopt;
    if (it->is_number_integer()) return it->get<std::int64_t>();
    if (it->is_number_unsigned()) {
        auto v = it->get<std::uint64_t>();
        if (v > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
        return static_cast<std::int64_t>(v);
    }
    return std::nullopt;
}

std::optional<bool> get_bool(const Json& obj, const char* key) {
    if (!obj.is_object()) return std::nullopt;
    auto it = obj.find(key);
    if (it == obj.end() || !it->is_boolean()) return std::nullopt;
    return it->get<bool>();
}

const Json* get_array(const Json& obj, const char* key) {
    if (!obj.is_object()) return nullptr;
    auto it = obj.find(key);
    return (it != obj.end() && it->is_array()) ? &*it : nullptr;
}

const Json* get_object(const Json& obj, const char* key) {
    if (!obj.is_object()) return nullptr;
    auto it = obj.find(key);
    return (it != obj.end() && it->is_object()) ? &*it : nullptr;
}

std::string string_or(const Json& obj, const char* key, std::string fallback) {
    auto v = get_string(obj, key);
    return v ? *v : std::move(fallback);
}

std::int64_t int_or(const Json& obj, const char* key, std::int64_t fallback) {
    auto v = get_int(obj, key);
    return v ? *v : fallback;
}

std::string dump_json(const Json& value) {
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

namespace {
// Checks that a text is in dump_json's form, one value at a time; each step returns the index just
// past what it read, or npos. What it accepts is what nlohmann's serializer writes with indent -1,
// ensure_ascii off: a string escapes '"', '\\' and control characters only, those as \b \t \n \f
// \r or \u00xx in lower-case hex; numbers are integers (floats are printed in ways not worth
// copying: they fall back).
class CanonicalScan {
public:
    static constexpr std::size_t npos = std::string_view::npos;
    explicit CanonicalScan(std::string_view s) : s_(s) {}

    std::size_t value(std::size_t i, int depth) const {
        if (i >= s_.size() || depth > kMaxJsonDepth) return npos;
        switch (s_[i]) {
            case '{': return object(i, depth, nullptr);
            case '[': return array(i, depth, nullptr);
            case '"': return string(i, nullptr);
            case 't': return literal(i, "true");
            case 'f': return literal(i, "false");
            case 'n': return literal(i, "null");
            default: return number(i);
        }
    }

    // Members of the object at i (its keys strictly increasing, none escaped).
    std::size_t object(std::size_t i, int depth, std::vector<JsonMember>* out) const {
        if (i >= s_.size() || s_[i] != '{') return npos;
        ++i;
        if (i < s_.size() && s_[i] == '}') return i + 1;
        std::string_view previous;
        for (bool first = true;; first = false) {
            const std::size_t start = i;
            bool escaped = false;
            const std::size_t key_end = string(i, &escaped);
            if (key_end == npos || escaped) return npos;
            const std::string_view key = s_.substr(start + 1, key_end - start - 2);
            if (!first && !(previous < key)) return npos;  // std::map's order: bytes, unsigned
            previous = key;
            if (key_end >= s_.size() || s_[key_end] != ':') return npos;
            i = value(key_end + 1, depth + 1);
            if (i == npos) return npos;
            if (out) out->push_back({key, s_.substr(start, i - start)});
            if (i >= s_.size()) return npos;
            if (s_[i] == '}') return i + 1;
            if (s_[i] != ',') return npos;
            ++i;
        }
    }

    std::size_t array(std::size_t i, int depth, std::vector<std::string_view>* out) const {
        if (i >= s_.size() || s_[i] != '[') return npos;
        ++i;
        if (i < s_.size() && s_[i] == ']') return i + 1;
        for (;;) {
            const std::size_t start = i;
            i = value(i, depth + 1);
            if (i == npos) return npos;
            if (out) out->push_back(s_.substr(start, i - start));
            if (i >= s_.size()) return npos;
            if (s_[i] == ']') return i + 1;
            if (s_[i] != ',') return npos;
            ++i;
        }
    }

private:
    static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;  // upper case is not what dump_json writes
    }

    std::size_t string(std::size_t i, bool* escaped) const {
        if (i >= s_.size() || s_[i] != '"') return npos;
        for (++i; i < s_.size();) {
            const auto c = static_cast<unsigned char>(s_[i]);
            if (c == '"') return i + 1;
            if (c < 0x20) return npos;
            if (c == '\\') {
                if (escaped) *escaped = true;
                if (i + 1 >= s_.size()) return npos;
                const char e = s_[i + 1];
                if (e == '"' || e == '\\' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
                    i += 2;
                    continue;
                }
                if (e != 'u' || i + 5 >= s_.size() || s_[i + 2] != '0' || s_[i + 3] != '0') return npos;
                const int hi = hex(s_[i + 4]), lo = hex(s_[i + 5]);
                if (hi < 0 || lo < 0 || hi > 1) return npos;
                const int cp = hi * 16 + lo;
                if (cp == 8 || cp == 9 || cp == 10 || cp == 12 || cp == 13) return npos;  // written short
                i += 6;
                continue;
            }
            if (c < 0x80) {
                ++i;
                continue;
            }
            // UTF-8, as the parser accepts it (dump_json would replace anything else).
            const std::size_t n = utf8_sequence(s_, i);
            if (n == 0) return npos;
            i += n;
        }
        return npos;
    }

    std::size_t literal(std::size_t i, std::string_view word) const {
        return s_.substr(i, word.size()) == word ? i + word.size() : npos;
    }

    // -?(0|[1-9][0-9]*) with at most 18 digits (any int64 written back the same), never "-0".
    std::size_t number(std::size_t i) const {
        const std::size_t start = i;
        if (i < s_.size() && s_[i] == '-') ++i;
        const std::size_t digits = i;
        while (i < s_.size() && s_[i] >= '0' && s_[i] <= '9') ++i;
        const std::size_t n = i - digits;
        if (n == 0 || n > 18 || (n > 1 && s_[digits] == '0')) return npos;
        if (s_[digits] == '0' && digits != start) return npos;  // -0
        if (i < s_.size() && (s_[i] == '.' || s_[i] == 'e' || s_[i] == 'E')) return npos;
        return i;
    }

    std::string_view s_;
};
}  // namespace

std::optional<std::vector<JsonMember>> canonical_members(std::string_view object_text) {
    std::vector<JsonMember> out;
    const CanonicalScan scan(object_text);
    if (scan.object(0, 0, &out) != object_text.size()) return std::nullopt;
    return out;
}

std::optional<std::vector<std::string_view>> canonical_elements(std::string_view array_text) {
    std::vector<std::string_view> out;
    const CanonicalScan scan(array_text);
    if (scan.array(0, 0, &out) != array_text.size()) return std::nullopt;
    return out;
}

}  // namespace core
