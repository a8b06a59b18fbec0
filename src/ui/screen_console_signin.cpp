// Sign in to the brand console on this device: the brand's passphrase (Argon2id over the brand id
// turns it back into the key in the brand's certificate) or the brand's key file. The page is the
// editor's (ui/key_sign_in_ui.h) with the brand's words.
#include "ui/console_ui.h"
#include "ui/key_sign_in_ui.h"

namespace ui {

void show_console_sign_in(Ui& ui) {
    app::ConsoleState& c = console_buffers(ui);
    KeySignInPage page;
    page.child = "##console-signin";
    page.top = console_frame(ui).top;
    page.gap = ui.phone ? 28 : 56;
    page.name = c.cert ? c.cert->name : c.brand;
    page.subtitle = ui.t("Sign in to the brand console");
    page.subtitle_id = "Sign in to the brand console";
    page.passphrase_label = "Brand passphrase";
    page.passphrase_hint = "The passphrase that makes the brand's key";
    page.checking = "Checking the passphrase…";
    page.key_file = "Use the brand's key file instead";
    page.about_title = "What this key does";
    page.about = "The brand's key signs every catalog release and every order status. It stays in this browser: the platform "
                 "never sees it. Anyone who holds it can publish for the brand, so sign in only on devices you trust.";
    switch (key_sign_in_page(ui, page, c.key_status, c.sign_in)) {
        case KeySignInChoice::Passphrase: emit_console(ui, app::BrandSignIn{}); break;
        case KeySignInChoice::KeyFile: emit_console(ui, app::BrandKeyFile{}); break;
        case KeySignInChoice::None: break;
    }
}

}  // namespace ui
