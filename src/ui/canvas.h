// Canvas: the Dear ImGui host. Owns the ImGui context, renderer, fonts and image cache; turns
// platform input into ImGui input (with touch gestures: tap, scroll with momentum, long press);
// draws a frame only when something changed; records what was drawn for browser tests.
//
// [SECTION] Frame          frame(): input -> NewFrame -> draw callback -> Render -> GL
// [SECTION] Touch          tap vs scroll vs long press, momentum; a double tap that outlives its screen
// [SECTION] Text fields    hidden-textarea placement, IME preedit text
// [SECTION] Test items     labels and rectangles of what is on screen
#pragma once
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "imgui.h"
#include "platform/platform.h"
#include "ui/fonts.h"
#include "ui/renderer.h"
#include "ui/semantics.h"

struct ImGuiWindow;

namespace ui {

class ImageCache;
struct SemanticNode;

// What a person reads when this browser's WebGL 2 cannot start or cannot run the app's shaders.
inline constexpr const char* kNoGraphicsTitle = "This device cannot draw the shop";
inline constexpr const char* kNoGraphicsText = "WebGL 2 could not start. Try another browser, or turn on hardware acceleration.";

// A text field as the semantics mirror shows it: its own <input> (or <textarea>) holds the value
// and is what the keyboard types into (semantics.h, "Fields").
struct FieldFacts {
    unsigned id = 0;               // the ImGui id: what the platform names when it sends an edit back
    std::string value;
    std::string traits;            // 'p' a password, 'm' several lines, then the input mode's digit
    std::string autocomplete;      // the HTML autocomplete token ("tel", "current-password") or ""
    int sel_start = -1, sel_end = -1;  // the caret or selection (UTF-16 offsets) while it is typed in
};

struct TestItem {
    std::string kind, label, id;  // id: the English key of a translated label
    platform::Rect rect;
    bool interactive = false;     // it is an ImGui item that reacts to a tap (semantics.h)
    bool scrolls = true;          // drawn in a window that scrolls (false: a bar fixed on screen)
    std::shared_ptr<FieldFacts> field;  // a text field's value and kind (null for everything else)
    std::string spoken;           // what a screen reader says, when the label alone is ambiguous (describe())
    unsigned item = 0;            // the ImGui item it is exposed over, when interactive (one node per item)
    int checked = -1;             // a switch: 1 on, 0 off (expose_switch)
    unsigned list = 0;            // the list it is an entry of (begin_list; 0: none) and its place in it
    int list_index = -1;
    unsigned layer = 0;           // the window that scrolls it (its innermost; 0: fixed on screen)
    float scroll_y = 0;           // that window's scroll: the item's place in its content is rect.y + scroll_y
};

class Canvas {
public:
    bool init();
    // Runs one frame; `draw` issues the ImGui calls for the current screen. Returns true while
    // something animates (the platform then draws the next frame right away).
    bool frame(const std::function<void()>& draw);

    Renderer& renderer() { return renderer_; }
    Fonts& fonts() { return fonts_; }
    platform::Viewport viewport() const { return viewport_; }
    bool is_phone() const { return viewport_.width < 700; }
    std::uint32_t clear_color = 0xFAF7F2;

    // Something outside input changed (data arrived, an image decoded): draw again.
    void invalidate(int frames = 1) { if (frames > settle_) settle_ = frames; platform::request_frame(); }
    void animate() { animating_ = true; }  // a screen animates this frame (spinner, transition)

    // [SECTION] Text fields
    void register_text_field(const ImVec2& min, const ImVec2& max, platform::InputMode mode);
    const std::string& composition() const { return composition_; }
    // What the person typed into a field's node (or the browser filled in), waiting for the field to
    // draw: the whole value and the selection, in UTF-16 offsets. Taken once.
    struct FieldEdit {
        std::string value;
        int sel_start = 0, sel_end = 0;
    };
    bool take_field_edit(unsigned field, FieldEdit* out);
    // The words a screen reader says for the item exposed last, when its label alone would be
    // ambiguous ("Remove from featured" on every row, an order row that is only its number); the
    // label stays what the page draws and tests read.
    void describe(const std::string& spoken) {
        if (transforms_.empty() && !items_building_.empty()) items_building_.back().spoken = spoken;
    }
    // A switch: its label with ": on" or ": off" (what tests read), said as the label and its state.
    void expose_switch(const std::string& label, bool on, const ImVec2& min, const ImVec2& max, const std::string& id);
    // A field exposed with what its node shows (its value, kind, and the caret while it is typed in).
    void expose_field(const std::string& label, const ImVec2& min, const ImVec2& max, const std::string& id, FieldFacts facts);

