// fuzz_enrollment: raw bytes -> core::parse_json -> core::parse_enrollment (a distributor's place in a
// brand's recruiting tree, as every shop visit checks it). Written back (enrollment_to_json) it must
// read back unchanged. Then the product's path, verify_chain, on the text signed by the brand: a
// one-link chain holds only for a level-1, active enrollment with no parent, and never without the
// recruit's consent (core::check_consent: the brand's signature alone enrolls no one). Signed by the
// enrollee's own key instead (when the harness holds it, with its invite re-signed likewise), the
// invite path (invited_link) runs.
#include "core/shop/shop.h"
#include "fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(fuzz::text(data, size));
    auto doc = core::parse_json(text, "enrollment");
    if (!doc) return 0;
    auto e = core::parse_enrollment(*doc);
    if (!e) return 0;

    auto back = core::parse_enrollment(core::enrollment_to_json(*e));
    FUZZ_CHECK(back.ok());
    FUZZ_CHECK(back->brand == e->brand && back->distributor == e->distributor && back->slug == e->slug &&
               back->name == e->name && back->parent == e->parent && back->key == e->key && back->level == e->level &&
               back->issued_ms == e->issued_ms && back->active == e->active && back->invite == e->invite &&
               back->consent == e->consent);

    const auto& k = fuzz::keys();
    core::BrandCert brand;
    brand.brand = e->brand;
    brand.name = "Fuzz";
    brand.key = k.brand.pk;
    core::EnrollmentDocs docs;
    docs[e->distributor] = core::sign_envelope(text, k.brand);
    auto chain = core::verify_chain(e->distributor, docs, brand, 3);
    FUZZ_CHECK(!chain.ok() || (e->parent.empty() && e->level == 1 && e->active));
    FUZZ_CHECK(!chain.ok() || e->consent.is_object());

    // Self-signed under an invite.
    const core::KeyPair* self = k.find(e->key.b64());
    if (!self || !e->invite.is_object()) return 0;
    core::Json with_invite = *doc;
    if (auto inv = core::Envelope::from_json(e->invite)) with_invite["invite"] = fuzz::resigned(*inv).to_json();
    docs[e->distributor] = core::sign_envelope(core::dump_json(with_invite), *self);
    (void)core::verify_chain(e->distributor, docs, brand, 3);
    return 0;
}
