#include "ui/fonts.h"

// The app's one stb_truetype: Dear ImGui's copy (imstb_truetype.h), compiled here for its atlas
// builder (imconfig_dynshop.h turns off its own) and for drawing every other glyph into the atlas's
// room and answering coverage checks. Its rect packer comes first: stb_truetype's packing functions
// must be built against the same packer the atlas builder hands them (without it they would be built
// against stb_truetype's own stand-in, whose context has another layout).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#define STB_RECT_PACK_IMPLEMENTATION
#include "imstb_rectpack.h"
#define STB_TRUETYPE_IMPLEMENTATION
#include "imstb_truetype.h"
#pragma GCC diagnostic pop

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/text.h"
#include "platform/platform.h"
#include "ui/renderer.h"

// [SECTION] Ranges      what is always there, and what is drawn when noted
// [SECTION] Noting      characters that text about to be drawn needs
// [SECTION] Building    the faces and the room, by Dear ImGui's builder
// [SECTION] Baking      every other glyph into the room, a piece at a time

namespace ui {

// [SECTION] Ranges ---------------------------------------------------------------------------------

namespace {
constexpr float kSizes[] = {13.f, 15.f, 15.f, 19.f, 26.f};
// Dear ImGui's builder draws only the space and its fallback '?' in each face, so building the
// atlas is no long task either.
const ImWchar kBuilderRanges[] = {0x0020, 0x0020, 0x003F, 0x003F, 0};
// Always in the atlas, drawn into the room before the first frame: what tools/make_fonts.py keeps of
// Inter (ASCII, Latin-1, Latin Extended-A, punctuation, currency, arrows, minus, check mark). With
// the Chinese UI (note_chinese_ui) also the CJK font's punctuation, full-width forms and yuan sign,
// because its screens draw some of them from string literals that are never noted. Everything else
// comes in only when noted. One list with the font subsetter, in the source assets.
#define INTER(first, last) first, last,
#define CJK(first, last)
const ImWchar kInterRanges[] = {
#include "fonts/base_ranges.inc"
    0};
#undef INTER
#undef CJK
#define INTER(first, last)
#define CJK(first, last) first, last,
const ImWchar kCjkRanges[] = {
#include "fonts/base_ranges.inc"
    0};
#undef INTER
#undef CJK
const ImWchar kNoRanges[] = {0};  // what an English UI adds to Inter's
// DroidSansFallback's ideographs read smaller and sit higher than Inter's letters at the same size:
// they are drawn a little larger and lower so mixed lines look even.
constexpr float kCjkScale = 1.08f, kCjkDrop = 0.02f;
constexpr int kLatinOversample = 2;  // horizontally, as Dear ImGui's builder draws Inter
constexpr int kAtlasWidth = 2048, kMaxRoomRows = 4096 - 64;  // 64 rows for the builder's own glyphs
constexpr int kPad = 1;              // between glyphs: bilinear filtering must not bleed a neighbour in

bool in_ranges(const ImWchar* ranges, unsigned cp) {
    for (int i = 0; ranges[i]; i += 2)
        if (cp >= ranges[i] && cp <= ranges[i + 1]) return true;
    return false;
}
int range_size(const ImWchar* ranges) {
    int n = 0;
    for (int i = 0; ranges[i]; i += 2) n += ranges[i + 1] - ranges[i] + 1;
    return n;
}
constexpr int idx(Font f) { return static_cast<int>(f); }
bool bold(int f) { return f == idx(Font::Strong) || f >= idx(Font::Title); }

std::unique_ptr<stbtt_fontinfo> open_font(const std::vector<std::uint8_t>& bytes) {
    auto info = std::make_unique<stbtt_fontinfo>();
    if (!bytes.empty() && stbtt_InitFont(info.get(), bytes.data(), stbtt_GetFontOffsetForIndex(bytes.data(), 0))) return info;
    return nullptr;
}
}  // namespace

float Fonts::size(Font f) const { return kSizes[idx(f)]; }

Fonts::Fonts() = default;  // both here, where stbtt_fontinfo is complete
Fonts::~Fonts() = default;

const stbtt_fontinfo* Fonts::latin_for(int font) const {
    return (bold(font) && latin_info_[1] ? latin_info_[1] : latin_info_[0]).get();
}

void Fonts::set_latin(std::vector<std::uint8_t> regular, std::vector<std::uint8_t> semibold) {
    latin_regular_ = std::move(regular);
    latin_semibold_ = std::move(semibold);
    latin_info_[0] = open_font(latin_regular_);
    latin_info_[1] = latin_semibold_.empty() ? nullptr : open_font(latin_semibold_);
    latin_dirty_ = true;
}

void Fonts::set_cjk(std::vector<std::uint8_t> ttf, bool extended) {
    cjk_ = std::move(ttf);
    extended_ = extended;
    cjk_info_ = open_font(cjk_);
    wants_extended_ = false;
    for (const auto* set : {&extra_, &extra_body_})
        for (ImWchar c : *set)
            if (!covers(c)) wants_extended_ = !extended_;
    dirty_ = true;  // what the new font has is drawn now (glyphs already drawn stay: the same font)
}

bool Fonts::covers(unsigned cp) const {
    return cjk_info_ && stbtt_FindGlyphIndex(cjk_info_.get(), static_cast<int>(cp)) != 0;
}

// [SECTION] Noting ---------------------------------------------------------------------------------

bool Fonts::note_text(std::string_view utf8, bool body_only) {
    bool added = false;
    for (std::size_t i = 0; i < utf8.size();) {
        if (static_cast<unsigned char>(utf8[i]) < 0x80) {
            ++i;
            continue;
        }
        const unsigned cp = core::next_codepoint(utf8, i);
        if (cp > 0xFFFF || cp == 0xFFFD || in_ranges(kInterRanges, cp)) continue;
        // Not in Inter: only the CJK font can have it.
        if (!needs_cjk_ || (cjk_given_up_ && !cjk_info_)) added = true;
        needs_cjk_ = true;
        cjk_given_up_ = false;  // new text that needs it: try loading it again
        if (chinese_ui_ && in_ranges(kCjkRanges, cp)) continue;
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

void Fonts::note_chinese_ui() {
    if (chinese_ui_) return;
    chinese_ui_ = needs_cjk_ = dirty_ = true;
    cjk_given_up_ = false;
}

// [SECTION] Building -------------------------------------------------------------------------------

// Rows the room needs for what is noted now at this scale, with space to spare for text still to
// come (a full room means one more build).
int Fonts::room_rows_wanted(float scale) const {
    const int base = range_size(kInterRanges) + (chinese_ui_ ? range_size(kCjkRanges) : 0);
    double area = 0;
    for (int f = 0; f < idx(Font::Count); ++f) {
        const bool small = f == idx(Font::Small) || f == idx(Font::Body);
        const double n = static_cast<double>(base + (f == idx(Font::Strong) ? 0 : extra_.size() + (small ? extra_body_.size() : 0)));
        // A glyph's box is about 0.7 of its pixel size each way (measured on the demo's shops).
        const double px = 0.7 * std::ceil(kSizes[f] * scale * kCjkScale) + kPad;
        area += n * px * px;
    }
    const int rows = static_cast<int>(area / 2000.0 * 1.1);  // shelves waste some of each row
    return std::max(rows + rows / 4 + 64, 128);
}

bool Fonts::rebuild_if_needed(float pixel_ratio, Renderer& renderer) {
    if (latin_regular_.empty()) return false;
    if (!latin_dirty_ && !room_full_ && built_ && std::fabs(pixel_ratio - built_ratio_) < 0.01f) return false;
    const double started = platform::now_ms();
    ImGuiIO& io = ImGui::GetIO();
    // Bake at the device pixel ratio; if the atlas would be too large, step the scale down.
    for (float scale : {pixel_ratio, std::min(pixel_ratio, 2.f), 1.5f, 1.f}) {
        if (scale > pixel_ratio) continue;
        io.Fonts->Clear();
        io.Fonts->TexDesiredWidth = kAtlasWidth;
        io.Fonts->Flags |= ImFontAtlasFlags_NoMouseCursors | ImFontAtlasFlags_NoPowerOfTwoHeight;
        for (int f = 0; f < idx(Font::Count); ++f) {
            auto& latin = bold(f) && !latin_semibold_.empty() ? latin_semibold_ : latin_regular_;
            ImFontConfig cfg;
            cfg.FontDataOwnedByAtlas = false;
            cfg.OversampleH = kLatinOversample;
            cfg.OversampleV = 1;
            cfg.PixelSnapH = false;
            fonts_[f] = io.Fonts->AddFontFromMemoryTTF(latin.data(), static_cast<int>(latin.size()), kSizes[f] * scale, &cfg,
                                                       kBuilderRanges);
        }
        // After a full room, a room twice as big (at least what is noted now, with room to spare).
        // A room larger than the largest atlas means a smaller scale; at the smallest, the biggest
        // room there is (what does not fit then is drawn as '?', bake_some).
        int rows = room_rows_wanted(scale);
        if (room_full_ && std::fabs(scale - scale_) < 0.01f) rows = std::max(rows, room_h_ * 2);
        if (rows > kMaxRoomRows && scale > 1.f) continue;
        rows = std::min(rows, kMaxRoomRows);
        // As wide as the atlas (less the builder's padding on each side), so nothing of the builder's
        // shares the room's rows: they start empty and go up whole.
        const int room = io.Fonts->AddCustomRectRegular(kAtlasWidth - 2 * io.Fonts->TexGlyphPadding, rows);
        if (!io.Fonts->Build()) continue;
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsAlpha8(&pixels, &w, &h);
        if (w > 4096 || h > 4096) continue;
        const ImFontAtlasCustomRect* r = io.Fonts->GetCustomRectByIndex(room);
        room_x_ = r->X;
        room_y_ = r->Y;
        room_w_ = r->Width;
        room_h_ = r->Height;
        shelf_x_ = shelf_y_ = shelf_h_ = 0;
        stage_.clear();
        stage_y_ = 0;
        renderer.set_font_atlas(pixels, w, h, room_y_, room_h_);
        io.Fonts->SetTexID(renderer.font_texture());
        io.Fonts->ClearTexData();  // the GPU has it; keep the wasm heap small
        io.FontGlobalScale = 1.f / scale;
        io.FontDefault = fonts_[idx(Font::Body)];
        atlas_w_ = w;
        atlas_h_ = h;
        scale_ = scale;
        built_ratio_ = pixel_ratio;
        latin_dirty_ = false;
        room_full_ = false;
        dirty_ = true;  // every base and noted character is drawn into the new room
        jobs_.clear();
        built_ = true;
        build_ms_ = platform::now_ms() - started;
        ++builds_;
        return true;
    }
    return false;
}

// [SECTION] Baking ---------------------------------------------------------------------------------

// Every base or noted character a face lacks, from Inter when it has it, else from the CJK font;
// biggest size first so shelves hold glyphs of one size. Strong is Body's size and takes Body's CJK
// glyphs (Droid has no bold); its Latin ones are Inter SemiBold's own.
void Fonts::refill() {
    jobs_.clear();
    dirty_ = false;
    if (!built_) return;
    for (Font font : {Font::Display, Font::Title, Font::Strong, Font::Body, Font::Small}) {
        const int f = idx(font);
        const stbtt_fontinfo* latin = latin_for(f);
        auto want = [&](ImWchar c) {
            if (fonts_[f]->FindGlyphNoFallback(c)) return;
            if (latin && stbtt_FindGlyphIndex(latin, c)) jobs_.push_back({f, c, true});
            else if (font != Font::Strong && covers(c)) jobs_.push_back({f, c, false});
        };
        for (const ImWchar* ranges : {kInterRanges, chinese_ui_ ? kCjkRanges : kNoRanges})
            for (int i = 0; ranges[i]; i += 2)
                for (unsigned c = ranges[i]; c <= ranges[i + 1]; ++c) want(static_cast<ImWchar>(c));
        for (ImWchar c : extra_) want(c);
        if (font == Font::Body || font == Font::Small || font == Font::Strong)
            for (ImWchar c : extra_body_) want(c);
    }
    std::reverse(jobs_.begin(), jobs_.end());  // taken from the back
}

// Draws one glyph into the room and adds it to its face as Dear ImGui's builder would have:
// stb_truetype's box at the size (Inter oversampled horizontally and filtered, as the builder
// does), the baseline at the face's rounded ascent. False when the room is full.
bool Fonts::bake_one(const Job& job) {
    const stbtt_fontinfo* info = job.latin ? latin_for(job.font) : cjk_info_.get();
    const float px = kSizes[job.font] * scale_;
    const float s = stbtt_ScaleForPixelHeight(info, job.latin ? px : px * kCjkScale);
    const int over = job.latin ? kLatinOversample : 1;
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0, advance = 0, lsb = 0;
    stbtt_GetCodepointBitmapBoxSubpixel(info, job.c, s * over, s, 0, 0, &x0, &y0, &x1, &y1);
    stbtt_GetCodepointHMetrics(info, job.c, &advance, &lsb);
    const int w = x1 - x0 > 0 ? x1 - x0 + over - 1 : 0, h = y1 - y0;
    float sub_x = 0, sub_y = 0;
    int gx = 0, gy = 0;  // in the atlas
    if (w > 0 && h > 0) {
        if (shelf_x_ + w > room_w_) {
            shelf_x_ = 0;
            shelf_y_ += shelf_h_ + kPad;
            shelf_h_ = 0;
        }
        if (w > room_w_ || shelf_y_ + h > room_h_) return false;
        gx = room_x_ + shelf_x_;
        gy = room_y_ + shelf_y_;
        const std::size_t need = static_cast<std::size_t>(shelf_y_ + h - stage_y_) * atlas_w_;
        if (stage_.size() < need) stage_.resize(need, 0);
        stbtt_MakeCodepointBitmapSubpixelPrefilter(info, &stage_[static_cast<std::size_t>(shelf_y_ - stage_y_) * atlas_w_ + gx], w, h,
                                                   atlas_w_, s * over, s, 0, 0, over, 1, &sub_x, &sub_y, job.c);
        shelf_x_ += w + kPad;
        shelf_h_ = std::max(shelf_h_, h);
    }
    const float u = 1.f / atlas_w_, v = 1.f / atlas_h_;
    const float qx0 = static_cast<float>(x0) / over + sub_x, qx1 = static_cast<float>(x0 + w) / over + sub_x;
    auto add = [&](ImFont* dst) {
        const float off_y = (job.latin ? 0.f : px * kCjkDrop) + std::floor(dst->Ascent + 0.5f);
        dst->AddGlyph(nullptr, job.c, qx0, y0 + off_y, qx1, y0 + h + off_y, gx * u, gy * v, (gx + w) * u, (gy + h) * v, advance * s);
    };
    add(fonts_[job.font]);
    if (!job.latin && job.font == idx(Font::Body)) add(fonts_[idx(Font::Strong)]);
    return true;
}

bool Fonts::bake_some(Renderer& renderer, double budget_ms) {
    if (!built_) return false;
    if (dirty_) refill();
    if (jobs_.empty() || room_full_) return room_full_;
    const double started = platform::now_ms();
    int baked = 0;
    while (!jobs_.empty()) {
        if (!bake_one(jobs_.back())) {
            if (room_h_ >= kMaxRoomRows && scale_ <= 1.f) {  // no bigger room: this glyph stays out
                jobs_.pop_back();
                continue;
            }
            room_full_ = true;  // rebuild_if_needed makes a bigger room; everything is drawn again
            break;
        }
        jobs_.pop_back();
        ++baked;
        if ((baked & 7) == 0 && platform::now_ms() - started > budget_ms) break;
    }
    if (!room_full_) {
        // Up go the rows drawn in since the last piece; the rows of the shelf still open stay here
        // for the next piece's upload, the rest are done for good.
        const int rows = static_cast<int>(stage_.size() / atlas_w_);
        renderer.update_font_atlas_rows(stage_.data(), room_y_ + stage_y_, atlas_w_, rows);
        const std::size_t done = static_cast<std::size_t>(std::min(shelf_y_ - stage_y_, rows)) * atlas_w_;
        stage_.erase(stage_.begin(), stage_.begin() + static_cast<std::ptrdiff_t>(done));
        stage_y_ += static_cast<int>(done / atlas_w_);
        for (ImFont* f : fonts_)
            if (f && f->DirtyLookupTables) f->BuildLookupTable();
    }
    glyphs_baked_ += baked;
    ++slices_;
    longest_slice_ms_ = std::max(longest_slice_ms_, platform::now_ms() - started);
    return room_full_ || !jobs_.empty();
}

}  // namespace ui
