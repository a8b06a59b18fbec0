// ConsoleAction: what the console screens ask for; carried out by ConsoleController.
#pragma once
#include <string>
#include <variant>
#include <vector>

#include "core/analytics/dashboard.h"
#include "core/catalog/catalog.h"
#include "core/catalog/release_draft.h"
#include "core/ledger/settlement.h"
#include "app/console_state.h"

namespace app {

struct ConsoleNoop {};
// Sign in and keys
struct BrandSignIn {};        // the passphrase typed in ConsoleState::sign_in
struct BrandKeyFile {};       // pick a key backup file
struct SaveBrandKeyFile {};   // save the key as a backup file
struct BrandSignOut {};       // forget the key (and the draft) on this device
// Pickers
struct SearchProducts {};     // ConsoleState::product_query changed
struct SearchShops {};        // ConsoleState::shop_query changed
struct OpenPicker {
    int which = 0;            // 0 close, 1 products, 2 shops (phone: full-screen list)
};
// The draft release
struct EditProductText {
    std::string product;
    core::ProductText field = core::ProductText::Title;
    std::string value;
};
struct EditProductPrice {
    std::string product;
    bool list = false;        // the list price (compare-at), else the price
    std::string text;         // as typed
};
struct EditProductSpecs {
    std::string product;
    std::vector<core::Spec> specs;
};
struct AddProductImage {
    std::string product;
};
struct RemoveProductImage {
    std::string product;
    std::size_t index = 0;
};
struct MakeProductCover {
    std::string product;
    std::size_t index = 0;
};
struct RevertProduct {
    std::string product;      // back to the published content (undo brings the edit back)
};
struct ConsoleUndo {};
struct ConsoleRedo {};
struct DiscardReleaseDraft {};
struct PublishRelease {};
struct ResolveReleaseConflict {
    bool keep_mine = true;    // keep this draft's edits on top of their version; else drop the draft
};
// Orders
struct RefreshOrders {};
struct SetOrderFilter {
    std::string filter;
};
struct ChangeOrderStatus {
    std::string order;
    core::OrderStatus to = core::OrderStatus::Paid;
    bool confirmed = false;   // refunds and cancellations ask first
};
struct CancelOrderChange {};
// Settlement
struct RefreshSettlement {};
struct SearchPayees {};         // ConsoleSettlement::query changed
struct SortPayees {
    SettleSort sort = SettleSort::Settleable;
};
struct ProposeBatch {};         // the batch for ConsoleSettlement::cutoff_text, shown before signing
struct CancelBatch {};
struct CreateBatch {};          // sign the proposed batch and store it
struct DownloadBatchCsv {
    std::string batch;
};
struct MarkPayoutLine {
    std::string batch, payee;
    core::LineStatus status = core::LineStatus::Paid;
    bool confirmed = false;     // a failed transfer asks for the bank's reason first
};
struct CancelLineMark {};
// Policy
struct EditPolicy {
    std::string group;          // the field typed in ("" for a one-off change): typing is one undo step
};
struct PolicyUndo {};
struct PolicyRedo {};
struct AddPolicyLevel {};
struct RemovePolicyLevel {};
struct AddPolicyOverride {
    std::string product;
};
struct RemovePolicyOverride {
    std::string product;
};
struct DiscardPolicyDraft {};
struct PublishPolicy {};
// Insight
struct RefreshInsight {};
struct SetInsightRange {
    int days = 30;              // 7, 30, 90; 0 = everything
};
struct SortInsight {
    InsightSort sort = InsightSort::Sales;
};
struct ShowTeams {
    bool teams = false;
};
struct SearchInsight {};        // ConsoleInsight::query changed
struct SetQuietDays {
    int days = 14;
    bool scans = false;         // the promoters' list (no QR scan), else no visit at all
};
struct PickPromoter {
    std::uint32_t distributor = 0;
};
// Audit
struct RunAudit {};               // check every shop of the brand (again)
struct SetAuditFilter {
    std::string filter;           // all | problems | a core::AuditStatus name | unchecked
};
struct SearchAudit {};            // ConsoleAudit::query changed
// Articles
struct RefreshArticles {};
struct NewArticle {};             // a new draft, opened in the editor
struct EditArticle {
    std::string group;            // the field typed in ("" for a one-off change): typing is one undo step
    bool id = false;              // the id itself was typed (the title stops suggesting it)
};
struct ArticleUndo {};
struct ArticleRedo {};
struct AddArticleBlock {
    core::ArticleBlock::Kind kind = core::ArticleBlock::Paragraph;
};
struct MoveArticleBlock {
    std::size_t index = 0;
    int by = 1;                   // -1 up, +1 down
};
struct RemoveArticleBlock {
    std::size_t index = 0;
};
struct AddShareMaterial {};
struct RemoveShareMaterial {
    std::size_t index = 0;
};
struct PickArticlePicture {
    std::string target;           // "cover", "blocks.<i>", "materials.<i>"
};
struct RemoveArticlePicture {
    std::string target;
};
struct OpenArticleProducts {
    std::string target;           // "blocks.<i>" / "materials.<i>"; "" closes the picker
};
struct SetArticleProduct {
    std::string target;
    std::string product;          // "" = none (a material about the article itself)
};
struct DiscardArticleDraft {};    // back to the signed version (a new article: deleted)
struct PublishArticle {};
struct WithdrawArticle {
    bool confirmed = false;       // asks first
};
struct CancelWithdraw {};
struct ResolveArticleConflict {
    bool keep_mine = true;        // keep this draft on top of their version; else load theirs
};

struct ConsoleAction {
    std::variant<ConsoleNoop, BrandSignIn, BrandKeyFile, SaveBrandKeyFile, BrandSignOut, SearchProducts, SearchShops, OpenPicker,
                 EditProductText, EditProductPrice, EditProductSpecs, AddProductImage, RemoveProductImage, MakeProductCover,
                 RevertProduct, ConsoleUndo, ConsoleRedo, DiscardReleaseDraft, PublishRelease, ResolveReleaseConflict,
                 RefreshOrders, SetOrderFilter, ChangeOrderStatus, CancelOrderChange, RefreshSettlement, SearchPayees, SortPayees,
                 ProposeBatch, CancelBatch, CreateBatch, DownloadBatchCsv, MarkPayoutLine, CancelLineMark, EditPolicy, PolicyUndo,
                 PolicyRedo, AddPolicyLevel, RemovePolicyLevel, AddPolicyOverride, RemovePolicyOverride, DiscardPolicyDraft, PublishPolicy,
                 SetOrderNotices, NewOrdersSeen,
                 RunAudit, SetAuditFilter, SearchAudit,
                 RefreshArticles, NewArticle, EditArticle, ArticleUndo, ArticleRedo, AddArticleBlock, MoveArticleBlock,
                 RemoveArticleBlock, AddShareMaterial, RemoveShareMaterial, PickArticlePicture, RemoveArticlePicture,
                 OpenArticleProducts, SetArticleProduct, DiscardArticleDraft, PublishArticle, WithdrawArticle, CancelWithdraw,
                 ResolveArticleConflict,
                 RefreshInsight, SetInsightRange, SortInsight, ShowTeams, SearchInsight, SetQuietDays, PickPromoter>
        what;
};

}  // namespace app
