// The release editor: the brand's products (searched, 3,000 of them are fine), one product's brand
// content (title, subtitle, description, price, list price, details, pictures) edited into a draft
// with undo/redo and autosave, a live phone preview of the draft inside a shop, and Publish, which
// signs the next catalog version with the brand's key.
//
// [SECTION] Form        one product's fields
// [SECTION] Summary     what the draft changes, discard, the brand's key
// [SECTION] Page        desktop: list | form | phone preview; phone: list, or the form with previews
#include <algorithm>
#include <cmath>

#include "core/money.h"
#include "ui/console_ui.h"

namespace ui {

namespace {

std::string error_of(const Ui& ui, const char* key) {
    auto it = ui.state.console.field_errors.find(key);
    return it == ui.state.console.field_errors.end() ? std::string() : std::string(ui.t(it->second.c_str()));
}

const char* field_word(const std::string& f) {
    if (f == "title") return "Title";
    if (f == "subtitle") return "Subtitle";
    if (f == "description") return "Description";
    if (f == "specs") return "Details";
    if (f == "price") return "Price";
    if (f == "list_price") return "List price";
    return "Pictures";
}

// [SECTION] Form ---------------------------------------------------------------------------------

void pictures(Ui& ui, const core::Product& p, float iw) {
    const app::ConsoleState& c = ui.state.console;
    text_block(ui, Font::Strong, ui.pal.text, ui.t("Pictures"), iw);
    const float side = ui.phone ? 72 : 80, gap = 10;
    const int per_row = std::max(1, static_cast<int>((iw + gap) / (side + gap)));
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (std::size_t i = 0; i < p.images.size(); ++i) {
        const ImVec2 q(p0.x + (i % per_row) * (side + gap), p0.y + (i / per_row) * (side + gap));
        image(ui, p.images[i], q, ImVec2(q.x + side, q.y + side), 10);
        ImGui::SetCursorScreenPos(q);
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::InvisibleButton("##cover", ImVec2(side - 30, side)) && i > 0) emit_console(ui, app::MakeProductCover{p.id, i});
        if (ImGui::IsItemHovered() && i > 0) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        ImGui::SetCursorScreenPos(ImVec2(q.x + side - 30, q.y));
        if (ImGui::InvisibleButton("##remove", ImVec2(30, 30))) emit_console(ui, app::RemoveProductImage{p.id, i});
        ImGui::PopID();
        dl->AddCircleFilled(ImVec2(q.x + side - 13, q.y + 13), 10, with_alpha(IM_COL32(15, 23, 42, 255), 0.6f), 20);
        draw_icon(dl, Icon::Close, ImVec2(q.x + side - 13, q.y + 13), 12, IM_COL32_WHITE);
        if (i == 0) {
            const std::string cov = ui.t("Cover");
            const ImVec2 cs = text_size(ui, Font::Small, cov);
            dl->AddRectFilled(ImVec2(q.x + 4, q.y + side - cs.y - 8), ImVec2(q.x + cs.x + 14, q.y + side - 4), with_alpha(IM_COL32(15, 23, 42, 255), 0.65f), 6);
            draw_text(ui, Font::Small, ImVec2(q.x + 9, q.y + side - cs.y - 6), IM_COL32_WHITE, cov);
        }
        ui.canvas.expose("product-image", p.images[i].src, q, ImVec2(q.x + side, q.y + side), std::to_string(i));
        ui.canvas.expose("icon", "Remove picture", ImVec2(q.x + side - 30, q.y), ImVec2(q.x + side, q.y + 30), "Remove picture");
    }
    const std::size_t n = p.images.size();
    const int rows = static_cast<int>((n + per_row - 1) / per_row);
    ImGui::SetCursorScreenPos(ImVec2(p0.x, p0.y + rows * (side + gap)));
    if (n > 1) hint(ui, ui.t("The first picture is the cover customers see in the shop. Tap another one to make it the cover."), iw);
    ImGui::Dummy(ImVec2(0, 2));
    const bool busy = c.upload.busy;
    if (button(ui, "add-picture", busy ? "Uploading…" : "Add a picture", ButtonKind::Secondary, ImVec2(ui.phone ? iw : 180, 42),
               !busy && n < core::kMaxProductImages))
        emit_console(ui, app::AddProductImage{p.id});
    if (busy) ui.canvas.animate();
    if (!c.upload.error.empty() && c.upload.target == p.id) {
        ImGui::Dummy(ImVec2(0, 4));
        message_box(ui, "upload-error", c.upload.error, iw, true);
    }
    const std::string err = error_of(ui, "images");
    if (!err.empty()) message_box(ui, "field-error", err, iw, true);
}

void product_form(Ui& ui, float x, float w) {
    app::ConsoleState& c = console_buffers(ui);
    const core::Product* pp = core::draft_product(*c.published, c.history.current(), c.route.product);
    if (!pp) {
        card_begin(ui, "", x, w);
        message_box(ui, "not-found", ui.tf("The catalog has no product {}.", c.route.product), w - 32, true);
        card_end(ui);
        return;
    }
    const core::Product& p = *pp;
    const core::Product* pub = c.published->find(p.id);
    app::ProductFields& fl = c.fields;
    const float iw = w - 32;
    card_begin(ui, "", x, w);
    // Header: which product, and what the draft changes in it.
    const ImVec2 hp = ImGui::GetCursorScreenPos();
    image(ui, p.thumb.empty() && !p.images.empty() ? p.images.front() : p.thumb, hp, ImVec2(hp.x + 56, hp.y + 56), 10);
    draw_text_clamped(ui, Font::Strong, ImVec2(hp.x + 68, hp.y + 4), iw - 68, 1, ui.pal.text, p.title);
    const core::Category* cat = c.published->category(p.category);
    draw_text_clamped(ui, Font::Small, ImVec2(hp.x + 68, hp.y + 28), iw - 68, 1, ui.pal.muted, p.id + (cat ? "  ·  " + cat->name : std::string()));
    ui.canvas.expose("editing", p.title, hp, ImVec2(hp.x + iw, hp.y + 56), p.id);
    ImGui::Dummy(ImVec2(iw, 62));
    const auto fields = pub ? core::changed_fields(*pub, p) : std::vector<std::string>{};
    if (!fields.empty()) {
        std::string what;
        for (const auto& f : fields) what += (what.empty() ? "" : ", ") + std::string(ui.t(field_word(f)));
        message_box(ui, "changed-fields", ui.tf("Changed in the draft: {}.", what), iw, false);
        ImGui::Dummy(ImVec2(0, 2));
        if (button(ui, "revert", "Back to the published content", ButtonKind::Ghost, ImVec2(ui.phone ? iw : 260, 40)))
            emit_console(ui, app::RevertProduct{p.id});
    }
    ImGui::Dummy(ImVec2(0, 4));
    if (text_field(ui, "title", "Title", fl.title, "The product's name", platform::InputMode::Text, iw, false, error_of(ui, "title")))
        emit_console(ui, app::EditProductText{p.id, core::ProductText::Title, fl.title});
    ImGui::Dummy(ImVec2(0, 4));
    if (text_field(ui, "subtitle", "Subtitle", fl.subtitle, "One line under the title (optional)", platform::InputMode::Text, iw, false,
                   error_of(ui, "subtitle")))
        emit_console(ui, app::EditProductText{p.id, core::ProductText::Subtitle, fl.subtitle});
    ImGui::Dummy(ImVec2(0, 4));
    if (text_field(ui, "description", "Description", fl.description, "What it is, where it comes from, how to use it",
                   platform::InputMode::Text, iw, true, error_of(ui, "description")))
        emit_console(ui, app::EditProductText{p.id, core::ProductText::Description, fl.description});
    ImGui::Dummy(ImVec2(0, 4));
    // Prices side by side on a desktop.
    const std::string currency = c.published->currency;
    const float pw = ui.phone ? iw : (iw - 12) * 0.5f;
    const ImVec2 prow = ImGui::GetCursorScreenPos();
    ImGui::BeginGroup();
    if (text_field(ui, "price", "Price", fl.price, "128.00", platform::InputMode::Numeric, pw, false, error_of(ui, "price")))
        emit_console(ui, app::EditProductPrice{p.id, false, fl.price});
    ImGui::EndGroup();
    if (!ui.phone) ImGui::SetCursorScreenPos(ImVec2(prow.x + pw + 12, prow.y));
    else ImGui::Dummy(ImVec2(0, 4));
    ImGui::BeginGroup();
    if (text_field(ui, "list-price", "List price", fl.list_price, "Before a discount (optional)", platform::InputMode::Numeric, pw, false,
                   error_of(ui, "list_price")))
        emit_console(ui, app::EditProductPrice{p.id, true, fl.list_price});
    ImGui::EndGroup();
    ImGui::SetCursorScreenPos(ImVec2(prow.x, ImGui::GetItemRectMax().y + 4));
    ImGui::Dummy(ImVec2(0, 0));
    hint(ui, ui.tf("In {}. Customers see", currency) + " " + core::format_money(p.price, currency) +
                 (p.list_price > 0 ? "  (" + core::format_money(p.list_price, currency) + ")" : std::string()),
         iw);
    ImGui::Dummy(ImVec2(0, 8));
    // Details.
    text_block(ui, Font::Strong, ui.pal.text, ui.t("Details"), iw);
    bool specs_changed = false;
    int remove = -1;
    const float name_w = std::floor(iw * 0.36f), value_w = iw - name_w - 8 - 44;
    for (std::size_t i = 0; i < fl.specs.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        const ImVec2 r = ImGui::GetCursorScreenPos();
        ImGui::BeginGroup();
        specs_changed |= text_field(ui, "spec-name", "", fl.specs[i].name, "Detail", platform::InputMode::Text, name_w);
        ImGui::EndGroup();
        ImGui::SetCursorScreenPos(ImVec2(r.x + name_w + 8, r.y));
        ImGui::BeginGroup();
        specs_changed |= text_field(ui, "spec-value", "", fl.specs[i].value, "Value", platform::InputMode::Text, value_w);
        ImGui::EndGroup();
        const float fh = ImGui::GetItemRectSize().y;
        ImGui::SetCursorScreenPos(ImVec2(r.x + iw - 44, r.y + (fh - 44) * 0.5f));
        if (icon_button(ui, "remove-spec", Icon::Close, "Remove detail")) remove = static_cast<int>(i);
        ImGui::SetCursorScreenPos(ImVec2(r.x, r.y + std::max(fh, 44.f) + 6));
        ImGui::PopID();
    }
    if (remove >= 0) {
        fl.specs.erase(fl.specs.begin() + remove);
        specs_changed = true;
    }
    if (specs_changed) emit_console(ui, app::EditProductSpecs{p.id, fl.specs});
    const std::string serr = error_of(ui, "specs");
    if (!serr.empty()) message_box(ui, "field-error", serr, iw, true);
    if (button(ui, "add-spec", "Add a detail", ButtonKind::Ghost, ImVec2(ui.phone ? iw : 160, 40), fl.specs.size() < core::kMaxSpecs))
        fl.specs.push_back({});
    ImGui::Dummy(ImVec2(0, 8));
    pictures(ui, p, iw);
    ImGui::Dummy(ImVec2(0, 6));
    if (button(ui, "preview-draft", "See it in a shop, phone and desktop", ButtonKind::Secondary, ImVec2(ui.phone ? iw : 300, 44)))
        ui.emit(app::Navigate{app::console_preview_path(c.brand, p.id, c.preview_shop, true)});
    card_end(ui);
}

// [SECTION] Summary ------------------------------------------------------------------------------

void summary(Ui& ui, float x, float w) {
    const app::ConsoleState& c = ui.state.console;
    const float iw = w - 32;
    card_begin(ui, "Your draft", x, w,
               c.changed.empty() ? std::string(ui.t("No changes yet"))
                                 : ui.count(static_cast<long>(c.changed.size()), "product changed", "products changed"));
    if (c.changed.empty()) {
        hint(ui, ui.t("Pick a product to edit its title, description, details, price or pictures. Changes stay in a draft on this "
                      "device until you publish them: then every shop shows them at once."),
             iw);
    } else {
        for (const auto& id : c.changed) {
            const core::Product* p = core::draft_product(*c.published, c.history.current(), id);
            const core::Product* pub = c.published->find(id);
            if (!p || !pub) continue;
            std::string what;
            for (const auto& f : core::changed_fields(*pub, *p)) what += (what.empty() ? "" : ", ") + std::string(ui.t(field_word(f)));
            const ImVec2 rp = ImGui::GetCursorScreenPos();
            ImGui::PushID(id.c_str());
            if (ImGui::InvisibleButton("##open", ImVec2(iw - 50, 52))) ui.emit(app::Navigate{app::console_product_path(c.brand, id)});
            if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
            draw_text_clamped(ui, Font::Body, ImVec2(rp.x, rp.y + 4), iw - 56, 1, ui.pal.text, p->title);
            draw_text_clamped(ui, Font::Small, ImVec2(rp.x, rp.y + 28), iw - 56, 1, ui.pal.muted, what);
            ui.canvas.expose("changed-product", p->title, rp, ImVec2(rp.x + iw - 50, rp.y + 52), id);
            ImGui::SetCursorScreenPos(ImVec2(rp.x + iw - 44, rp.y + 4));
            if (icon_button(ui, "revert", Icon::Close, "Back to the published content")) emit_console(ui, app::RevertProduct{id});
            ImGui::PopID();
            ImGui::SetCursorScreenPos(ImVec2(rp.x, rp.y + 56));
        }
        ImGui::Dummy(ImVec2(0, 4));
        if (button(ui, "preview-draft", "See the draft in a shop", ButtonKind::Secondary, ImVec2(ui.phone ? iw : 240, 44)))
            ui.emit(app::Navigate{app::console_preview_path(c.brand, c.changed.front(), c.preview_shop, true)});
        ImGui::Dummy(ImVec2(0, 2));
        if (button(ui, "discard", "Discard the draft (undo brings it back)", ButtonKind::Ghost, ImVec2(ui.phone ? iw : 320, 40)))
            emit_console(ui, app::DiscardReleaseDraft{});
    }
    card_end(ui);
}

void key_card(Ui& ui, float x, float w) {
    const app::ConsoleState& c = ui.state.console;
    const float iw = w - 32;
    card_begin(ui, "The brand's key", x, w);
    hint(ui, ui.t("It signs every release and every order status, and stays in this browser. Save a key file as a backup and keep "
                  "it somewhere safe."),
         iw);
    ImGui::Dummy(ImVec2(0, 6));
    if (button(ui, "keyfile", "Save key file", ButtonKind::Secondary, ImVec2(ui.phone ? iw : 200, 44))) emit_console(ui, app::SaveBrandKeyFile{});
    if (!c.key_notice.empty()) hint(ui, ui.t(c.key_notice.c_str()), iw, ui.pal.success);
    if (ui.phone) {
        ImGui::Dummy(ImVec2(0, 2));
        if (button(ui, "signout", "Sign out on this device", ButtonKind::Ghost, ImVec2(iw, 44))) emit_console(ui, app::BrandSignOut{});
    }
    card_end(ui);
}

void list_panel(Ui& ui, float x, float w, float h) {
    app::ConsoleState& c = console_buffers(ui);
    if (picker_search(ui, "find-product", c.product_query, "Find a product: name or id", w)) emit_console(ui, app::SearchProducts{});
    ImGui::Dummy(ImVec2(0, 4));
    product_rows(ui, x, w, h, c.route.product, [&](const std::string& id) { ui.emit(app::Navigate{app::console_product_path(c.brand, id)}); });
}

void preview_panel(Ui& ui, float x, float y, float w, float h) {
    const app::ConsoleState& c = ui.state.console;
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    ImGui::BeginGroup();
    const std::string shop = c.shop.view ? c.shop.view->shop.manifest.identity.name : c.preview_shop;
    hint(ui, ui.tf("Your draft in {}", shop), w);
    console_previews(ui, x, ImGui::GetCursorScreenPos().y + 2, w, h - 96, true);
    if (button(ui, "change-shop", "Another shop, phone and desktop", ButtonKind::Ghost, ImVec2(std::min(w, 300.f), 40)))
        ui.emit(app::Navigate{app::console_preview_path(c.brand, c.preview_product, c.preview_shop, true)});
    ImGui::EndGroup();
}

}  // namespace

