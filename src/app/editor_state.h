// EditorState: what the distributor's screens draw from (part of AppState). Only EditorController
// changes it, except the few form buffers the screens edit in place (marked "screen-edited"), as
// CheckoutState's form is.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/editor_route.h"
#include "app/key_sign_in.h"
#include "app/order_notices.h"
#include "app/draft_saving.h"
#include "app/send_document.h"
#include "core/analytics/dashboard.h"
#include "core/analytics/insight.h"
#include "core/media/image.h"
#include "core/shop/draft.h"
#include "core/shop/invite.h"
#include "core/share/kit.h"
#include "core/shop/shop.h"
#include "core/trust/trust.h"

namespace app {

enum class EditorLoad { Idle, Loading, Ready, NotFound, Refused, Failed };

// /d: the shop's address typed on a device that does not know it yet.
struct FindForm {
    std::string address;  // screen-edited: an address or any link into the shop
    std::string error;
};

// The editable text of the draft, as the fields show it (screen-edited). The controller refreshes
// them from the draft whenever the draft changes by another way (undo, redo, restore, conflict).
struct DraftFields {
    std::string name, greeting, contact;
    std::map<std::string, std::string> notes;  // by product id
    std::size_t synced_revision = static_cast<std::size_t>(-1);
};

// Uploading an avatar or banner: the picked file decoded, framed by the person, then sent.
struct UploadState {
    bool open = false;
    core::ImageSlot slot = core::ImageSlot::Avatar;
    std::string file_name;
    core::Raster image;          // decoded (shrunk to at most 2048 px a side for the crop view)
    int revision = 0;            // bumps with each new picture (the screen re-uploads its texture)
    float zoom = 1, cx = 0.5f, cy = 0.5f;  // screen-edited: the framing
    bool uploading = false;
    std::string error;           // why the last file was refused, in words
};

struct Conflict {
    bool open = false;
    bool loading = false;
    std::int64_t their_version = 0;
    std::optional<core::ShopManifest> theirs;
    std::vector<std::string> fields;  // what differs between theirs and this draft
};

struct ShareKit {
    std::string channel = "qr";   // qr | share | link
    std::string campaign;         // screen-edited; a campaign id, optional
    std::string product;          // "" = the shop's front page, else a product link
    std::string article;          // a brand article's page instead (its id is the campaign)
    std::string campaign_error;
    bool poster_busy = false;

