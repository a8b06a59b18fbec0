// ConsoleState: what the brand console's screens draw from (part of AppState). Only
// ConsoleController changes it, except the form buffers the screens edit in place (marked
// "screen-edited"), as CheckoutState's form is.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/console_route.h"
#include "app/draft_saving.h"
#include "app/key_sign_in.h"
#include "app/order_notices.h"
#include "app/send_document.h"
#include "core/analytics/dashboard.h"
#include "core/audit/audit.h"
#include "core/analytics/insight.h"
#include "core/catalog/article_draft.h"
#include "core/catalog/catalog.h"
#include "core/catalog/picker.h"
#include "core/catalog/policy_form.h"
#include "core/history.h"
#include "core/catalog/release_draft.h"
#include "core/ledger/settlement.h"
#include "core/shop/shop.h"
#include "core/trust/trust.h"

namespace app {

enum class ConsoleLoad { Idle, Loading, Ready, NotFound, Refused, Failed };

// A shop that carries the brand (GET /api/directory?brand=).
struct BrandShop {
    std::string slug, name;
    core::ImageRef avatar;
    int level = 1;
};

// The shop shown in the previews: verified exactly as a consumer's browser verifies it.
struct PreviewShop {
    ConsoleLoad status = ConsoleLoad::Idle;
    std::string slug;
    std::string error;
    std::unique_ptr<core::ShopView> view;        // what the previews draw (published or draft release)
    std::optional<core::Release> shop_release;   // the brand's verified release as this shop serves it
    bool showing_draft = false;                  // view holds the draft release
    std::size_t draft_revision = 0;              // the draft revision the view shows
};

// The release editor's text fields for the product being edited (screen-edited). The controller
// refreshes them from the draft when the product or the draft changes by another way (undo, redo,
// restore, rebase).
struct ProductFields {
    std::string product;  // whose fields these are
    std::string title, subtitle, description, price, list_price;
    std::vector<core::Spec> specs;
    std::size_t synced_revision = static_cast<std::size_t>(-1);
};

// A picture being prepared and uploaded (ConsoleController::upload_picture): what it is for, how
// far it got, and why it failed.
struct ImageUpload {
    bool busy = false;
    std::string target;      // the release editor: the product; the article editor: "cover", "blocks.<i>", "materials.<i>"
    std::size_t bytes = 0;   // the prepared JPEG being sent (0 while it is decoded and scaled)
    std::string error;
};

// Someone else published a release while this draft was being edited (409 stale_version).
struct ReleaseConflict {
    bool open = false;
    bool loading = false;
    std::int64_t their_version = 0;
    std::optional<core::Release> theirs;
    std::optional<core::Release> base;  // the version the draft was made on
    bool restored = false;              // found when the saved draft came back, not when publishing
    std::vector<std::string> both_changed, dropped, they_changed;  // product ids
    std::string error;
};

struct OrderChange {
    std::string order;
    core::OrderStatus to = core::OrderStatus::Paid;
};

struct ConsoleOrders {
    ConsoleLoad status = ConsoleLoad::Idle;
    std::string error;
    core::Activity activity;  // the brand's events and orders (signed requests), paged by cursor
    bool fetching = false;
    double next_poll_ms = 0;
    std::string filter = "all";   // all | placed | paid | delivered | refunded | cancelled
    std::string query;            // screen-edited: order number, shop or customer
    std::map<std::string, core::OrderStatus> changing;  // status changes in flight, by order
    std::string change_error;
    std::optional<OrderChange> confirm;  // a refund or cancellation waiting for "yes"
    // Off the Orders page the console polls only the orders placed from `since` on (a recent window,
    // for notices); the Orders page loads the whole activity. 0: the whole activity.
    std::int64_t since = 0;
    int feed = 0;                 // bumps when the activity is replaced: answers for the old one are dropped
    OrderNotices notices;         // orders that arrive while the console is open (badge on the Orders tab)
};

// The Settlement tab: the brand's ledger (compact, from the store) settled by the core in the
// browser, the batches made so far with their lines' marks, and the batch being made.
enum class SettleSort { Settleable, Pending, Paid, Clawback, Name };

struct BatchMarkConfirm {
    std::string batch, payee;
    core::LineStatus status = core::LineStatus::Failed;
};

struct ConsoleSettlement {
    ConsoleLoad status = ConsoleLoad::Idle;
    std::string error;
    bool fetching = false;
    core::Ledger ledger;
    std::vector<core::PayoutBatch> batches;                    // oldest first, lines marked
    std::unordered_map<std::string, core::PayeeInfo> payees;  // names and accounts (the CSV's)
    core::SettlementOptions options;
    std::int64_t policy_version = 0;
    std::vector<core::PayeeBalance> balances;                  // by ledger payee id, at computed_at
    core::PayeeBalance totals;
    std::int64_t computed_at = 0;
    // What it took (tests and bench/settlement read them): the transfer, decoding the ledger,
    // balancing it, and from opening the tab to the balances on screen.
    double opened_ms = 0, fetch_ms = 0, decode_ms = 0, balances_ms = 0, drawn_ms = 0, batch_ms = 0, csv_ms = 0, create_ms = 0;
    std::size_t ledger_bytes = 0;
    // The balances table (screen-edited query; rows recomputed when it or the sort change).
    std::string query;
    SettleSort sort = SettleSort::Settleable;
    std::vector<std::uint32_t> rows;
    // Making a batch: the cutoff date (screen-edited), the batch the core proposes, signing it.
    std::string cutoff_text;
    std::string cutoff_error;
    std::optional<core::PayoutBatch> proposed;
    bool creating = false;
    std::string create_error;
    // Marking lines paid or failed.
    std::map<std::string, core::LineStatus> marking;  // payee -> mark in flight (the open batch)
    std::optional<BatchMarkConfirm> confirm;
    std::string fail_note;  // screen-edited: why the transfer failed
    std::string mark_error;
};

// The Policy tab: the brand's policy as a form (what the brand typed), its undo history, what it
// reads as, and publishing it as the next signed version.
struct ConsolePolicyEditor {
    bool loaded = false;                        // the form holds the current policy (or the draft)
    std::int64_t base_version = 0;              // the signed version this draft edits (0: none yet)
    core::PolicyForm form;                      // screen-edited; recorded into history on each edit
    core::UndoHistory<core::PolicyForm> history;
    core::PolicyRead read;                      // the form as a policy, with a message per field
    bool dirty = false;                         // differs from the signed version
    std::string override_query;                 // screen-edited: finding a product to override
    Publishing publishing;                      // last: "Published policy version 3"
};

// The Insight tab: the brand's activity (compact, from the store), its cube, and the report for the
// chosen range; the tables' order is computed when the range, sort or query change, not per frame.
enum class InsightSort { Sales, Visits, Orders, Conversion, Scans, Name };

struct ConsoleInsight {
    ConsoleLoad status = ConsoleLoad::Idle;
    std::string error;
    bool fetching = false;
    core::BrandActivity activity;
    core::Cube cube;
    core::Report report;
    int range_days = 30;              // 7, 30, 90; 0 = everything
    std::int32_t from_day = 0, to_day = 0;
    bool teams = false;               // the distributors table: their own shop, or their whole team
    InsightSort sort = InsightSort::Sales;
    std::string query;                // screen-edited: find a distributor
    std::vector<std::uint32_t> rows;  // the distributors table, in order
    int quiet_days = 14;              // no visit for this many days
    int scan_quiet_days = 7;          // a promoter with no QR scan for this many days
    std::vector<std::uint32_t> quiet_visits, quiet_scans;
    std::vector<std::uint32_t> promoters;    // distributors with a shop, most scans in the range first
    std::uint32_t promoter = UINT32_MAX;     // the one whose days are shown
    std::vector<core::DayPoint> promoter_days;
    std::vector<std::pair<std::uint16_t, long>> promoter_campaigns;
    // What it took: opened -> first chart drawn (transfer, decode, cube, report), a range change.
    double opened_ms = 0, fetch_ms = 0, decode_ms = 0, cube_ms = 0, report_ms = 0, drawn_ms = 0;
    std::size_t bytes = 0;
};

// The Audit tab: every shop that carries the brand (ConsoleState::shops), its bundle fetched and
// verified in this browser exactly as a consumer's browser verifies it (core::audit_shop), a few at
// a time. Counts are added as each result lands; the list's order is computed when the filter or the
// query change, or (throttled) as results land, never per frame.
enum class AuditRowState : std::uint8_t { Waiting, Checking, Done, Unchecked };

struct AuditRow {
    std::string slug, name;          // as the shop list names it
    AuditRowState state = AuditRowState::Waiting;
    core::ShopAudit result;          // Done
    std::string why_unchecked;       // Unchecked: the store gave no answer for it
    std::string haystack;            // name and address, folded for search
};

struct ConsoleAudit {
    ConsoleLoad status = ConsoleLoad::Idle;  // Loading while shops are checked, Ready when every one was asked
    std::string error;
    int run = 0;                             // bumps with each run: answers for an earlier run are dropped
    std::vector<AuditRow> rows;              // the brand's shops, in the shop list's order
    std::size_t next = 0, in_flight = 0, finished = 0;
    core::AuditSummary summary;              // over the rows done
    std::size_t unchecked = 0;
    std::unique_ptr<core::AuditBrand> brand;  // what the shops are checked against (root, certificate, release)
    std::unique_ptr<core::AuditCache> cache;
    double started_ms = 0, finished_ms = 0;  // platform::now_ms
    double work_ms = 0;                      // spent verifying (parsing and checking the answers), not waiting
    std::size_t bytes = 0;                   // the answers' size
    // The list: rows matching the filter and the query (screen-edited), worst first.
    std::string filter = "all";              // all | problems | a status name | unchecked
    std::string query;
    std::vector<std::uint32_t> shown;
    double shown_at_ms = 0;
};

// The Articles tab: the brand's articles as the store holds them (each verified), the drafts kept
// on this device, and the one being written: a form the screen edits in place, recorded into one
// undo history, read by core::article_problems after every edit.
enum class ArticleStatus { Draft, Published, Withdrawn };

struct ArticleRow {
    std::string key;            // the route's key: the article's id, or "new-..." for one never published
    std::string title, id;
    ArticleStatus status = ArticleStatus::Draft;
    std::int64_t version = 0;   // the signed version (Published, Withdrawn)
    bool draft = false;         // unpublished changes kept on this device
    std::int64_t updated_ms = 0;
};

struct ArticleDraftEntry {
    core::ArticleDraft draft;
    std::int64_t updated_ms = 0;
};

// Someone else published a version of the open article meanwhile (409 stale_version).
struct ArticleConflict {
    bool open = false;
    bool loading = false;
    std::int64_t their_version = 0;
    std::optional<core::Article> theirs;
    std::string error;
};

struct ConsoleArticles {
    ConsoleLoad status = ConsoleLoad::Idle;
    std::string error;
    std::vector<core::Article> published;          // current version of each, withdrawn included, newest first
    std::vector<std::string> refused;              // articles the store holds that did not verify, in words
    std::map<std::string, ArticleDraftEntry> drafts;  // by key; autosaved to IndexedDB "article-drafts:<brand>"
    bool drafts_in = false;                        // the saved drafts were read
    std::vector<ArticleRow> rows;                  // the list, newest first