// [SECTION] Page ---------------------------------------------------------------------------------

void show_console_catalog(Ui& ui) {
    const app::ConsoleState& c = ui.state.console;
    if (!c.published) return;
    const ConsoleFrame f = console_frame(ui);
    const float body_h = ui.height - f.top - f.bottom;
    if (!c.conflict.open) {
        if (const int k = undo_shortcut(); k < 0) emit_console(ui, app::ConsoleUndo{});
        else if (k > 0) emit_console(ui, app::ConsoleRedo{});
    }
    const bool editing = !c.route.product.empty();
    ImGui::SetCursorScreenPos(ImVec2(0, f.top));
    if (ui.phone) {
        ImGui::BeginChild(editing ? "##catalog-product" : "##catalog-list", ImVec2(ui.width, body_h), false, ImGuiWindowFlags_NoBackground);
        ImGui::SetCursorScreenPos(ImVec2(f.x, ImGui::GetCursorScreenPos().y + 12));  // follows the child's scroll
        ImGui::BeginGroup();
        if (editing) {
            // Back to the list: a touch-sized row, the arrow at the column's edge.
            const ImVec2 bp(f.x - 6, ImGui::GetCursorScreenPos().y - 4);
            const std::string back = ui.t("All products");
            const float bw = text_size(ui, Font::Strong, back).x + 44;
            ImGui::SetCursorScreenPos(bp);
            if (ImGui::InvisibleButton("##all-products", ImVec2(bw, space::touch)))
                ui.emit(app::Navigate{app::console_path(c.brand, app::ConsolePage::Catalog)});
            draw_icon(ImGui::GetWindowDrawList(), Icon::Back, ImVec2(bp.x + 14, bp.y + space::touch * 0.5f), 20, ui.pal.primary);
            draw_text(ui, Font::Strong, ImVec2(bp.x + 30, bp.y + (space::touch - ui.size(Font::Strong)) * 0.5f - 1), ui.pal.primary, back);
            ui.canvas.expose("button", back, bp, ImVec2(bp.x + bw, bp.y + space::touch), "All products");
            ImGui::SetCursorScreenPos(ImVec2(f.x, bp.y + space::touch + 4));
        }
        draft_toolbar(ui, f.x, f.w);
        if (editing) {
            product_form(ui, f.x, f.w);
            console_previews(ui, f.x, ImGui::GetCursorScreenPos().y, f.w, 0, false);
        } else {
            summary(ui, f.x, f.w);
            // The list flows in the page (one scroll on a phone, not a list scrolling inside it).
            const float rows = static_cast<float>(c.product_matches.shown.size());
            list_panel(ui, f.x, f.w, std::max(160.f, rows * 62 + 80));
            ImGui::Dummy(ImVec2(0, 8));
            key_card(ui, f.x, f.w);
        }
        ImGui::Dummy(ImVec2(0, 16));
        ImGui::EndGroup();
        ImGui::EndChild();
        return;
    }
    // Desktop: the list, the form, the live phone preview.
    const float list_w = 340, gap = 28;
    const float preview_w = 340;
    const float form_x = f.x + list_w + gap;
    const float form_w = f.x + f.w - form_x - (preview_w + gap);
    const float top = f.top + 20;
    ImGui::SetCursorScreenPos(ImVec2(f.x, top));
    ImGui::BeginGroup();
    section_title(ui, ui.t("Products"), ui.count(static_cast<long>(c.published->products.size()), "product", "products"), list_w);
    list_panel(ui, f.x, list_w, body_h - 20 - 110);
    ImGui::EndGroup();
    ImGui::SetCursorScreenPos(ImVec2(form_x - 8, f.top));
    ImGui::BeginChild(editing ? "##catalog-form" : "##catalog-summary", ImVec2(form_w + 16, body_h), false, ImGuiWindowFlags_NoBackground);
    // Positions inside a scrolling child follow its scroll: from the child's own cursor.
    ImGui::SetCursorScreenPos(ImVec2(form_x, ImGui::GetCursorScreenPos().y + (top - f.top)));
    ImGui::BeginGroup();
    draft_toolbar(ui, form_x, form_w);
    if (editing) product_form(ui, form_x, form_w);
    else {
        summary(ui, form_x, form_w);
        key_card(ui, form_x, form_w);
    }
    ImGui::Dummy(ImVec2(0, 20));
    ImGui::EndGroup();
    ImGui::EndChild();
    preview_panel(ui, f.x + f.w - preview_w, top, preview_w, body_h - 20);
}

}  // namespace ui
