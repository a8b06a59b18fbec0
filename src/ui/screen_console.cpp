// The brand console: preview, audit, policies (issue: brand preview and later ones).
#include "ui/screens.h"
#include "ui/widgets.h"

namespace ui {

void show_console(Ui& ui) {
    show_placeholder(ui, "Brand console", "The brand console is not available yet.");
}

}  // namespace ui