    // The article being written.
    std::string open;                              // its key ("" = none)
    core::ArticleDraft form;                       // screen-edited; recorded into history on each edit
    core::ArticleHistory history;
    std::vector<core::ArticleProblem> problems;    // core::article_problems of the form, against the release
    bool changed = false;                          // differs from the signed version (always, for a new one)
    std::size_t revision = 0;                      // bumps with every change of the form
    std::string picking;                           // "blocks.<i>" / "materials.<i>" while its product picker is open
    ImageUpload upload;

    DraftSaving saving;                            // kept on this device as "article-drafts:<brand>"

    Publishing publishing;                         // the version the open article was just published (or withdrawn) as
    bool withdrew = false;                         // that version withdraws it
    std::string link;                              // the article's address in the previewed shop
    bool confirm_withdraw = false;
    ArticleConflict conflict;
};

struct ConsoleState {
    bool active = false;
    ConsoleRoute route;

    // The brand, as the platform certifies it, and its current release (verified).
    std::string brand;
    ConsoleLoad load = ConsoleLoad::Idle;
    std::string load_error;
    std::optional<core::BrandCert> cert;
    std::optional<core::Policy> policy;
    std::optional<core::Release> published;
    core::PickerIndex product_index;  // over published.products, in release order

    KeyStatus key_status = KeyStatus::Unknown;
    std::optional<core::KeyPair> key;
    KeySignIn sign_in;
    std::string key_notice;

