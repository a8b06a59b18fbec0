// Order status page (/o/<order>): the consumer's receipt and where their order is.
#include "ui/screens.h"
#include "ui/widgets.h"

namespace ui {

void show_order(Ui& ui) {
    show_placeholder(ui, "Order status", "Looking up orders arrives with order placement.");
}

}  // namespace ui
