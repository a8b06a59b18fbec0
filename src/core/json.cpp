#include "core/json.h"

namespace core {

namespace {
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

}  // namespace core
