// EditorAction: what the distributor's screens ask for; carried out by EditorController.
#pragma once
#include <string>
#include <variant>

#include "app/order_notices.h"
#include "core/shop/draft.h"

namespace app {

struct EditorNoop {};
// Sign in and keys
struct SignInWithPassphrase {};        // the passphrase typed in EditorState::sign_in
struct FindShop {};                    // the address typed in EditorState::find: go to its sign-in
struct RestoreKeyFile {};              // pick a key backup file
struct DownloadKeyFile {};             // save the key as a backup file
struct SignOut {};                     // forget the key on this device
// The draft
struct EditText {
    core::TextField field;
    std::string value;
};
struct EditNote {
    std::string product, text;
};
struct SetTheme {
    core::Theme theme;
};
struct SetFeatured {
    std::string product;
    bool featured = true;
};
struct MoveFeatured {
    std::size_t from = 0, to = 0;
};
struct SelectProduct {
    std::string product;
};
struct Undo {};
struct Redo {};
struct DiscardDraft {};
struct Publish {};
struct ResolveConflict {
    bool keep_mine = true;  // publish this draft over theirs, or take theirs into the draft
};
// Images
struct PickImage {
    core::ImageSlot slot = core::ImageSlot::Avatar;
};
struct ConfirmCrop {};
struct CancelCrop {};
struct RemoveImage {
    core::ImageSlot slot = core::ImageSlot::Avatar;
};
// Share kit
struct SetShareChannel {
    std::string channel;
};
struct SetShareProduct {
    std::string product;
};
struct SetShareArticle {  // a brand article's page in the shop, the article its campaign
    std::string article;
};
struct DownloadPicture {  // a brand's share material picture, saved to the phone or computer
    core::ImageRef image;
    std::string filename;
};
struct DownloadPoster {};
// Team
struct CreateInvite {
    std::string brand;
};
struct ReloadTeam {};
struct SetScanRange {   // the team's QR scans over the last N days
    int days = 30;
};
struct SetScanQuietDays {  // who in the team has had no scan for N days
    int days = 7;
};
struct PickScanMember {  // whose days the chart shows; an empty id: the whole team
    std::string distributor;
};
// Dashboard
struct RefreshDashboard {};
struct SetLostDays {
    int days = 30;
};
struct DownloadStatement {  // save a payout's statement (the store's CSV, made by the core) as a file
    std::string batch;
};
// Onboarding
struct JoinFormChanged {};  // the join form was edited: re-check the slug
struct CreateShop {};

struct EditorAction {
    std::variant<EditorNoop, SignInWithPassphrase, FindShop, RestoreKeyFile, DownloadKeyFile, SignOut, EditText, EditNote, SetTheme,
                 SetFeatured, MoveFeatured, SelectProduct, Undo, Redo, DiscardDraft, Publish, ResolveConflict, PickImage,
                 ConfirmCrop, CancelCrop, RemoveImage, SetShareChannel, SetShareProduct, SetShareArticle, DownloadPicture, DownloadPoster, CreateInvite,
                 ReloadTeam, SetScanRange, SetScanQuietDays, PickScanMember, RefreshDashboard, SetLostDays, DownloadStatement, JoinFormChanged, CreateShop, SetOrderNotices,
                 NewOrdersSeen>
        what;
};

}  // namespace app
