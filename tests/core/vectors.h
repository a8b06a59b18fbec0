// The shared vectors (tests/vectors/*.json), as the doctests read them: the same files the store's
// tests run through dynshop_core (tests/server/test_vectors.py).
#pragma once
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/json.h"

namespace fixtures {

// tests/vectors/<name>, parsed; the test stops at once if the file cannot be read.
inline core::Json shared_vectors(const std::string& name) {
    std::ifstream in(std::string(DYNSHOP_SOURCE_DIR) + "/tests/vectors/" + name);
    std::stringstream ss;
    ss << in.rdbuf();
    auto doc = core::parse_json(ss.str(), name);
    REQUIRE_MESSAGE(doc.ok(), "tests/vectors/", name, " must be readable");
    return *doc;
}

// A document case: the file's "base" with the case's "set" replacing fields and "drop" removing them.
inline core::Json case_payload(const core::Json& base, const core::Json& c) {
    core::Json payload = base;
    for (auto it = c["set"].begin(); it != c["set"].end(); ++it) payload[it.key()] = it.value();
    for (const auto& k : c["drop"]) payload.erase(k.get<std::string>());
    return payload;
}

}  // namespace fixtures