    // A list (products of a grid, a strip's cards, rows of orders): what is exposed until end_list is
    // its entries, `total` of them in all (a long list draws only some), each at the place given by
    // list_entry. Screen readers say "list, 24 items" and where in it each entry is.
    void begin_list(const char* id, std::string name, int total);
    void list_entry(int index) { list_index_ = index; }
    void end_list() { list_ = 0, list_index_ = -1; }

    // [SECTION] Test items
    void expose(const char* kind, const std::string& label, const ImVec2& min, const ImVec2& max, const std::string& id = "");
    // What a long list leaves undrawn next to the rows on screen (the grid's next row, a strip's next
    // card): a node of the mirror that does not draw, so the keyboard's Tab and a screen reader's
    // next item reach it (their focus then scrolls it on screen, where it is drawn and the same node
    // carries on). Interactive like the item it stands for; not a test item (tests tap what is drawn).
    void expose_beyond(const char* kind, const std::string& label, const ImVec2& min, const ImVec2& max,
                       const std::string& id = "", bool interactive = true);
    // While a nested view (the editor's live preview) draws in its own coordinates, what it exposes
    // is mapped to screen coordinates (offset + scale), clipped to where it is shown, and its kinds
    // prefixed ("preview-phone:product"). Its text fields are not the page's (no keyboard for them).
    struct ExposeTransform {
        std::string prefix;
        ImVec2 offset{0, 0};
        float scale = 1;
        ImVec2 clip_min{0, 0}, clip_max{0, 0};
    };
    void push_expose_transform(ExposeTransform t) { transforms_.push_back(std::move(t)); }
    void pop_expose_transform() { if (!transforms_.empty()) transforms_.pop_back(); }

    // Scrolling (wheel or a finger drag) that starts inside a captured region is handed to whoever
    // captured it instead of scrolling the page: the preview scrolls its own shop. Regions are
    // declared each frame and apply to the next frame's input.
    struct ScrollDelta {
        float x = 0, y = 0, dx = 0, dy = 0;
    };
    void capture_scroll(const ImVec2& min, const ImVec2& max) {
        scroll_capture_next_.push_back({min.x, min.y, max.x - min.x, max.y - min.y});
    }
    std::vector<ScrollDelta> take_captured_scroll(const ImVec2& min, const ImVec2& max);
    // A window that pages (the product gallery): a finger's fling does not glide on in it; its
    // velocity at release (px/ms, + towards the next page) is kept for the window to take once and
    // turn into at most one page. Declared each frame, as capture_scroll.
    void pages(const ImGuiWindow* w);
    bool take_flick(const ImGuiWindow* w, float* vx);
    std::string test_items_json() const;
    long frame_count() const { return frames_; }
    // The semantics mirror's side of the frame (semantics_of, encode, compare): frames and their
    // total CPU time, for bench/ figures; and the node the keyboard is on.
    long semantics_frames() const { return semantics_frames_; }
    double semantics_ms() const { return semantics_ms_; }
    const std::string& focused_key() const { return focused_key_; }
    // CPU time (ms) of the last 240 frames, oldest first: tools/bench.sh reads it.
    const std::deque<float>& frame_ms() const { return frame_ms_; }
    bool touch_scrolling() const { return touch_.state == TouchState::Scrolling || momentum_active_; }
    std::string touch_debug() const;

    // Browser events that are not input (history, connectivity, resize) for the app to handle.
    std::vector<platform::InputEvent> take_app_events() { return std::move(app_events_); }

    // The screen being drawn (any string that changes when the page does). A press that repeats the
    // press which changed the screen (same spot, just after the change) is a double tap aimed at
    // the old screen: it is dropped instead of hitting whatever the new one has there ("Place
    // order" tapped twice must not also tap the receipt's "Back to the shop").
    void note_screen(const std::string& key);

