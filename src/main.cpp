// Wires the app together: the Canvas (ImGui host), the image cache, the Controller (state and
// actions) and the screens; loads the fonts; exports the state browser tests read.
#include <array>
#include <deque>
#include <memory>

#include "app/controller.h"
#include "core/json.h"
#include "platform/platform.h"
#include "ui/canvas.h"
#include "ui/i18n.h"
#include "ui/images.h"
#include "ui/screens.h"

namespace {

struct App {
    app::AppState state;
    app::Controller controller{state};
    ui::Canvas canvas;
    std::unique_ptr<ui::ImageCache> images;
    int noted_version = -1;
    std::array<int, 2> noted_workspace_versions{-1, -1};
    int noted_order_version = -1;
    const core::ShopView* noted_shop = nullptr;  // note_data_text: the shop whose text was noted last,
    int noted_shop_version = -1;                 // at this controller data_version
    bool first_frame_sent = false;
    bool extended_requested = false, cjk_requested = false, chinese_noted = false;
    std::vector<std::uint8_t> latin_regular, latin_semibold;
    ui::Palette palette = ui::default_palette();
    std::uint32_t styled_for = 0xFFFFFFFF;
    bool styled_phone = false;

    // A font the first screen cannot do without: without it, the shop says what went wrong.
    void get_font(const char* url, std::function<void(std::vector<std::uint8_t>)> done) {
        platform::fetch("GET", url, "", [this, url, done](platform::Response r) {
            if (r.ok()) return done(std::move(r.body));
            if (first_frame_sent) return done({});  // later, a missing font costs glyphs, not the shop
            platform::fatal_error("The shop could not load its fonts",
                                  r.status == 0 ? "You seem to be offline. Check your connection and try again."
                                                : std::string("The font file ") + url + " is missing on the server.");
        });
    }
    // Inter up front; the CJK font once noted text needs it (fetch_cjk_if_wanted).
    void load_fonts() {
        get_font("/fonts/inter-regular.otf", [this](auto bytes) { latin_regular = std::move(bytes); latin_done(); });
        get_font("/fonts/inter-semibold.otf", [this](auto bytes) { latin_semibold = std::move(bytes); latin_done(); });
    }
    void latin_done() {
        if (!latin_regular.empty() && !latin_semibold.empty())
            canvas.fonts().set_latin(std::move(latin_regular), std::move(latin_semibold));
    }
    // The core CJK subset (88 KB) when text about to be drawn needs a character Inter lacks. The
    // store's page already fetches it for a page whose first paint has such text (boot "prefetch"),
    // so a Chinese shop does not wait for its data before asking for its font.
    void fetch_cjk_if_wanted() {
        if (!canvas.fonts().wants_cjk() || cjk_requested) return;
        cjk_requested = true;
        get_font("/fonts/cjk-core.ttf", [this](std::vector<std::uint8_t> bytes) {
            cjk_requested = false;
            if (bytes.empty()) canvas.fonts().cjk_unavailable();
            else if (!canvas.fonts().has_extended()) canvas.fonts().set_cjk(std::move(bytes), false);
            fetch_extended_if_wanted();  // text noted before this font arrived is checked now
            canvas.invalidate();
        });
    }

