// The distributor's part of the URL space (/d/...). Parsing is total, like parse_route.
//
//   /d                                 Find your shop on a new device: type its address, then sign in
//   /d/join?invite=<b64url envelope>   Onboarding from an invite (brand's or a parent distributor's)
//   /d/<slug>                          Sign in (passphrase or key file), then the editor
//   /d/<slug>/edit                     Editor with live preview
//   /d/<slug>/share                    Share kit: links per channel and campaign, QR code, poster
//   /d/<slug>/team                     Recruiting: invite link, the team as a tree with sales
//   /d/<slug>/dash                     Dashboard: visits, funnel, orders, commission, customers
//   /d/<slug>/payouts                  Dashboard: every payout the brands made to this shop
//   /d/<slug>/payouts/<batch>          Dashboard: one payout's statement (orders, levels, clawbacks, CSV)
#pragma once
#include <string>

namespace app {

enum class EditorPage { Join, Home, Edit, Share, Team, Dash, Find, NotFound };

struct EditorRoute {
    EditorPage page = EditorPage::NotFound;
    std::string slug;
    std::string invite;  // Join: the invite as it came in the link (base64url of the envelope JSON)
    // Dash: the payouts part of the dashboard (its list, or with `batch` one payout's statement).
    bool payouts = false;
    std::string batch;
};

EditorRoute parse_editor_route(const std::string& path_and_query);
const char* editor_page_name(EditorPage page);
std::string editor_path(const std::string& slug, EditorPage page);
std::string join_path(const std::string& invite_b64url);
// "/d/<slug>/payouts", or with a batch id "/d/<slug>/payouts/<batch>".
std::string payouts_path(const std::string& slug, const std::string& batch = "");
// A payout batch id as links carry it: "pb_<brand>_<cutoff ms>" (letters, digits, _ and -).
bool is_valid_batch_id(const std::string& id);

}  // namespace app