    // Shops that carry the brand.
    ConsoleLoad shops_status = ConsoleLoad::Idle;
    std::string shops_error;
    std::vector<BrandShop> shops;
    core::PickerIndex shop_index;

    // Pickers (screen-edited queries; results computed when a query changes).
    std::string product_query, shop_query;
    core::PickerIndex::Matches product_matches, shop_matches;
    int picker_open = 0;  // phone: 0 none, 1 products, 2 shops (full-screen list)

    // The preview: which product in which shop, the published or the draft release.
    std::string preview_product, preview_shop;
    bool preview_draft = false;
    PreviewShop shop;

    // The draft release and its history; autosaved to IndexedDB "release-draft:<brand>".
    core::ReleaseHistory history;
    std::size_t revision = 0;  // bumps with every change of the draft
    std::vector<std::string> changed;  // products the draft changes, release order
    bool restored_draft = false;
    DraftSaving saving;
    ProductFields fields;
    std::map<std::string, std::string> field_errors;  // "title", "price", "spec", ... for fields.product
    ImageUpload upload;

    Publishing publishing;  // last: "Published version 2"
    ReleaseConflict conflict;

    ConsoleOrders orders;
    ConsoleSettlement settlement;
    ConsolePolicyEditor policy_editor;
    ConsoleInsight insight;

    ConsoleAudit audit;
    ConsoleArticles articles;
    int data_version = 0;  // bumps when loaded data brings new text (the font atlas notes it)
};

}  // namespace app
