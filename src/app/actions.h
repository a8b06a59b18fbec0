// Actions: what screens ask for. The Controller carries them out after the frame.
#pragma once
#include <string>
#include <variant>

#include "app/console_actions.h"
#include "app/editor_actions.h"
#include "app/order_actions.h"

namespace app {

struct Navigate {
    std::string path;
    bool replace = false;  // same history entry (search as you type, redirects)
};
struct GoBack {};
struct AddToCart {
    std::string brand, product;
    int quantity = 1;
};
struct SetQuantity {
    std::string product;
    int quantity = 0;
};
struct CopyText {
    std::string text, confirmation;
};
struct ShareLink {  // a link made elsewhere (share kit, invites): shared as it is
    std::string title, url;
};
struct ShareShop {};  // the consumer's share button: the onward link of this visit (controller)
struct SubmitCheckout {};
struct Retry {};
struct ShowToast {
    std::string text;
};

using Action = std::variant<Navigate, GoBack, AddToCart, SetQuantity, CopyText, ShareLink, ShareShop, SubmitCheckout, Retry, ShowToast,
                            EditorAction, ConsoleAction, OrderAction>;

}  // namespace app
