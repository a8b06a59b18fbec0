// The distributor's shop editor (issue: distributor shop editor).
#include "ui/screens.h"
#include "ui/widgets.h"

namespace ui {

void show_editor(Ui& ui) {
    show_placeholder(ui, "Shop editor", "The distributor's shop editor is not available yet.");
}

}  // namespace ui
