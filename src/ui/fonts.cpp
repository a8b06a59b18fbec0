#include "ui/fonts.h"

// Only the glyph lookup is used (coverage checks); the rest of stb_truetype stays unused.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#define STB_TRUETYPE_IMPLEMENTATION
#define STBTT_STATIC
#include <stb/stb_truetype.h>
#pragma GCC diagnostic pop

#include <cmath>

#include "core/text.h"
#include "ui/renderer.h"

namespace ui {

namespace {
constexpr float kSizes[] = {13.f, 15.f, 15.f, 19.f, 26.f};
// Basic Latin, Latin-1, Latin Extended-A, punctuation, currency, arrows and a few symbols the UI
// draws as text; CJK punctuation and fullwidth forms. Everything else comes from noted text.
const ImWchar kBaseRanges[] = {0x0020, 0x017F, 0x2010, 0x2044, 0x20A0, 0x20BF, 0x2190, 0x2193, 0x2212, 0x2212,
                               0x2713, 0x2713, 0x3000, 0x303F, 0xFF01, 0xFF5E, 0xFFE5, 0xFFE5, 0};

bool in_base(unsigned cp) {
    for (int i = 0; kBaseRanges[i]; i += 2)
        if (cp >= kBaseRanges[i] && cp <= kBaseRanges[i + 1]) return true;
    return false;
}
}  // namespace

float Fonts::size(Font f) const { return kSizes[static_cast<int>(f)]; }

void Fonts::set_latin(std::vector<std::uint8_t> regular, std::vector<std::uint8_t> semibold) {
    latin_regular_ = std::move(regular);
    latin_semibold_ = std::move(semibold);
    dirty_ = true;
}

void Fonts::set_cjk(std::vector<std::uint8_t> ttf, bool extended) {
    cjk_ = std::move(ttf);
    extended_ = extended;
    delete static_cast<stbtt_fontinfo*>(cjk_info_);
    cjk_info_ = nullptr;
    auto* info = new stbtt_fontinfo;
    if (!cjk_.empty() && stbtt_InitFont(info, cjk_.data(), stbtt_GetFontOffsetForIndex(cjk_.data(), 0)))
        cjk_info_ = info;
    else
        delete info;
    wants_extended_ = false;
    for (const auto* set : {&extra_, &extra_body_})
        for (ImWchar c : *set)
            if (!covers(c)) wants_extended_ = !extended_;
    dirty_ = true;
}

bool Fonts::covers(unsigned cp) const {
    return cjk_info_ && stbtt_FindGlyphIndex(static_cast<const stbtt_fontinfo*>(cjk_info_), static_cast<int>(cp)) != 0;
}

bool Fonts::note_text(std::string_view utf8, bool body_only) {
    bool added = false;
    for (std::size_t i = 0; i < utf8.size();) {
        if (static_cast<unsigned char>(utf8[i]) < 0x80) {
            ++i;
            continue;
        }
        const unsigned cp = core::next_codepoint(utf8, i);
        if (cp > 0xFFFF || cp == 0xFFFD || in_base(cp)) continue;
        const ImWchar c = static_cast<ImWchar>(cp);
        if (body_only && extra_.count(c)) continue;
        if ((body_only ? extra_body_ : extra_).insert(c).second) {
            added = true;
            // Until the core CJK font has arrived coverage is unknown: set_cjk() decides then.
            if (cjk_info_ && !covers(cp) && !extended_) wants_extended_ = true;
        }
    }
    if (added) dirty_ = true;
    return added;
}

namespace {
// Every glyph `from` has and `to` lacks, added to `to` at the same place in the atlas: for two faces
// of one size whose extra glyphs come from the same font (the CJK face merged into both).
void share_ideographs(ImFont* from, ImFont* to) {
    if (!from || !to || from->FontSize != to->FontSize) return;
    for (int i = 0; i < from->Glyphs.Size; ++i) {
        const ImFontGlyph g = from->Glyphs[i];  // a copy: `to` may be `from`'s neighbour in memory, and grows
        const auto c = static_cast<ImWchar>(g.Codepoint);
        if (to->FindGlyphNoFallback(c)) continue;
        to->AddGlyph(nullptr, c, g.X0, g.Y0, g.X1, g.Y1, g.U0, g.V0, g.U1, g.V1, g.AdvanceX);
    }
    to->BuildLookupTable();
}
}  // namespace

bool Fonts::rebuild_if_needed(float pixel_ratio, Renderer& renderer) {
    if (latin_regular_.empty()) return false;
    if (!dirty_ && built_ && std::fabs(pixel_ratio - built_ratio_) < 0.01f) return false;
    ImGuiIO& io = ImGui::GetIO();
    // Bake at the device pixel ratio; if the atlas would be too large, step the scale down.
    for (float scale : {pixel_ratio, std::min(pixel_ratio, 2.f), 1.5f, 1.f}) {
        if (scale > pixel_ratio) continue;
        io.Fonts->Clear();
        io.Fonts->TexDesiredWidth = 2048;
        io.Fonts->Flags |= ImFontAtlasFlags_NoMouseCursors;
        ImVector<ImWchar> headline_ranges, body_ranges;
        ImFontGlyphRangesBuilder builder;
        builder.AddRanges(kBaseRanges);
        for (ImWchar c : extra_) builder.AddChar(c);
        builder.BuildRanges(&headline_ranges);
        for (ImWchar c : extra_body_) builder.AddChar(c);
        builder.BuildRanges(&body_ranges);
        for (int f = 0; f < static_cast<int>(Font::Count); ++f) {
            const bool small = f == static_cast<int>(Font::Small) || f == static_cast<int>(Font::Body);
            const ImWchar* ranges_data = small ? body_ranges.Data : headline_ranges.Data;
            const bool bold = f == static_cast<int>(Font::Strong) || f >= static_cast<int>(Font::Title);
            auto& latin = bold && !latin_semibold_.empty() ? latin_semibold_ : latin_regular_;
            ImFontConfig cfg;
            cfg.FontDataOwnedByAtlas = false;
            cfg.OversampleH = 2;
            cfg.OversampleV = 1;
            cfg.PixelSnapH = false;
            fonts_[f] = io.Fonts->AddFontFromMemoryTTF(latin.data(), static_cast<int>(latin.size()), kSizes[f] * scale,
                                                       &cfg, ranges_data);
            // Strong is Body's size: its ideographs are Body's (Droid has no bold), copied in after
            // the build instead of drawn twice (the atlas is the longest task of a first visit).
            if (!cjk_.empty() && f != static_cast<int>(Font::Strong)) {
                ImFontConfig merge;
                merge.FontDataOwnedByAtlas = false;
                merge.MergeMode = true;
                merge.OversampleH = 1;
                merge.OversampleV = 1;
                // DroidSansFallback's ideographs read smaller and sit higher than Inter's letters at
                // the same size: enlarge them a little and nudge them down so mixed lines look even.
                merge.GlyphOffset = ImVec2(0, kSizes[f] * scale * 0.02f);
                io.Fonts->AddFontFromMemoryTTF(cjk_.data(), static_cast<int>(cjk_.size()), kSizes[f] * scale * 1.08f, &merge,
                                               ranges_data);
            }
        }
        if (!io.Fonts->Build()) continue;
        if (!cjk_.empty()) share_ideographs(fonts_[static_cast<int>(Font::Body)], fonts_[static_cast<int>(Font::Strong)]);
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsAlpha8(&pixels, &w, &h);
        if (w > 4096 || h > 4096) continue;
        renderer.set_font_atlas(pixels, w, h);
        io.Fonts->SetTexID(renderer.font_texture());
        io.Fonts->ClearTexData();  // the GPU has it; keep the wasm heap small
        io.FontGlobalScale = 1.f / scale;
        io.FontDefault = fonts_[static_cast<int>(Font::Body)];
        atlas_w_ = w;
        atlas_h_ = h;
        built_ratio_ = pixel_ratio;
        dirty_ = false;
        built_ = true;
        return true;
    }
    return false;
}

}  // namespace ui
