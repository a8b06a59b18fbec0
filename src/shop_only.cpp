// The consumer's build (shop.wasm): shops, products, articles, cart, checkout, receipts; no editor,
// no console, so none of their code (sign-in and Argon2id, dashboards, settlement, the poster maker)
// is in a shared link's first download. A route into /d or /console loads the page anew, and
// serve.py answers it with the full app (src/with_workspaces.cpp, app.wasm). See src/app/workspace.h.
#include "app/workspace.h"
#include "ui/screens.h"

namespace app {
Workspaces make_workspaces(AppState&) { return {}; }
}  // namespace app

namespace ui {
void show_workspace(Ui& ui) { loading_view(ui); }
}  // namespace ui
