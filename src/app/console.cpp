#include "app/console.h"

namespace app {

void ConsoleController::on_route() { s_.console.active = true; }

void ConsoleController::handle(const ConsoleAction&) {}

}  // namespace app
