// What the demo world and the scale world share while they build (internal to the demo library):
// rendering jobs, image slots, keys, signing, consented enrollments and shop bundles. Defined in
// demo_world.cpp.
//
// [SECTION] Jobs      rendering (and verifying, signing) on a few threads without changing the output
// [SECTION] Images    a rendered picture into the world, content-addressed
// [SECTION] Signing   keys from passphrases, signed documents, consented enrollments, bundles
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/shop/shop.h"
#include "demo_world.h"
#include "paint.h"

namespace demo {

constexpr core::UtcMs kHour = 3600000;

// [SECTION] Jobs
// Rendering is the slow part: jobs fill pre-sized slots, so threads never change the output.
void run_jobs(std::vector<std::function<void()>>& jobs);
// A pixel size times Options::image_scale, at least 8.
int scaled(int px, float scale);

// [SECTION] Images
struct Render {
    int w = 0, h = 0;
    std::vector<std::uint8_t> bytes;
};
core::ImageRef add_image(World& w, Render&& r);
// The label fonts from the bytes Options carries (which must outlive them).
Fonts make_fonts(const Options& o);

// [SECTION] Signing
core::Result<core::KeyPair> passphrase_key(const Options& o, const std::string& passphrase, const std::string& salt);
Document sign_doc(const char* kind, const core::Json& payload, const core::KeyPair& key);
// An enrollment made the consented way (issue 9, core::check_consent): its parent (the brand for
// level 1) signs an invite for exactly this brand, parent and level, and the recruit signs their
// enrollment, with the invite in it, with their own key.
Document consented_enrollment(const core::Enrollment& e, const core::KeyPair& parent, const core::KeyPair& recruit,
                              const std::string& parent_slug = "", const std::string& parent_name = "");
// The shop bundle as the store hands it out: the manifest, each brand's certificate, release and
// policy, and the enrollment chain of the shop's distributor in each brand.
using EnrollmentDocs = std::map<std::string, std::map<std::string, std::pair<std::string, core::Envelope>>>;  // brand -> id -> (parent, doc)
core::ShopBundle make_bundle(const core::Envelope& manifest, const std::vector<std::string>& brands,
                             const std::map<std::string, core::Envelope>& certs, const std::map<std::string, core::Envelope>& releases,
                             const std::map<std::string, core::Envelope>& policies, const EnrollmentDocs& enrollments,
                             const std::string& distributor);

}  // namespace demo
