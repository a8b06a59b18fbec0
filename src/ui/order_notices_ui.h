// Order notices on screen (app/order_notices.h): the unread badge on the tab that lists orders (the
// editor's Dashboard, the console's Orders) and the "Tell me about new orders" switch.
#pragma once
#include "ui/screens.h"

namespace ui {

// A red count centred on `center` (a tab's corner), exposed as "badge" for tests and screen readers.
void tab_badge(Ui& ui, ImVec2 center, int count);

// The switch, `w` wide at the cursor, with a line saying what it does or why it cannot. True when
// tapped: the caller emits SetOrderNotices{!ui.state.notify.on()} in its own action type, inside
// the tap, so the browser may ask the person.
bool order_notice_switch(Ui& ui, float w);

}  // namespace ui
