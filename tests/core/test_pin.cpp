#include <doctest/doctest.h>

#include "core/trust/pin.h"

using namespace core;

TEST_CASE("the pinned root key comes from the build, and a build without one is refused") {
    const KeyPair root = KeyPair::from_label("dynshop-demo-root");
    auto pinned = pinned_root(root.pk.b64());
    REQUIRE(pinned.ok());
    CHECK(*pinned == root.pk);
    CHECK(pinned_root("").error().code == "no_pinned_root");
    CHECK(pinned_root("not a key").error().code == "bad_pinned_root");
    CHECK(pinned_root("AAAA").error().code == "bad_pinned_root");  // base64, but not 32 bytes
}

TEST_CASE("a host naming another platform's root is told apart from one naming ours") {
    const KeyPair root = KeyPair::from_label("dynshop-demo-root"), other = KeyPair::from_label("another-world");
    const std::string ours = R"({"root_key":")" + root.pk.b64() + R"("})";
    const std::string theirs = R"({"root_key":")" + other.pk.b64() + R"("})";
    CHECK(check_host_root(root.pk, ours).verdict == HostRoot::Same);
    const HostRootCheck foreign = check_host_root(root.pk, theirs);
    CHECK(foreign.verdict == HostRoot::Other);
    CHECK(foreign.host_key == other.pk.b64());
    // A name that is not a key is not ours either.
    CHECK(check_host_root(root.pk, R"({"root_key":"garbage"})").verdict == HostRoot::Other);
    // No answer, or one that names nothing: the pinned key decides, as for every document.
    CHECK(check_host_root(root.pk, "").verdict == HostRoot::Unknown);
    CHECK(check_host_root(root.pk, "{not json").verdict == HostRoot::Unknown);
    CHECK(check_host_root(root.pk, R"({"other":1})").verdict == HostRoot::Unknown);
    CHECK(check_host_root(root.pk, R"([1,2])").verdict == HostRoot::Unknown);
    CHECK(key_fingerprint(other.pk.b64()).rfind(other.pk.b64().substr(0, 8), 0) == 0);
}
