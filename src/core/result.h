// Result<T>: a value or a plain-words error the UI can show.
//
// The wasm build has C++ exceptions off (Emscripten's default), so every failure in the domain is a
// value. Errors carry a short machine code (for tests and the server's JSON errors) and a sentence
// written for the person looking at the screen.
#pragma once
#include <optional>
#include <string>
#include <utility>

namespace core {

struct Error {
    std::string code;     // stable, e.g. "bad_signature", "malformed_json"
    std::string message;  // what a person can read and act on
};

template <class T>
class Result {
public:
    Result(T value) : value_(std::move(value)) {}
    Result(Error error) : error_(std::move(error)) {}

    bool ok() const { return value_.has_value(); }
    explicit operator bool() const { return ok(); }
    T& value() { return *value_; }
    const T& value() const { return *value_; }
    T* operator->() { return &*value_; }
    const T* operator->() const { return &*value_; }
    T& operator*() { return *value_; }
    const T& operator*() const { return *value_; }
    const Error& error() const { return error_; }
    T value_or(T fallback) const { return ok() ? *value_ : std::move(fallback); }

private:
    std::optional<T> value_;
    Error error_;
};

inline Error make_error(std::string code, std::string message) { return Error{std::move(code), std::move(message)}; }

}  // namespace core
