// The sign-in page the distributor's editor and the brand's console share (app/key_sign_in.h): who
// it is for, the passphrase (Enter signs in), "Sign in", the key file, and what the key is. Each
// screen gives its words and acts on the answer.
#pragma once
#include <string>

#include "app/key_sign_in.h"
#include "core/catalog/catalog.h"
#include "ui/ui.h"

namespace ui {

struct KeySignInPage {
    const char* child = "##signin";  // the page's scrolling area
    float top = 0;                   // under the console's bar; the editor's page has none
    float gap = 40;                  // above the avatar
    core::ImageRef avatar;
    std::string name;
    std::string subtitle;            // translated already (it may carry the shop's address)
    const char* subtitle_id = "";    // its English key, for the test hook
    const char* passphrase_label = "Passphrase";
    const char* passphrase_hint = "";
    const char* checking = "Checking your passphrase…";
    const char* key_file = "Use my key file instead";
    const char* about_title = "";
    const char* about = "";
};

enum class KeySignInChoice { None, Passphrase, KeyFile };

KeySignInChoice key_sign_in_page(Ui& ui, const KeySignInPage& page, app::KeyStatus status, app::KeySignIn& form);

// A line of text centred in the column [x, x + w) at the cursor, then room for it and `gap`; where it
// was drawn.
ImVec2 centred_line(Ui& ui, Font f, ImU32 color, const std::string& text, float x, float w, float gap);

}  // namespace ui
