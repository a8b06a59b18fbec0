// The small interface the app needs from its host. web.cpp + web/platform.js implement it for the
// browser; nothing else in src/ includes an Emscripten header or tests for __EMSCRIPTEN__.
//
// [SECTION] Frames and time    run(), request_frame(): the app draws only when asked to
// [SECTION] Graphics           the renderer's command stream, drawn off the main thread
// [SECTION] Input              pointer, wheel, keys, text (hidden textarea: phone keyboard, IME)
// [SECTION] Images             PNG and JPEG decoded by the browser, off the main thread, into textures
// [SECTION] Network            fetch
// [SECTION] Storage            IndexedDB, async key/value
// [SECTION] Browser            URL and history, clipboard, files, title, share, connectivity
// [SECTION] Notifications      the browser's Notification API (new orders while a page is open)
// [SECTION] Test hook          what a browser test reads back
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace platform {

using Bytes = std::vector<std::uint8_t>;

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
    bool contains(float px, float py) const { return px >= x && py >= y && px < x + w && py < y + h; }
};

// [SECTION] Frames and time
struct Viewport {
    float width = 0, height = 0;  // CSS pixels
    float pixel_ratio = 1;        // devicePixelRatio; the framebuffer is width*ratio x height*ratio
    float keyboard_inset = 0;     // CSS pixels of the layout hidden by an on-screen keyboard
};

// Called for every frame the platform decides to draw. Returns true while something animates
// (momentum scroll, a spinner), which asks for the next frame right away.
using FrameFn = std::function<bool()>;

void run(FrameFn frame);       // never returns on the web
void request_frame();          // draw once more, soon (coalesced)
void draw_now();               // draw right now, inside the current event handler
void request_frame_in(int ms); // draw once after a delay (caret blink, timed retries)
// Runs `fn` soon, in a task of its own (not a frame): work done in pieces (a shop opened a few
// milliseconds at a time) lets the browser take input and paint between them.
void post_task(std::function<void()> fn);
Viewport viewport();
double now_ms();               // monotonic, for animation
std::int64_t utc_ms();         // wall clock, UTC milliseconds

// [SECTION] Graphics
// The page's canvas is drawn by web/render.js from the command stream ui::Renderer writes. On the web
// it runs in a worker the canvas was handed to (OffscreenCanvas) where the browser allows it, on the
// page otherwise: making a WebGL2 context takes hundreds of milliseconds of a phone without a GPU
// driver, and a worker takes them off the thread that answers touches. The page's shell starts it
// while the app downloads (web/shell.js).
enum class GraphicsState { Starting, Ready, Failed };  // Ready: the context is made, the shaders linked
GraphicsState graphics_state();
// Sends `count` words of commands, in order after those sent before; `pictures` are the decoded
// pictures (decode_image) the stream's picture commands name: they go with it and are let go here.
void graphics_submit(const std::uint32_t* words, std::size_t count, const std::vector<int>& pictures);

// [SECTION] Input
enum class EventKind : int {
    PointerDown = 1, PointerUp, PointerMove, PointerCancel, Wheel, Key, Text, Composition, Resize, PopState,
    Online, Offline, Visible,
    Focus,     // text: the key of the semantic node that has the keyboard's focus ("" for none)
    FieldText, // a text field's node was typed in (or filled by the browser's autofill): text is
               // "<field id>\t<its whole value>", x and y its selection (UTF-16 offsets, as the DOM counts)
    Reveal     // text: the key of a semantic node to bring on screen (focused by the keyboard or a
               // screen reader, or pressed while off screen): the canvas scrolls its window
};

enum class Key : int {
    None = 0, Tab, Left, Right, Up, Down, PageUp, PageDown, Home, End, Delete, Backspace, Enter, Escape, Space,
    A, C, V, X, Y, Z, Count
};

struct InputEvent {
    EventKind kind;
    float x = 0, y = 0;     // CSS pixels
    float dx = 0, dy = 0;   // wheel, CSS pixels
    int pointer = 0;
    bool touch = false;     // touch or pen: gestures apply; mouse: direct
    int button = 0;
    Key key = Key::None;
    bool down = false;
    bool ctrl = false, shift = false, alt = false, super = false;
    bool assistive = false; // a press made for a screen reader's or the keyboard's activation of a node
    std::string text;       // Text: committed characters; Composition: the IME's preedit string
    double time = 0;        // now_ms() when it arrived
};

// Events that arrived since the last call. Pointer presses and keys are also delivered through
// the urgent handler, synchronously inside the browser's event (a user gesture), so actions that
// browsers only allow in a gesture (focus for the phone keyboard, clipboard, file pick, share)
// happen while it lasts.
std::vector<InputEvent> take_events();
void set_urgent_handler(std::function<void()> handler);

// Where editable text fields were drawn in the last frame: a tap on one focuses the hidden
// textarea inside the tap's own event handler, which is what makes phones open the keyboard.
void set_text_fields(const std::vector<Rect>& fields);
enum class InputMode { Text, Tel, Numeric, Email, Search };
// Keeps the hidden textarea focused (or not) and placed at the caret so the IME window follows.
void text_input(bool active, Rect caret, InputMode mode);