    // Everything the screens may draw goes through the font atlas before it is drawn.
    void note_data_text() {
        ui::Fonts& f = canvas.fonts();
        // The shop's own text only when the shop changed (a new view, or the controller's data): a
        // 3,000-product shop is 10 ms of a phone's main thread (4x slower CPU) each time, and orders
        // and workspaces call this too. The atlas never forgets what was noted.
        const core::ShopView* v = state.shop.view.get();
        const bool shop_changed = v != noted_shop || controller.data_version() != noted_shop_version;
        noted_shop = v;
        noted_shop_version = controller.data_version();
        if (v && shop_changed) {
            const auto& m = v->shop.manifest;
            f.note_text(m.identity.name);
            f.note_text(m.identity.greeting, true);
            f.note_text(m.identity.contact, true);
            for (const auto& [k, n] : m.notes) f.note_text(n, true);
            for (const auto& [brand, chain] : v->shop.chains)
                for (const auto& e : chain) f.note_text(e.name);
            for (const auto& b : v->brands) {
                f.note_text(b.cert.name);
                f.note_text(b.release_error.message, true);
                if (!b.release) continue;
                for (const auto& c : b.release->categories) f.note_text(c.name);
                for (const auto& p : b.release->products) {
                    f.note_text(p.title);
                    f.note_text(p.subtitle, true);
                    f.note_text(p.description, true);
                    for (const auto& s : p.specs) {
                        f.note_text(s.name, true);
                        f.note_text(s.value, true);
                    }
                }
            }
        }
        // The brands' articles (cards on the shop home, the article page): their text needs glyphs
        // whether or not the brand's catalogue opened (a refused one noted nothing above).
        for (const auto& [brand, loaded] : state.articles)
            for (const auto& a : loaded.set.articles) {
                f.note_text(a.title);
                f.note_text(a.summary, true);
                f.note_text(a.share_text, true);
                for (const auto& block : a.blocks) f.note_text(block.text, true);
                for (const auto& m : a.materials) f.note_text(m.text, true);
            }
        for (const auto& b : state.directory.brands) f.note_text(b.name);
        for (const auto& s : state.directory.shops) {
            f.note_text(s.name);
            f.note_text(s.greeting, true);
        }
        f.note_text(state.route.query);
        if (chinese_noted) f.note_text(ui::all_translations());
        // Receipts, the order viewed and the ways to pay of the shop's brands (orders.h).
        app::for_each_order_text(state, [&f](const std::string& t, bool long_form) { f.note_text(t, long_form); });
        fetch_cjk_if_wanted();
        fetch_extended_if_wanted();
    }

    // The extended CJK font (GB2312, ~530 KB gzipped) only when noted text needs a character the
    // core subset lacks; before the core font has arrived nothing is known (Fonts::note_text).
    void fetch_extended_if_wanted() {
        if (!canvas.fonts().wants_extended() || extended_requested) return;
        extended_requested = true;
        platform::fetch("GET", "/fonts/cjk-ext.ttf", "", [this](platform::Response r) {
            if (r.ok()) canvas.fonts().set_cjk(std::move(r.body), true);
            canvas.invalidate();
        });
    }

    std::deque<float> app_frame_ms;  // whole frames incl. image decoding, last 240 (tools/bench.sh)

    bool frame() {
        const double started = platform::now_ms();
        for (const auto& e : canvas.take_app_events()) controller.on_event(e);
        controller.tick(platform::now_ms());
        if (noted_version != controller.data_version()) {
            noted_version = controller.data_version();
            note_data_text();
        }
        // The distributor's and the brand's screens (editor.h, console.h), in a build that has them.
        const std::array<int, 2> before = noted_workspace_versions;
        controller.note_workspace_text(noted_workspace_versions,
                                       [this](const std::string& t, bool long_form) { canvas.fonts().note_text(t, long_form); });
        if (before != noted_workspace_versions) note_data_text();
        if (noted_order_version != state.orders.data_version) {  // receipts and the order page (orders.h)
            noted_order_version = state.orders.data_version;
            note_data_text();
        }
        // Text typed with an IME may need a character the core subset lacks (Canvas notes it).
        fetch_cjk_if_wanted();
        fetch_extended_if_wanted();
        // Until the first screen's data is in, the HTML first paint is what people see: drawing (and
        // baking the font atlas for text that is about to change) would only be thrown away.
        const bool loading_first = !first_frame_sent &&
                                   (!state.booted || (state.route.in_shop() && (state.shop.status == app::LoadStatus::Loading ||
                                                                                state.shop.status == app::LoadStatus::Idle)));
        if (loading_first) return false;
        const bool shop_ready = state.shop.status == app::LoadStatus::Ready && state.shop.view && state.route.in_shop();
        palette = shop_ready ? ui::make_palette(state.shop.view->shop.manifest.theme) : ui::default_palette();
        const platform::Preferences prefs = platform::preferences();
        if (prefs.more_contrast) ui::raise_contrast(palette);
        const bool phone = canvas.viewport().width < 700;
        if (styled_for != palette.background_rgb + palette.primary + palette.border || styled_phone != phone) {
            ui::apply_style(palette, phone);
            styled_for = palette.background_rgb + palette.primary + palette.border;
            styled_phone = phone;
        }
        canvas.clear_color = palette.background_rgb;
        std::vector<app::Action> actions;
        const bool busy = canvas.frame([&] {
            platform::Viewport vp = canvas.viewport();
            ui::Ui ui{state, canvas, *images, actions, palette, vp.width < 700, vp.width, vp.height};
            if (shop_ready && !state.shop.view->brands.empty())
                ui.lang = ui::lang_for_locale(state.shop.view->brands.front().cert.locale);
            ui::show_app(ui);
            // The first Chinese word drawn brings in every translation (and so the CJK font): the
            // canvas shows this frame only once their glyphs are in (Canvas::frame).
            if (!chinese_noted && ui::chinese_used()) {
                chinese_noted = true;
                canvas.fonts().note_chinese_ui();
                canvas.fonts().note_text(ui::all_translations());
                fetch_cjk_if_wanted();
            }
        });
        images->end_frame();
        for (const auto& a : actions) controller.handle(a);
        const bool loading = !state.booted || (state.route.in_shop() && (state.shop.status == app::LoadStatus::Loading ||
                                                                          state.shop.status == app::LoadStatus::Idle));
        if (!first_frame_sent && canvas.fonts().ready() && !loading && canvas.frame_count() > 0) {
            first_frame_sent = true;
            platform::first_frame_ready();
        }
        app_frame_ms.push_back(static_cast<float>(platform::now_ms() - started));
        if (app_frame_ms.size() > 240) app_frame_ms.pop_front();
        return busy || !actions.empty();
    }

