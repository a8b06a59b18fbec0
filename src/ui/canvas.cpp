#include "ui/canvas.h"

#include <algorithm>

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/json.h"
#include "ui/semantics.h"
#include "imgui_internal.h"

// Dear ImGui's test-engine hooks (IMGUI_ENABLE_TEST_ENGINE): every labelled widget reports its id,
// label and rectangle, which the Canvas keeps so a browser test can find things by label.
namespace {
ui::Canvas* g_canvas = nullptr;
}
void ImGuiTestEngineHook_ItemAdd(ImGuiContext*, const ImRect& bb, ImGuiID id) {
    if (g_canvas) g_canvas->note_item_rect(id, bb.Min, bb.Max);
}
void ImGuiTestEngineHook_ItemInfo(ImGuiContext*, ImGuiID id, const char* label, ImGuiItemStatusFlags) {
    if (g_canvas && label && *label) g_canvas->note_labelled_item(id, label);
}
void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}
const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }

namespace ui {

namespace {
constexpr float kTapSlop = 9.f;          // CSS px a finger may wander and still tap
constexpr double kLongPressMs = 450;     // hold this long without moving: press (drag to reorder)
constexpr float kMomentumDecayMs = 325;  // iOS-like fling decay
constexpr float kMinFlingSpeed = 0.02f;  // px/ms below which momentum stops
constexpr double kDoubleTapMs = 400;     // a second tap this soon after the screen changed ...
constexpr float kDoubleTapSlop = 40.f;   // ... this close to the first is part of a double tap
constexpr double kBakeSliceMs = 8;       // glyph baking per task: a phone 4x slower still stays under 50 ms

int imgui_key_index(platform::Key k) { return static_cast<int>(k); }
}  // namespace

// [SECTION] Frame ------------------------------------------------------------------------------

bool Canvas::init() {
    g_canvas = this;
    ImGui::CreateContext();
    ImGui::GetCurrentContext()->TestEngineHookItems = true;
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.BackendPlatformName = "dynshop-web";
    io.BackendRendererName = "dynshop-webgl2";
    io.ConfigInputTextCursorBlink = true;
    io.ConfigWindowsMoveFromTitleBarOnly = true;
    using K = platform::Key;
    io.KeyMap[ImGuiKey_Tab] = imgui_key_index(K::Tab);
    io.KeyMap[ImGuiKey_LeftArrow] = imgui_key_index(K::Left);
    io.KeyMap[ImGuiKey_RightArrow] = imgui_key_index(K::Right);
    io.KeyMap[ImGuiKey_UpArrow] = imgui_key_index(K::Up);
    io.KeyMap[ImGuiKey_DownArrow] = imgui_key_index(K::Down);
    io.KeyMap[ImGuiKey_PageUp] = imgui_key_index(K::PageUp);
    io.KeyMap[ImGuiKey_PageDown] = imgui_key_index(K::PageDown);
    io.KeyMap[ImGuiKey_Home] = imgui_key_index(K::Home);
    io.KeyMap[ImGuiKey_End] = imgui_key_index(K::End);
    io.KeyMap[ImGuiKey_Delete] = imgui_key_index(K::Delete);
    io.KeyMap[ImGuiKey_Backspace] = imgui_key_index(K::Backspace);
    io.KeyMap[ImGuiKey_Enter] = imgui_key_index(K::Enter);
    io.KeyMap[ImGuiKey_KeyPadEnter] = imgui_key_index(K::Enter);
    io.KeyMap[ImGuiKey_Escape] = imgui_key_index(K::Escape);
    io.KeyMap[ImGuiKey_Space] = imgui_key_index(K::Space);
    io.KeyMap[ImGuiKey_A] = imgui_key_index(K::A);
    io.KeyMap[ImGuiKey_C] = imgui_key_index(K::C);
    io.KeyMap[ImGuiKey_V] = imgui_key_index(K::V);
    io.KeyMap[ImGuiKey_X] = imgui_key_index(K::X);
    io.KeyMap[ImGuiKey_Y] = imgui_key_index(K::Y);
    io.KeyMap[ImGuiKey_Z] = imgui_key_index(K::Z);
    io.SetClipboardTextFn = [](void*, const char* text) { platform::clipboard_write(text); };
    io.GetClipboardTextFn = [](void*) -> const char* { return ""; };  // paste arrives as text input
    if (!renderer_.init()) return false;
    platform::set_urgent_handler([this] {
        // Pointer presses and keys: run frames now, inside the browser's event handler, until the
        // input is consumed, so the app's response happens within the user gesture.
        for (int i = 0; i < 6; ++i) {
            platform::draw_now();
            if (pending_.empty()) break;
        }
        platform::request_frame();
    });
    return true;
}

void Canvas::take_input() {
    for (auto& e : platform::take_events()) {
        using platform::EventKind;
        switch (e.kind) {
            case EventKind::PointerDown:
            case EventKind::PointerUp:
            case EventKind::PointerMove:
            case EventKind::PointerCancel: on_pointer(e); break;
            case EventKind::Wheel: {
                Pending p{Pending::Wheel};
                p.x = e.x;
                p.y = e.y;
                p.dx = e.shift && e.dx == 0 ? e.dy : e.dx;
                p.dy = e.shift && e.dx == 0 ? 0 : e.dy;
                pending_.push_back(p);
                momentum_active_ = false;
                break;
            }
            case EventKind::Key: {
                Pending p{Pending::Key};
                p.key = e.key;
                p.down = e.down;
                p.ctrl = e.ctrl;
                p.shift = e.shift;
                p.alt = e.alt;
                p.super = e.super;
                pending_.push_back(p);
                break;
            }
            case EventKind::Text: {
                fonts_.note_text(e.text);
                Pending p{Pending::Char};
                p.text = e.text;
                pending_.push_back(p);
                break;
            }
            case EventKind::Composition:
                composition_ = e.text;
                fonts_.note_text(e.text);
                break;
            case EventKind::Focus: focused_key_ = e.text; break;  // the ring moves (or goes)
            case EventKind::Reveal:
                reveal_key_ = e.text;
                reveal_frames_ = reveal_scrolls_ = 0;
                break;
            case EventKind::FieldText: {
                // Kept until the field draws (text_field takes it): the whole value, so a late or
                // repeated edit can only set what the node holds, never add to it twice.
                const auto tab = e.text.find('\t');
                if (tab == std::string::npos) break;
                FieldEdit& edit = field_edits_[static_cast<unsigned>(std::strtoul(e.text.c_str(), nullptr, 10))];
                edit.value = e.text.substr(tab + 1);
                edit.sel_start = static_cast<int>(e.x);
                edit.sel_end = static_cast<int>(e.y);
                fonts_.note_text(edit.value);
                break;
            }
            default: app_events_.push_back(e); break;  // history, connectivity, resize: the app's
        }
        settle_ = std::max(settle_, 2);
    }
}

bool Canvas::frame(const std::function<void()>& draw) {
    ImGuiIO& io = ImGui::GetIO();
    viewport_ = platform::viewport();
    const double now = platform::now_ms();
    take_input();
    fonts_.rebuild_if_needed(viewport_.pixel_ratio, renderer_);
    // Glyphs for newly noted text are drawn into the atlas a few milliseconds at a time, each piece
    // in its own task (a timer, not the next display frame), so the page never blocks for long; the
    // screen is drawn once they are all in, never with a missing glyph (fonts.h).
    if (fonts_.bake_some(renderer_, kBakeSliceMs)) {
        platform::request_frame_in(0);
        return false;
    }
    if (!fonts_.ready()) return false;
    // The shaders compile while the fonts are made and the shop is fetched; the first frame waits
    // for them here, asking again next display frame, instead of the start waiting in one piece.
    switch (renderer_.poll()) {
        case Renderer::State::Compiling: platform::request_frame_in(16); return false;
        case Renderer::State::Failed: platform::fatal_error(kNoGraphicsTitle, kNoGraphicsText); return false;
        case Renderer::State::Ready: break;
    }

    io.DisplaySize = ImVec2(viewport_.width, viewport_.height);
    io.DisplayFramebufferScale = ImVec2(viewport_.pixel_ratio, viewport_.pixel_ratio);
    io.DeltaTime = last_frame_time_ > 0 ? static_cast<float>(std::max(0.001, (now - last_frame_time_) / 1000.0)) : 1.f / 60.f;
    if (io.DeltaTime > 0.25f) io.DeltaTime = 1.f / 60.f;  // after idling, pretend one frame passed
    const double previous_frame = last_frame_time_;
    last_frame_time_ = now;

    apply_pending(io);
    apply_momentum(now);
    // A finger that stays down without moving becomes a press: that is how drag-to-reorder works.
    // Only trust the clock while frames come steadily: after a stall the finger's moves may still be
    // on their way (browsers deliver pointer moves aligned to frames), and a swipe must not turn
    // into a press.
    if (touch_.state == TouchState::Pending && now - touch_.start_time >= kLongPressMs && now - previous_frame < 100) {
        touch_.state = TouchState::LongPress;
        io.MousePos = ImVec2(touch_.last_x, touch_.last_y);
        io.MouseDown[0] = true;
    }

    text_fields_.clear();
    scroll_capture_next_.clear();
    paging_next_.clear();
    transforms_.clear();
    items_building_.clear();
    beyond_.clear();
    lists_.clear();
    end_list();
    labelled_.clear();
    animating_ = false;
    ImGui::NewFrame();
    draw();
    // The mirror's share of the frame is timed on its own (its two parts, not the rendering between).
    // While a finger scrolls the page (a drag, a fling gliding on) the mirror follows at most every
    // kSemanticsScrollMs, and once more when the page stops: nobody reads or touches the nodes of a
    // page in flight (a tap stops it first, and lands by its coordinates), and a fling moves every
    // node every frame. The keyboard's ring is drawn every frame from its node.
    const bool in_flight = touch_.state == TouchState::Scrolling || momentum_active_;
    const bool follow = !in_flight || now - semantics_sent_at_ >= kSemanticsScrollMs || !focused_key_.empty();
    double semantics_start = platform::now_ms();
    std::vector<SemanticNode> semantics;
    if (follow) semantics = semantics_of(items_building_, beyond_, viewport_.height);
    if (follow) reveal(semantics);
    draw_focus_ring(semantics);
    double semantics_ms = platform::now_ms() - semantics_start;
    ImGui::Render();
    if (!fonts_.ready()) {
        // This frame noted text whose glyphs are not in the atlas yet (the first Chinese word, or
        // the CJK font still on its way): it is not shown, so no '?' flashes; the screen keeps the
        // last frame until the glyphs are in. Waiting for the font needs no frames: it asks for one.
        return !fonts_.wants_cjk();
    }
    const int fb_w = static_cast<int>(std::lround(viewport_.width * viewport_.pixel_ratio));
    const int fb_h = static_cast<int>(std::lround(viewport_.height * viewport_.pixel_ratio));
    renderer_.render(ImGui::GetDrawData(), fb_w, fb_h, clear_color);
    ++frames_;
    items_.swap(items_building_);
    scroll_capture_.swap(scroll_capture_next_);
    paging_.swap(paging_next_);
    captured_scroll_.clear();  // whatever its owner did not take this frame is dropped
    platform::set_text_fields(text_fields_);
    update_text_input();
    // The page's ARIA tree follows the frame: sent when it changed (a scroll moves every node; a
    // caret blink moves none), the platform updating only the nodes that differ.
    semantics_start = platform::now_ms();
    std::string wire;
    if (follow) wire = encode(semantics, lists_);
    const bool changed = follow && wire != semantics_sent_;
    ++semantics_frames_;
    semantics_ms_ += semantics_ms + (platform::now_ms() - semantics_start);
    if (changed) {
        platform::set_semantics(wire);  // (its time is the page's: window.dynshop.semantics())
        semantics_sent_.swap(wire);
    }
    if (follow) {
        semantics_sent_at_ = now;
        semantics_behind_ = false;
    } else if (!semantics_behind_) {
        semantics_behind_ = true;
        platform::request_frame_in(static_cast<int>(kSemanticsScrollMs));  // a frame to catch up in, even if the page stops before
    }
    platform::set_cursor(ImGui::GetMouseCursor() == ImGuiMouseCursor_Hand        ? platform::Cursor::Hand
                         : ImGui::GetMouseCursor() == ImGuiMouseCursor_TextInput ? platform::Cursor::Text
                                                                                 : platform::Cursor::Arrow);
    if (io.WantTextInput) platform::request_frame_in(530);  // caret blink, without spinning

    if (settle_ > 0) --settle_;
    const bool busy = !pending_.empty() || settle_ > 0 || animating_ || momentum_active_ || !reveal_key_.empty() ||
                      touch_.state == TouchState::Pending || fonts_.ready() == false;
    frame_ms_.push_back(static_cast<float>(platform::now_ms() - now));
    if (frame_ms_.size() > 240) frame_ms_.pop_front();
    return busy;
}

// [SECTION] Touch ------------------------------------------------------------------------------

ImGuiWindow* Canvas::scroll_target_at(float x, float y, bool horizontal) const {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    ImGuiWindow* hit = nullptr;
    for (int i = g.Windows.Size - 1; i >= 0; --i) {
        ImGuiWindow* w = g.Windows[i];
        if (!w->WasActive || w->Hidden || (w->Flags & ImGuiWindowFlags_NoInputs)) continue;
        if (w->OuterRectClipped.Contains(ImVec2(x, y))) {
            hit = w;
            break;
        }
    }
    for (ImGuiWindow* w = hit; w; w = w->ParentWindow) {
        if (horizontal ? w->ScrollMax.x > 0 : w->ScrollMax.y > 0)
            if (!(w->Flags & ImGuiWindowFlags_NoScrollWithMouse)) return w;
    }
    return nullptr;
}

void Canvas::pages(const ImGuiWindow* w) { paging_next_.push_back(w->ID); }

bool Canvas::take_flick(const ImGuiWindow* w, float* vx) {
    if (flick_window_ != w->ID) return false;
    flick_window_ = 0;
    *vx = flick_vx_;
    return true;
}

void Canvas::scroll_window(ImGuiWindow* w, float dx, float dy) {
    if (!w) return;
    if (dx != 0) ImGui::SetScrollX(w, ImClamp(w->Scroll.x + dx, 0.f, w->ScrollMax.x));
    if (dy != 0) ImGui::SetScrollY(w, ImClamp(w->Scroll.y + dy, 0.f, w->ScrollMax.y));
}

void Canvas::note_screen(const std::string& key) {
    if (key == screen_) return;
    screen_ = key;
    screen_changed_at_ = platform::now_ms();
}

bool Canvas::repeats_last_press(float x, float y, double now) const {
    // No bound on how long ago the last press was: on a busy phone the frames between a press and
    // the screen it brings can take longer than a double tap, and nobody aims at a screen they have
    // seen for less than kDoubleTapMs.
    return last_press_at_ <= screen_changed_at_ && now - screen_changed_at_ < kDoubleTapMs &&
           std::hypot(x - last_press_x_, y - last_press_y_) < kDoubleTapSlop;
}

void Canvas::on_pointer(const platform::InputEvent& e) {
    using platform::EventKind;
    if (!e.touch) {  // mouse: direct
        // (A press from assistive technology or the keyboard names its node: never a double tap.)
        if (e.kind == EventKind::PointerDown && e.button == 0 && !e.assistive &&
            repeats_last_press(e.x, e.y, platform::now_ms())) {
            drop_mouse_up_ = true;
            return;
        }
        if ((e.kind == EventKind::PointerUp || e.kind == EventKind::PointerCancel) && drop_mouse_up_) {
            drop_mouse_up_ = false;
            return;
        }
        Pending p{e.kind == EventKind::PointerDown ? Pending::Down
                  : e.kind == EventKind::PointerUp ? Pending::Up
                                                   : Pending::Pos};
        p.x = e.x;
        p.y = e.y;
        p.button = e.button == 2 ? 1 : e.button == 1 ? 2 : 0;
        if (p.kind == Pending::Down) p.at = platform::now_ms();
        if (e.kind == EventKind::PointerCancel) p.kind = Pending::Up;
        pending_.push_back(p);
        return;
    }
    Touch& t = touch_;
    switch (e.kind) {
        case EventKind::PointerDown: {
            if (t.state != TouchState::Idle) return;  // second finger: ignored
            const bool was_flinging = momentum_active_;
            momentum_active_ = false;
            t = Touch{};
            t.state = was_flinging ? TouchState::Scrolling : TouchState::Pending;  // a tap that stops a fling does not click
            t.pointer = e.pointer;
            t.start_x = t.last_x = e.x;
            t.start_y = t.last_y = e.y;
            t.start_time = t.last_time = e.time;
            if (was_flinging) t.target = momentum_target_;
            break;
        }
        case EventKind::PointerMove: {
            if (t.state == TouchState::Idle || e.pointer != t.pointer) return;
            const float dx = e.x - t.last_x, dy = e.y - t.last_y;
            if (t.state == TouchState::Pending &&
                std::hypot(e.x - t.start_x, e.y - t.start_y) > kTapSlop && in_capture(t.start_x, t.start_y)) {
                t.captured = true;
                t.state = TouchState::Scrolling;
            }
            if (t.state == TouchState::Scrolling && t.captured) {
                captured_scroll_.push_back({t.start_x, t.start_y, -dx, -dy});
                t.last_x = e.x;
                t.last_y = e.y;
                t.last_time = e.time;
                break;
            }
            if (t.state == TouchState::Pending &&
                std::hypot(e.x - t.start_x, e.y - t.start_y) > kTapSlop) {
                t.horizontal = std::fabs(e.x - t.start_x) > std::fabs(e.y - t.start_y) * 1.2f;
                t.target = scroll_target_at(t.start_x, t.start_y, t.horizontal);
                if (!t.target && t.horizontal) {  // nothing scrolls sideways here: scroll vertically
                    t.horizontal = false;
                    t.target = scroll_target_at(t.start_x, t.start_y, false);
                }
                t.state = TouchState::Scrolling;
            }
            if (t.state == TouchState::Scrolling) {
                scroll_window(t.target, t.horizontal ? -dx : 0, t.horizontal ? 0 : -dy);
                const double dt = std::max(1.0, e.time - t.last_time);
                // Smoothed velocity over the last few moves: what the finger was doing when it let go.
                t.vx = 0.8f * static_cast<float>(-dx / dt) + 0.2f * t.vx;
                t.vy = 0.8f * static_cast<float>(-dy / dt) + 0.2f * t.vy;
            } else if (t.state == TouchState::LongPress) {
                Pending p{Pending::Pos};
                p.x = e.x;
                p.y = e.y;
                pending_.push_back(p);
            }
            t.last_x = e.x;
            t.last_y = e.y;
            t.last_time = e.time;
            break;
        }
        case EventKind::PointerUp:
        case EventKind::PointerCancel: {
            if (e.pointer != t.pointer) return;
            if (t.state == TouchState::Pending && e.kind == EventKind::PointerUp && !repeats_last_press(e.x, e.y, platform::now_ms())) {
                // A tap: position first, press next frame, release after (ImGui 1.86 has no queue).
                Pending pos{Pending::Pos}, down{Pending::Down}, up{Pending::Up}, away{Pending::Pos};
                pos.barrier = true;
                pos.x = down.x = up.x = e.x;
                pos.y = down.y = up.y = e.y;
                away.x = away.y = -FLT_MAX;  // no hover left behind on a touch screen
                down.at = up.at = platform::now_ms();
                pending_.push_back(pos);
                pending_.push_back(down);
                pending_.push_back(up);
                pending_.push_back(away);
            } else if (t.state == TouchState::Scrolling) {
                const bool recent = e.time - t.last_time < 80;
                const bool paging = t.target && std::find(paging_.begin(), paging_.end(), t.target->ID) != paging_.end();
                if (paging) flick_window_ = t.target->ID, flick_vx_ = recent && t.horizontal ? t.vx : 0;
                // (prefers-reduced-motion: the page stops where the finger leaves it)
                if (!paging && recent && std::hypot(t.vx, t.vy) > kMinFlingSpeed && t.target && !platform::preferences().reduced_motion) {
                    momentum_active_ = true;
                    momentum_target_ = t.target;
                }
            } else if (t.state == TouchState::LongPress) {
                Pending up{Pending::Up}, away{Pending::Pos};
                up.x = e.x;
                up.y = e.y;
                away.x = away.y = -FLT_MAX;
                pending_.push_back(up);
                pending_.push_back(away);
            }
            if (!momentum_active_) touch_ = Touch{};
            else {
                const float vx = t.vx, vy = t.vy;
                const bool horizontal = t.horizontal;
                touch_ = Touch{};
                touch_.vx = horizontal ? vx : 0;
                touch_.vy = horizontal ? 0 : vy;
            }
            break;
        }
        default: break;
    }
}

void Canvas::apply_momentum(double now) {
    if (!momentum_active_) return;
    ImGuiContext& g = *ImGui::GetCurrentContext();
    bool alive = false;
    for (ImGuiWindow* w : g.Windows) alive = alive || w == momentum_target_;
    const float dt = ImGui::GetIO().DeltaTime * 1000.f;
    if (!alive || dt <= 0) {
        momentum_active_ = false;
        return;
    }
    scroll_window(momentum_target_, touch_.vx * dt, touch_.vy * dt);
    const float decay = std::exp(-dt / kMomentumDecayMs);
    touch_.vx *= decay;
    touch_.vy *= decay;
    const bool at_edge = (touch_.vy < 0 && momentum_target_->Scroll.y <= 0) ||
                         (touch_.vy > 0 && momentum_target_->Scroll.y >= momentum_target_->ScrollMax.y);
    if (std::hypot(touch_.vx, touch_.vy) < kMinFlingSpeed || (touch_.vx == 0 && at_edge)) momentum_active_ = false;
    (void)now;
}

void Canvas::apply_pending(ImGuiIO& io) {
    // One button or key transition per frame: ImGui 1.86 samples state, it does not queue events.
    while (!pending_.empty()) {
        Pending& p = pending_.front();
        // Presses wait in this queue a frame each; under load a second tap of "Place order" can still
        // be waiting when the receipt is drawn. A press made before the screen changed was aimed at
        // the screen that has gone: it and its release are dropped, whatever the timing.
        if (p.kind == Pending::Down && p.at > 0 && p.at < screen_changed_at_) {
            drop_stale_up_ = true;
            pending_.pop_front();
            continue;
        }
        if (p.kind == Pending::Up && drop_stale_up_) {
            drop_stale_up_ = false;
            pending_.pop_front();
            continue;
        }
        switch (p.kind) {
            case Pending::Pos: io.MousePos = ImVec2(p.x, p.y); break;
            case Pending::Down:
                io.MousePos = ImVec2(p.x, p.y);
                io.MouseDown[p.button] = true;
                last_press_at_ = platform::now_ms();
                last_press_x_ = p.x;
                last_press_y_ = p.y;
                break;
            case Pending::Up:
                io.MousePos = ImVec2(p.x, p.y);
                io.MouseDown[p.button] = false;
                break;
            case Pending::Key:
                io.KeysDown[static_cast<int>(p.key)] = p.down;
                io.KeyCtrl = p.ctrl || p.super;  // Cmd on a Mac does what Ctrl does elsewhere
                io.KeyShift = p.shift;
                io.KeyAlt = p.alt;
                io.KeySuper = false;
                break;
            case Pending::Char: io.AddInputCharactersUTF8(p.text.c_str()); break;
            case Pending::Wheel: {
                if (in_capture(p.x, p.y)) {
                    captured_scroll_.push_back({p.x, p.y, p.dx, p.dy});
                    io.MousePos = ImVec2(p.x, p.y);
                    break;
                }
                ImGuiWindow* w = scroll_target_at(p.x, p.y, p.dx != 0 && p.dy == 0);
                scroll_window(w, p.dx, p.dy);
                io.MousePos = ImVec2(p.x, p.y);
                break;
            }
        }
        // A press, release or key ends the frame: a position that follows it (the "move away"
        // after a tap) must not be seen in the same frame, or the release lands nowhere.
        const bool barrier = p.barrier || p.transition();
        pending_.pop_front();
        if (barrier) break;
    }
}

// [SECTION] Text fields ------------------------------------------------------------------------

bool Canvas::in_capture(float x, float y) const {
    for (const auto& r : scroll_capture_)
        if (r.contains(x, y)) return true;
    return false;
}

std::vector<Canvas::ScrollDelta> Canvas::take_captured_scroll(const ImVec2& min, const ImVec2& max) {
    std::vector<ScrollDelta> out, rest;
    for (const auto& d : captured_scroll_)
        (d.x >= min.x && d.y >= min.y && d.x < max.x && d.y < max.y ? out : rest).push_back(d);
    captured_scroll_.swap(rest);
    return out;
}

void Canvas::register_text_field(const ImVec2& min, const ImVec2& max, platform::InputMode mode) {
    if (!transforms_.empty()) return;  // a field inside a preview is a picture of one
    text_fields_.push_back({min.x, min.y, max.x - min.x, max.y - min.y});
    if (ImGui::IsItemActive()) text_mode_ = mode;
}

bool Canvas::take_field_edit(unsigned field, FieldEdit* out) {
    auto it = field_edits_.find(field);
    if (it == field_edits_.end()) return false;
    *out = std::move(it->second);
    field_edits_.erase(it);
    return true;
}

void Canvas::update_text_input() {
    ImGuiIO& io = ImGui::GetIO();
    ImGuiContext& g = *ImGui::GetCurrentContext();
    const bool active = io.WantTextInput;
    if (active || text_was_active_) {
        platform::Rect caret{g.PlatformImePos.x, g.PlatformImePos.y, 2, 24};
        if (active && caret.x <= 0 && caret.y <= 0) caret = {viewport_.width / 2, viewport_.height / 2, 2, 24};
        platform::text_input(active, caret, text_mode_);
    }
    if (!active) composition_.clear();
    text_was_active_ = active;
}

std::string Canvas::touch_debug() const {
    const char* names[] = {"idle", "pending", "scrolling", "long_press"};
    std::string s = names[static_cast<int>(touch_.state)];
    if (touch_.target) s += std::string(" target=") + touch_.target->Name;
    if (momentum_active_) s += " momentum";
    return s;
}

// [SECTION] Test items -------------------------------------------------------------------------

namespace {

// A test item with what every item has; the rest (a field, the spoken words, the layer) set after.
TestItem test_item(std::string kind, std::string label, std::string id, platform::Rect rect, bool interactive, bool scrolls) {
    TestItem it;
    it.kind = std::move(kind);
    it.label = std::move(label);
    it.id = std::move(id);
    it.rect = rect;
    it.interactive = interactive;
    it.scrolls = scrolls;
    return it;
}

// An item of the window being drawn, at [min, max): the innermost window around it that scrolls
// gives its layer (the mirror moves that window's nodes as one) and its scroll.
TestItem page_item(const char* kind, const std::string& label, const std::string& id, const ImVec2& min, const ImVec2& max,
                   bool interactive) {
    const ImGuiWindow* scroller = ImGui::GetCurrentContext()->CurrentWindow;
    while (scroller && scroller->ScrollMax.y <= 0) scroller = scroller->ParentWindow;
    TestItem it = test_item(kind, label, id, {min.x, min.y, max.x - min.x, max.y - min.y}, interactive, scroller != nullptr);
    if (scroller) it.layer = scroller->ID, it.scroll_y = scroller->Scroll.y;
    return it;
}

}  // namespace

void Canvas::expose(const char* kind, const std::string& label, const ImVec2& min, const ImVec2& max, const std::string& id) {
    if (transforms_.empty()) {
        // Interactive when it is the last ImGui item (the InvisibleButton a widget drew, or the one
        // it drew it with): under its centre, and most of it (a price drawn inside a card is not).
        const ImGuiContext& g = *ImGui::GetCurrentContext();
        const ImRect& last = g.LastItemData.Rect;
        const ImVec2 c((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f);
        const bool interactive = g.LastItemData.ID != 0 && last.Contains(c) &&
                                 (max.x - min.x) * (max.y - min.y) >= 0.5f * last.GetWidth() * last.GetHeight() &&
                                 !(g.LastItemData.InFlags & ImGuiItemFlags_Disabled);
        TestItem& it = items_building_.emplace_back(page_item(kind, label, id, min, max, interactive));
        if (interactive) it.item = g.LastItemData.ID;
        it.list = list_, it.list_index = list_index_;
        return;
    }
    const ExposeTransform& t = transforms_.back();
    ImVec2 a(t.offset.x + min.x * t.scale, t.offset.y + min.y * t.scale);
    ImVec2 b(t.offset.x + max.x * t.scale, t.offset.y + max.y * t.scale);
    a.x = std::max(a.x, t.clip_min.x);
    a.y = std::max(a.y, t.clip_min.y);
    b.x = std::min(b.x, t.clip_max.x);
    b.y = std::min(b.y, t.clip_max.y);
    if (b.x <= a.x || b.y <= a.y) return;  // not visible in the preview
    items_building_.push_back(test_item(t.prefix + kind, label, id, {a.x, a.y, b.x - a.x, b.y - a.y}, false, true));
}

void Canvas::expose_beyond(const char* kind, const std::string& label, const ImVec2& min, const ImVec2& max,
                           const std::string& id, bool interactive) {
    if (!transforms_.empty()) return;  // a preview's own list is a picture, not this page's
    TestItem& it = beyond_.emplace_back(page_item(kind, label, id, min, max, interactive));
    it.list = list_, it.list_index = list_index_;
}

void Canvas::begin_list(const char* id, std::string name, int total) {
    list_index_ = -1;
    list_ = 0;
    if (!transforms_.empty()) return;  // a preview's lists are part of its picture
    list_ = ImGui::GetID(id);
    lists_.push_back({list_, std::move(name), total});
}

void Canvas::expose_field(const std::string& label, const ImVec2& min, const ImVec2& max, const std::string& id,
                          FieldFacts facts) {
    const size_t before = items_building_.size();
    expose("field", label, min, max, id);
    if (items_building_.size() > before && transforms_.empty())
        items_building_.back().field = std::make_shared<FieldFacts>(std::move(facts));
}

void Canvas::expose_switch(const std::string& label, bool on, const ImVec2& min, const ImVec2& max, const std::string& id) {
    expose("switch", label + (on ? ": on" : ": off"), min, max, id);
    describe(label);
    if (transforms_.empty() && !items_building_.empty()) items_building_.back().checked = on ? 1 : 0;
}

void Canvas::note_labelled_item(ImGuiID id, const char* label) {
    // Labels may carry "##id" suffixes; a test looks for the visible part.
    std::string visible(label);
    if (auto pos = visible.find("##"); pos != std::string::npos) visible.resize(pos);
    if (visible.empty()) return;
    ImGuiContext& g = *ImGui::GetCurrentContext();
    const ImRect& r = g.LastItemData.Rect;
    if (g.LastItemData.ID == id) {
        items_building_.push_back(test_item("widget", visible, "", {r.Min.x, r.Min.y, r.Max.x - r.Min.x, r.Max.y - r.Min.y}, true, true));
        items_building_.back().item = id;
    }
}

void Canvas::note_item_rect(ImGuiID, const ImVec2&, const ImVec2&) {}

void Canvas::reveal(const std::vector<SemanticNode>& nodes) {
    if (reveal_key_.empty()) return;
    // A node not drawn yet (the screen that has it is on its way) and a window that cannot scroll
    // yet (its first frame) are waited for, a few frames; a node that stays off screen once its
    // window has scrolled as far as it goes (or the person scrolled on) is left there.
    constexpr int kWaitFrames = 30, kScrollFrames = 3;
    const SemanticNode* node = nullptr;
    for (const SemanticNode& n : nodes)
        if (n.key == reveal_key_) node = &n;
    const float top = node ? node->rect.y : 0, bottom = node ? node->rect.y + node->rect.h : 0;
    const bool shown = node && top >= 0 && bottom <= viewport_.height;
    ImGuiWindow* w = node && node->layer ? ImGui::FindWindowByID(node->layer) : nullptr;
    if (shown || (w ? ++reveal_scrolls_ > kScrollFrames : ++reveal_frames_ > kWaitFrames)) {
        reveal_key_.clear();
        return;
    }
    if (!w) return;
    // The node comes to the middle of the screen; ImGui clamps the scroll to the window's content
    // when the next frame begins (its extent measured by this frame).
    ImGui::SetScrollY(w, std::max(0.f, w->Scroll.y + (top + bottom) * 0.5f - viewport_.height * 0.5f));
}

// The keyboard's (or a screen reader's) place on the page, drawn over everything: a dark ring with a
// white one inside, seen on any colour the shop is painted in.
void Canvas::draw_focus_ring(const std::vector<SemanticNode>& nodes) {
    if (focused_key_.empty()) return;
    for (const auto& n : nodes) {
        if (n.key != focused_key_) continue;
        ImDrawList* dl = ImGui::GetForegroundDrawList();
        const ImVec2 a(n.rect.x - 3, n.rect.y - 3), b(n.rect.x + n.rect.w + 3, n.rect.y + n.rect.h + 3);
        dl->AddRect(a, b, IM_COL32(17, 24, 39, 255), 8, 0, 3.f);
        dl->AddRect(ImVec2(a.x + 2.5f, a.y + 2.5f), ImVec2(b.x - 2.5f, b.y - 2.5f), IM_COL32(255, 255, 255, 255), 6, 0, 1.5f);
        return;
    }
}

std::string Canvas::test_items_json() const {
    core::Json arr = core::Json::array();
    for (const auto& it : items_) {
        // Only what can be seen: inside the viewport.
        if (it.rect.x + it.rect.w < 0 || it.rect.y + it.rect.h < 0 || it.rect.x > viewport_.width ||
            it.rect.y > viewport_.height)
            continue;
        arr.push_back({{"kind", it.kind}, {"label", it.label}, {"id", it.id},
                       {"x", std::round(it.rect.x)}, {"y", std::round(it.rect.y)},
                       {"w", std::round(it.rect.w)}, {"h", std::round(it.rect.h)}});
    }
    return core::dump_json(arr);
}

}  // namespace ui