enum class Cursor { Arrow, Hand, Text };
void set_cursor(Cursor cursor);

// [SECTION] Images
// The browser decodes (createImageBitmap: on its own threads, with its own hardened decoders),
// shrunk to at most max_side pixels a side; the picture waits there until the renderer makes a
// texture of it (Renderer::create_texture, sent by graphics_submit) or drop_picture() lets it go.
// picture 0: the bytes are not a picture the browser can read.
struct DecodedImage {
    int picture = 0;
    int width = 0, height = 0;
};
void decode_image(const Bytes& bytes, int max_side, std::function<void(DecodedImage)> done);
void drop_picture(int picture);

// [SECTION] Network
struct Response {
    // Defined in web.cpp, which is built for speed: a vector of bytes destroyed by code built for
    // size (the screens, -Oz) walks its elements one by one (a 3,000-product shop's 3 MB answer: 16
    // ms of a phone's main thread for nothing).
    // Its moves and copies too (a move-assignment frees the bytes it held).
    Response();
    Response(Response&&) noexcept;
    Response& operator=(Response&&) noexcept;
    Response(const Response&);
    Response& operator=(const Response&);
    ~Response();

    int status = 0;      // 0 = no answer (offline, refused, aborted)
    Bytes body;
    std::string error;   // set when status == 0
    bool ok() const { return status >= 200 && status < 300; }
    // The body as text, without a copy (valid while the response lives) or as a copy. Both copy
    // bytes in one go: a string built from the vector's iterators was filled a character at a time
    // in the -Oz build (60 ms of a 3,000-product shop's first task).
    std::string_view view() const { return {reinterpret_cast<const char*>(body.data()), body.size()}; }
    std::string text() const { return std::string(view()); }
};
using FetchDone = std::function<void(Response)>;
using Headers = std::vector<std::pair<std::string, std::string>>;
void fetch(const std::string& method, const std::string& url, const std::string& body, FetchDone done,
           const std::string& content_type = "application/json", const Headers& headers = {});

// [SECTION] Storage (IndexedDB on the web; keys are short strings, values text)
void storage_get(const std::string& key, std::function<void(std::optional<std::string>)> done);
void storage_put(const std::string& key, const std::string& value, std::function<void(bool)> done = {});
void storage_delete(const std::string& key);

// [SECTION] Browser
std::string location();                    // path + query of the current URL
std::string origin();                      // "http://localhost:8000"
void push_url(const std::string& path);    // a new history entry (the back button returns)
bool history_back();                       // back to the app's previous page; false if the page before is not the app's
void replace_url(const std::string& path); // same entry, new URL
void load_page(const std::string& path);   // this site's page loaded anew (another build of the app serves it)
void set_title(const std::string& title);
// Replaces the page's HTML summary (what screen readers and the no-canvas view read) with a heading
// and a paragraph, as plain text: when the app refuses what serve.py's first paint described.
void set_summary(const std::string& heading, const std::string& text);
void clipboard_write(const std::string& text);
void pick_file(const std::string& accept, std::function<void(std::string name, Bytes data)> done);
void download(const std::string& filename, const std::string& mime, const Bytes& data);
bool share_sheet(const std::string& title, const std::string& url);  // navigator.share; false = not available
// Opens an https page of another site (a brand's own payment page) in a new tab; where the browser
// allows no new tab, in this one. Call it inside a tap or key (browsers block it otherwise).
void open_url(const std::string& url);
bool online();
// The person's settings for how pages should look and move (CSS media features): a change arrives as
// a Resize event, and the app reads them again.
struct Preferences {
    bool reduced_motion = false;  // prefers-reduced-motion: reduce (no flings, no spinning)
    bool more_contrast = false;   // prefers-contrast: more (secondary text and borders darker)
};
Preferences preferences();
// The canvas has drawn a real screen: the shell fades out its HTML first paint.
void first_frame_ready();
void report_progress(float fraction, const std::string& label);  // shell progress bar while data loads
// Nothing can be drawn (fonts or graphics failed): the shell shows this message in HTML.
void fatal_error(const std::string& title, const std::string& text);

// [SECTION] Notifications: the browser's Notification API
enum class NotifyPermission { Unsupported, Default, Granted, Denied };
NotifyPermission notification_permission();
// Asks the person whether this site may show notifications. Call it only inside a tap or key
// (browsers ignore or penalise asking on page load); `done` gets the answer.
void request_notification_permission(std::function<void(NotifyPermission)> done);
// Shows a system notification (when permission is granted; nothing otherwise). A notification with
// the same tag replaces the one before. Clicking it brings this page to the front.
void show_notification(const std::string& title, const std::string& body, const std::string& tag);

// [SECTION] Semantics: the hidden ARIA tree that mirrors each frame (ui/semantics.h writes it;
// web/platform.js keeps the page's nodes in step, answers their activation with a press at their
// centre, and reports which one has focus as a Focus event).
void set_semantics(const std::string& encoded);

// [SECTION] Test hook: the JSON a browser test reads with window.dynshop.state()
void set_test_state_provider(std::function<std::string()> provider);

}  // namespace platform
