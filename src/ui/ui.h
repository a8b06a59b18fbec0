// The context every screen draws with: read-only app state, the canvas services, the palette,
// and the list the screen appends its Actions to.
#pragma once
#include <vector>

#include "app/actions.h"
#include "app/state.h"
#include "ui/canvas.h"
#include "ui/images.h"
#include "ui/i18n.h"
#include "ui/theme.h"

namespace ui {

struct Ui {
    const app::AppState& state;
    Canvas& canvas;
    ImageCache& images;
    std::vector<app::Action>& actions;
    Palette pal;
    bool phone = true;
    float width = 0, height = 0;
    Lang lang = Lang::En;

    const char* t(const char* english) const { return tr(lang, english); }
    std::string tf(const char* pattern, const std::string& value) const { return tr_fmt(lang, pattern, value); }
    std::string count(long n, const char* one, const char* many) const { return tr_count(lang, n, one, many); }

    void emit(app::Action a) { actions.push_back(std::move(a)); }
    ImFont* font(Font f) const { return canvas.fonts().get(f); }
    float size(Font f) const { return canvas.fonts().size(f); }
};

}  // namespace ui
