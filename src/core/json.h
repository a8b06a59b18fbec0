// Safe JSON reading for a build without exceptions.
//
// nlohmann::json aborts on a type mismatch when exceptions are off (the wasm build), so nothing in
// the domain calls get<T>() or at() on untrusted input. These helpers look a field up, check its
// type and hand back an optional; the caller turns absence into an Error with words for a person.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#ifndef JSON_NOEXCEPTION
#define JSON_NOEXCEPTION 1
#endif
#include <nlohmann/json.hpp>

#include "core/result.h"

namespace core {

using Json = nlohmann::json;

// Parses untrusted text; a malformed document becomes an Error naming `what` was being read. So
// does one whose arrays and objects nest deeper than kMaxJsonDepth (copying or writing it would
// recurse that deep).
constexpr int kMaxJsonDepth = 128;
Result<Json> parse_json(std::string_view text, std::string_view what);

std::optional<std::string> get_string(const Json& obj, const char* key);
std::optional<std::int64_t> get_int(const Json& obj, const char* key);
std::optional<bool> get_bool(const Json& obj, const char* key);
const Json* get_array(const Json& obj, const char* key);
const Json* get_object(const Json& obj, const char* key);

std::string string_or(const Json& obj, const char* key, std::string fallback);
std::int64_t int_or(const Json& obj, const char* key, std::int64_t fallback);

// A document made only of objects and strings (the store's answer for a shop: envelopes whose
// payloads are megabytes of escaped JSON) read as parse_json reads it, but with strings decoded a
// run at a time instead of a byte at a time: the 3,000-product shop's 3 MB answer in a few ms
// instead of about 30 (90 in the browser). nullopt for a document with anything else in it (a
// number, a list, a \u escape) and for anything parse_json would refuse: the caller then uses
// parse_json, so the answer never depends on which way was taken.
std::optional<Json> read_objects_of_strings(std::string_view text);

// The same reading in pieces, between which the page draws and answers (a phone spends ~50 ms on
// the 3 MB answer): `step` reads until `deadline` has passed, looking at the clock every `chunk`
// bytes (at least one chunk a step). read_objects_of_strings is this run to its end.
class ObjectsOfStringsReading {
public:
    enum class Status { Reading, Done, GaveUp };
    explicit ObjectsOfStringsReading(std::string_view text, std::size_t chunk = 64 * 1024) : s_(text), chunk_(chunk ? chunk : 1) {}
    Status step(std::chrono::steady_clock::time_point deadline);
    Status status() const { return status_; }
    Json take() { return std::move(doc_); }  // once Done

private:
    enum class At { Start, FirstKey, NextKey, Key, Colon, Value, String, CommaOrEnd, Trailing };
    bool string_part(std::size_t stop, std::string& out);
    void close_object();
    Status give_up() { return status_ = Status::GaveUp; }

    std::string_view s_;
    std::size_t chunk_, i_ = 0;
    Status status_ = Status::Reading;
    At at_ = At::Start;
    Json doc_;
    std::vector<Json*> open_;  // the objects being read, outermost first (map nodes do not move)
    std::string key_, str_;
};

// Serialises without throwing on invalid UTF-8 (replaces it), so a hostile string cannot abort us.
std::string dump_json(const Json& value);

// dump_json's form is canonical: object keys in byte order, no spaces, integers as plain digits,
// strings escaped only where they must be (quote, backslash, control characters). A signed text
// already in that form can be sliced and hashed as it is, without parsing and writing it again: a
// 3,000-product release is opened on a phone. These return nullopt for any text that is not
// exactly what dump_json would write for the value it holds (a space, a key out of order or
// escaped, "\/", "\u0041", 1.0, -0, a 19-digit number, invalid UTF-8...); the caller then
// parses and dumps, so the answer never depends on which way was taken.
struct JsonMember {
    std::string_view key;   // as written (never escaped in canonical text this accepts)
    std::string_view text;  // "key":value, the member as it stands in the object
};
std::optional<std::vector<JsonMember>> canonical_members(std::string_view object_text);
std::optional<std::vector<std::string_view>> canonical_elements(std::string_view array_text);

}  // namespace core
