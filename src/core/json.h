// Safe JSON reading for a build without exceptions.
//
// nlohmann::json aborts on a type mismatch when exceptions are off (the wasm build), so nothing in
// the domain calls get<T>() or at() on untrusted input. These helpers look a field up, check its
// type and hand back an optional; the caller turns absence into an Error with words for a person.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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

// Serialises without throwing on invalid UTF-8 (replaces it), so a hostile string cannot abort us.
std::string dump_json(const Json& value);

}  // namespace core