    void note_labelled_item(ImGuiID id, const char* label);
    void note_item_rect(ImGuiID id, const ImVec2& min, const ImVec2& max);

private:
    enum class TouchState { Idle, Pending, Scrolling, LongPress };
    struct Touch {
        TouchState state = TouchState::Idle;
        int pointer = -1;
        float start_x = 0, start_y = 0, last_x = 0, last_y = 0;
        double start_time = 0, last_time = 0;
        float vx = 0, vy = 0;  // px per ms
        bool horizontal = false;
        bool captured = false;  // started in a captured region: deltas go to its owner
        ImGuiWindow* target = nullptr;
    };
    struct Pending {
        enum Kind { Pos, Down, Up, Key, Char, Wheel } kind;
        explicit Pending(Kind k) : kind(k) {}
        float x = 0, y = 0, dx = 0, dy = 0;
        int button = 0;
        platform::Key key = platform::Key::None;
        bool down = false, ctrl = false, shift = false, alt = false, super = false;
        bool barrier = false;  // the frame ends after this one (a tap's position precedes its press)
        double at = 0;         // when a tap or a mouse press arrived: a press made before the screen changed is dropped
        std::string text;
        bool transition() const { return kind == Down || kind == Up || kind == Key; }
    };

    bool repeats_last_press(float x, float y, double now) const;
    void take_input();
    void on_pointer(const platform::InputEvent& e);
    void apply_pending(ImGuiIO& io);
    void apply_momentum(double now);
    void scroll_window(ImGuiWindow* w, float dx, float dy);
    ImGuiWindow* scroll_target_at(float x, float y, bool horizontal) const;
    void update_text_input();

    Renderer renderer_;
    Fonts fonts_;
    platform::Viewport viewport_;
    std::deque<Pending> pending_;
    Touch touch_;
    bool momentum_active_ = false;
    ImGuiWindow* momentum_target_ = nullptr;
    double last_frame_time_ = 0;
    std::string screen_;
    double screen_changed_at_ = -1e18, last_press_at_ = -1e18;
    float last_press_x_ = 0, last_press_y_ = 0;
    bool drop_mouse_up_ = false;  // the press was dropped: so is its release
    bool drop_stale_up_ = false;  // a queued press was made on a screen that has gone since: so is its release
    int settle_ = 2;
    bool animating_ = false;
    long frames_ = 0;
    std::deque<float> frame_ms_;
    std::string composition_;
    std::unordered_map<unsigned, FieldEdit> field_edits_;
    std::vector<platform::Rect> text_fields_;
    platform::InputMode text_mode_ = platform::InputMode::Text;
    bool text_was_active_ = false;
    std::vector<TestItem> items_, items_building_;
    std::vector<TestItem> beyond_;  // expose_beyond: the mirror's alone, this frame
    std::vector<SemanticList> lists_;  // begin_list, this frame
    unsigned list_ = 0;
    int list_index_ = -1;
    // [SECTION] Semantics: the last tree sent to the platform, and the node assistive technology
    // (or the keyboard) has focus on, which the canvas rings.
    std::string semantics_sent_;
    static constexpr double kSemanticsScrollMs = 150;
    double semantics_sent_at_ = -1e18;
    bool semantics_behind_ = false;  // frames went by without the mirror following (a page in flight)
    long semantics_frames_ = 0;
    double semantics_ms_ = 0;
    std::string focused_key_;
    void draw_focus_ring(const std::vector<SemanticNode>& nodes);
    // A node to bring on screen (EventKind::Reveal), scrolled to from the frame's own layout: the
    // page's idea of where the node is may be a frame old, and a window on its first frame has not
    // measured its content yet (a scroll asked of it then was clamped to nothing and lost).
    std::string reveal_key_;
    int reveal_frames_ = 0;   // frames it has waited for its node, or for its window to scroll
    int reveal_scrolls_ = 0;  // frames it has scrolled its window
    void reveal(const std::vector<SemanticNode>& nodes);
    std::vector<platform::InputEvent> app_events_;
    std::vector<std::pair<ImGuiID, std::string>> labelled_;
    std::vector<ExposeTransform> transforms_;
    std::vector<platform::Rect> scroll_capture_, scroll_capture_next_;
    std::vector<unsigned> paging_, paging_next_;  // pages(): last frame's, this frame's
    unsigned flick_window_ = 0;
    float flick_vx_ = 0;
    std::vector<ScrollDelta> captured_scroll_;
    bool in_capture(float x, float y) const;
};

}  // namespace ui
