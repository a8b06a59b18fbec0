#include "app/editor.h"

namespace app {

void EditorController::on_route() { s_.editor.active = true; }

void EditorController::handle(const EditorAction&) {}

}  // namespace app