    core::Json test_state() {
        core::Json j = controller.test_state();
        j["frames"] = canvas.frame_count();
        j["touch"] = canvas.touch_debug();
        j["first_frame"] = first_frame_sent;
        j["frame_ms"] = canvas.frame_ms();
        j["app_frame_ms"] = app_frame_ms;
        j["items"] = core::Json::parse(canvas.test_items_json(), nullptr, false);
        j["focus"] = canvas.focused_key();  // the semantic node the canvas rings ("" for none)
        const platform::Preferences prefs = platform::preferences();
        j["preferences"] = {{"reduced_motion", prefs.reduced_motion}, {"more_contrast", prefs.more_contrast},
                            {"muted", static_cast<std::uint32_t>(palette.muted)}};
        j["semantics"] = {{"frames", canvas.semantics_frames()}, {"ms", canvas.semantics_ms()}};
        j["images"] = {{"ready", images->ready_count()}, {"failed", images->failed_count()},
                       {"fetched", images->fetch_count()}, {"bytes", images->bytes_used()}, {"budget", images->budget()}};
        const ui::Fonts& fonts = canvas.fonts();
        j["fonts"] = {{"atlas_w", fonts.atlas_width()}, {"atlas_h", fonts.atlas_height()}, {"extended", fonts.has_extended()}, {"cjk", fonts.has_cjk()},
                      {"glyphs_baked", fonts.glyphs_baked()}, {"slices", fonts.bake_slices()}, {"builds", fonts.builds()},
                      {"pending", fonts.pending()}, {"ready", fonts.ready()},
                      {"longest_slice_ms", fonts.longest_slice_ms()}, {"build_ms", fonts.build_ms()},
                      {"room_rows", fonts.room_rows()}, {"room_rows_used", fonts.room_rows_used()}};
        const auto vp = canvas.viewport();
        j["viewport"] = {{"w", vp.width}, {"h", vp.height}, {"dpr", vp.pixel_ratio}};
        return j;
    }
};

App* g_app = nullptr;

}  // namespace

int main() {
    g_app = new App();
    App& app = *g_app;
    if (!app.canvas.init()) {
        platform::fatal_error(ui::kNoGraphicsTitle, ui::kNoGraphicsText);
        return 0;
    }
    // Phones get a smaller image budget than desktops: they have less memory to spare.
    const std::size_t budget = (platform::viewport().width < 700 ? 48u : 128u) << 20;
    app.images = std::make_unique<ui::ImageCache>(app.canvas.renderer(), budget);
    app.images->set_on_change([] { platform::request_frame(); });
    app.controller.on_change = [] { platform::request_frame(); };
    platform::set_test_state_provider([] { return core::dump_json(g_app->test_state()); });
    // The first requests (fonts, the shop) go out in a task of their own, after the page's glue is
    // set up: one piece of a phone's main thread each, not one long one (a long task holds taps).
    platform::post_task([] {
        g_app->load_fonts();
        g_app->controller.start();
    });
    platform::run([] { return g_app->frame(); });
    return 0;
}
