// fuzz_json: raw bytes -> core::parse_json, the one door every JSON document of the product comes
// through (store answers, signed payloads, activity pages). Then what the domain does with a parsed
// document: the typed getters on each member, a copy, and dump_json, whose output must parse back
// to the same document (what the editor and the store write is what they read).
#include "core/json.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto doc = core::parse_json(fuzz::text(data, size), "fuzz input");
    if (!doc) return 0;
    const core::Json& j = *doc;
    if (j.is_object())
        for (auto it = j.begin(); it != j.end(); ++it) {
            const char* key = it.key().c_str();
            (void)core::get_string(j, key);
            (void)core::get_int(j, key);
            (void)core::get_bool(j, key);
            (void)core::get_array(j, key);
            (void)core::get_object(j, key);
            (void)core::string_or(j, key, "");
            (void)core::int_or(j, key, 0);
        }
    const core::Json copy = j;
    const std::string text = core::dump_json(copy);
    auto again = core::parse_json(text, "dumped document");
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(*again == j);
    return 0;
}