    // What the kit links to on `channel`: every link, QR code and poster of the kit is made from it.
    core::ShareTarget target(const std::string& slug, core::Channel ch) const {
        return {slug, article.empty() ? product : "", ch, article.empty() ? campaign : "", article};
    }
};

struct TeamMember {
    std::string brand, distributor, parent, name, slug;
    int level = 1;
    bool active = true;
    long orders = 0;
    std::map<std::string, std::int64_t> sales;  // by currency, minor units
};

struct Team {
    EditorLoad status = EditorLoad::Idle;
    std::string error;
    std::vector<TeamMember> members;  // this distributor first, then their downline
    std::string invite_link;          // the last invite made here
    std::string invite_brand;
    std::string invite_error;
};

// The dashboard: the shop's and the team's activity, polled while the page is open.
struct DashState {
    EditorLoad status = EditorLoad::Idle;
    std::string error;
    core::Activity activity;
    core::Dashboard numbers;
    int lost_after_days = 30;   // the brand's policy sets the first value; the person can change it
    bool lost_days_set = false;
    bool fetching = false;
    double next_poll_ms = 0;
    double compute_ms = 0;      // how long compute_dashboard took (shown to tests, and in the bench)
    std::int64_t updated_utc = 0;
    OrderNotices notices;       // orders that arrive while the editor is open (badge on the Dashboard tab)
};

// The team's ground activity and how far this distributor's links travelled: the core's insight
// (core/analytics/insight.h) over the dashboard's activity (the shop and the team, as the store
// sends it), placed on the team the store lists, so that a member with no traffic yet is there too
// (never scanned). Computed by EditorController whenever the activity or the team arrives.
struct MemberScans {
    std::uint32_t index = 0;       // into TeamInsight::activity.distributors
    long scans = 0;                // QR scans in the range
    core::UtcMs last_scan = 0;     // all time; 0: never
    std::vector<std::pair<std::uint16_t, long>> campaigns;  // campaigns (0: the shop's own code) scanned in the range, most first
};

struct TeamInsight {
    bool ready = false;
    core::BrandActivity activity;
    core::Cube cube;
    std::uint32_t self = UINT32_MAX;            // this distributor, in activity.distributors
    std::vector<std::uint32_t> downline;        // everyone below them
    int range_days = 30;                        // QR scans over the last N days
    std::int32_t from_day = 0, to_day = 0;
    std::uint32_t picked = UINT32_MAX;          // the member whose days the chart shows; UINT32_MAX: the whole team
    std::vector<core::DayPoint> days;           // QR scans per day, of the team or the member picked
    long team_scans = 0;                        // the team's (theirs and their downline's) in the range
    std::vector<MemberScans> members;           // this distributor first, then the downline, most scans first
    int quiet_days = 7;
    std::vector<std::uint32_t> quiet;           // downline with no scan in quiet_days: never scanned first
    core::LinksReach reach;                     // this distributor's own links, all time
    double compute_ms = 0;
    std::string campaign(std::uint16_t c) const { return c && c <= activity.campaigns.size() ? activity.campaigns[c - 1] : std::string(); }
};

// Payouts: what the brands paid this distributor, from the store's statements (GET
// /api/shops/<slug>/statements, signed like the activity). Balances and statements are the core's,
// computed by the store over each brand's ledger; nothing here is recomputed.
struct StatementEntry {
    bool clawback = false;      // a refund after an earlier payout, deducted by this one
    std::string order, number;  // order id, and its number as the customer has it
    int level = 1;              // 1: sold in this shop; 2, 3: sold by the team
    std::int64_t amount = 0;    // minor units (a clawback's amount is the share taken back)
};

struct Payout {
    std::string brand, brand_name, currency, batch;
    std::int64_t cutoff = 0, created_ms = 0;
    // The line that paid this distributor.
    std::int64_t gross = 0, clawback = 0, amount = 0;
    long shares = 0;
    std::string status;          // sent | paid | failed
    std::int64_t status_ms = 0;
    std::string note;            // the brand's note on the transfer (a bank reference, why it failed)
    // The statement behind it.
    std::vector<StatementEntry> entries;
    std::int64_t entries_gross = 0, entries_clawback = 0;
    std::string csv;
    std::string repaid_by;       // a failed line: the later batch that paid this brand's commission again
};

struct BrandMoney {
    std::string brand, name, currency;
    std::int64_t min_payout = 0;
    int freeze_days = 7;
    // The store's balance (the core's): frozen, due in the next payout, paid by batches, owed back, cancelled.
    std::int64_t pending = 0, settleable = 0, paid_gross = 0, clawback = 0, cancelled = 0;
    // From the lines: what reached the bank, what is on its way, what came back.
    std::int64_t paid = 0, on_its_way = 0, failed = 0;
    long payouts = 0;
};

struct PayoutsState {
    EditorLoad status = EditorLoad::Idle;
    std::string error;
    bool fetching = false;
    double next_poll_ms = 0;
    std::int64_t updated_utc = 0;
    std::vector<BrandMoney> brands;   // the shop's brands, in the store's order
    std::vector<Payout> payouts;      // every brand's, newest first
    std::map<std::string, std::string> seen;  // "<batch>" -> status, for the notice when one arrives or changes
    bool primed = false;              // the first answer is what was there before: no notices for it
    std::string notice;               // the last payout notice (test hook)
    const Payout* find(const std::string& batch) const {
        for (const auto& p : payouts)
            if (p.batch == batch) return &p;
        return nullptr;
    }
};

// Onboarding from an invite link.
enum class SlugAvailability { Unchecked, Checking, Free, Taken };
struct JoinState {
    EditorLoad status = EditorLoad::Idle;  // the invite: read and verified against its signer
    std::string error;                     // why the invite cannot be used
    std::optional<core::Invite> invite;
    std::string brand_name, brand_locale, inviter;  // who invites, for the screen
    int max_levels = 3;
    // The form (screen-edited).
    std::string shop_name, person, slug, passphrase, passphrase2;
    bool slug_edited = false;  // typed by the person: no longer follows the shop name
    std::string slug_message;
    SlugAvailability slug_state = SlugAvailability::Unchecked;
    std::string checked_slug;
    double check_due_ms = 0;
    std::map<std::string, std::string> errors;  // by field
    bool creating = false;
    std::string step;  // "Making your key…", "Opening your shop…"
    double started_ms = 0;
};

struct EditorState {
    bool active = false;
    EditorRoute route;

    // The shop being edited, as the store has it (verified like a consumer's), and its owner.
    std::string slug;
    EditorLoad load = EditorLoad::Idle;
    core::Error load_error;
    std::string refused_locale;  // a refused shop's first brand's locale (verified cert): its UI language
    std::unique_ptr<core::ShopBundle> bundle;
    std::unique_ptr<core::ShopView> view;  // composed from the bundle, showing the draft
    core::ShopManifest published;          // the manifest the store holds now
    std::string distributor, person;       // id and the person's name in the enrollment
    int level = 1;

    KeyStatus key_status = KeyStatus::Unknown;
    std::optional<core::KeyPair> key;
    KeySignIn sign_in;
    FindForm find;
    std::string key_notice;  // "Key file saved", "This key file is for another shop"

    // The draft and its history. base_version: the published version the draft builds on.
    core::EditHistory history;
    std::int64_t base_version = 0;
    std::size_t revision = 0;      // bumps with every change of the draft
    bool restored_draft = false;   // unpublished changes came back from this browser's storage
    DraftSaving saving;            // kept on this device as "draft:<slug>"

    DraftFields fields;
    std::map<std::string, std::string> field_errors;  // by field ("name", "note:<pid>")
    std::string product_filter;  // screen-edited: search among the shop's products
    std::string selected_product;

    Publishing publishing;  // last: "Published version 4" (test hook and banner)
    Conflict conflict;

    UploadState upload;
    ShareKit share;
    Team team;
    DashState dash;
    TeamInsight insight;
    PayoutsState payouts;
    JoinState join;

    int data_version = 0;  // bumps when loaded data brings new text (the font atlas notes it)
};

}  // namespace app
