// The browser implementation of platform.h. Its JS half is web/platform.js.
//
// [SECTION] JS imports       functions web/platform.js provides
// [SECTION] State            callbacks waiting for the browser, the event queue
// [SECTION] Exports          entry points the browser calls (events, frames, fetch/storage/file results)
// [SECTION] Interface        platform.h, one function each
#include <emscripten/emscripten.h>

#include <cstdlib>
#include <cstring>
#include <unordered_map>

#include "core/json.h"
#include "platform/platform.h"

#include <memory>
#include <new>

// [SECTION] JS imports
extern "C" {
void dynshop_platform_init();
void dynshop_request_frame();
void dynshop_request_frame_in(int ms);
void dynshop_post_task(int id);
void dynshop_viewport(float* out);
double dynshop_now_ms();
double dynshop_utc_ms();
void dynshop_set_text_fields(const float* rects, int count);
void dynshop_text_input(int active, float x, float y, float w, float h, int mode);
void dynshop_set_cursor(int kind);
void dynshop_set_semantics(const char* encoded);
void dynshop_fetch(int id, const char* method, const char* url, const void* body, int body_len, const char* ctype,
                   const char* headers_json);
void dynshop_storage_get(int id, const char* key);
void dynshop_storage_put(int id, const char* key, const char* value);
void dynshop_storage_delete(const char* key);
char* dynshop_location();
char* dynshop_origin();
void dynshop_push_url(const char* path);
void dynshop_replace_url(const char* path);
void dynshop_load_page(const char* path);
void dynshop_set_title(const char* title);
int dynshop_history_back();
void dynshop_set_summary(const char* heading, const char* text);
void dynshop_clipboard_write(const char* text);
void dynshop_pick_file(int id, const char* accept);
void dynshop_decode_image(int id, const void* data, int len, int max_side);
void dynshop_graphics_submit(const void* words, int bytes, const int* pictures, int count);
int dynshop_graphics_state();
void dynshop_drop_picture(int picture);
void dynshop_download(const char* name, const char* mime, const void* data, int len);
int dynshop_share_sheet(const char* title, const char* url);
void dynshop_open_url(const char* url);
int dynshop_online();
int dynshop_preferences();
void dynshop_first_frame_ready();
void dynshop_report_progress(float fraction, const char* label);
void dynshop_fatal_error(const char* title, const char* text);
int dynshop_notify_permission();
void dynshop_notify_request(int id);
void dynshop_notify_show(const char* title, const char* body, const char* tag);
}

namespace platform {
namespace {

// [SECTION] State
FrameFn g_frame;
std::function<void()> g_urgent;
std::function<std::string()> g_test_state;
std::vector<InputEvent> g_events;
int g_next_id = 1;
std::unordered_map<int, FetchDone> g_fetches;
std::unordered_map<int, std::function<void(std::optional<std::string>)>> g_gets;
std::unordered_map<int, std::function<void()>> g_tasks;
std::unordered_map<int, std::function<void(bool)>> g_puts;
std::unordered_map<int, std::function<void(std::string, Bytes)>> g_files;
std::unordered_map<int, std::function<void(DecodedImage)>> g_images;
std::unordered_map<int, std::function<void(NotifyPermission)>> g_notify_asks;
bool g_in_frame = false;

void run_frame() {
    if (!g_frame || g_in_frame) return;
    g_in_frame = true;
    bool animating = g_frame();
    g_in_frame = false;
    if (animating) dynshop_request_frame();
}

std::string take_string(char* p) {
    std::string s = p ? p : "";
    std::free(p);
    return s;
}

}  // namespace
}  // namespace platform

// [SECTION] Exports
extern "C" {

EMSCRIPTEN_KEEPALIVE void dynshop_frame() { platform::run_frame(); }

EMSCRIPTEN_KEEPALIVE void dynshop_event(int kind, float x, float y, float dx, float dy, int pointer, int flags,
                                        int key, char* text) {
    using namespace platform;
    InputEvent e;
    e.kind = static_cast<EventKind>(kind);
    e.x = x;
    e.y = y;
    e.dx = dx;
    e.dy = dy;
    e.pointer = pointer;
    e.touch = flags & 1;
    e.down = flags & 2;
    e.ctrl = flags & 4;
    e.shift = flags & 8;
    e.alt = flags & 16;
    e.super = flags & 32;
    e.assistive = flags & 64;
    e.button = (e.kind == EventKind::Key) ? 0 : key;
    e.key = (e.kind == EventKind::Key) ? static_cast<Key>(key) : Key::None;
    if (text) {
        e.text = text;
        std::free(text);
    }
    e.time = dynshop_now_ms();
    const bool urgent = e.kind == EventKind::PointerDown || e.kind == EventKind::PointerUp ||
                        e.kind == EventKind::Key || e.kind == EventKind::Text || e.kind == EventKind::FieldText;
    g_events.push_back(std::move(e));
    if (urgent && g_urgent && !g_in_frame) g_urgent();
    else dynshop_request_frame();
}

EMSCRIPTEN_KEEPALIVE void dynshop_task(int id) {
    using namespace platform;
    auto it = g_tasks.find(id);
    if (it == g_tasks.end()) return;
    auto fn = std::move(it->second);
    g_tasks.erase(it);
    fn();
}

EMSCRIPTEN_KEEPALIVE void dynshop_fetch_done(int id, int status, std::uint8_t* data, int len, char* error) {
    using namespace platform;
    Response r;
    r.status = status;
    if (data) {
        r.body.assign(data, data + len);
        std::free(data);
    }
    if (error) {
        r.error = error;
        std::free(error);
    }
    auto it = g_fetches.find(id);
    if (it == g_fetches.end()) return;
    auto done = std::move(it->second);
    g_fetches.erase(it);
    done(std::move(r));
    dynshop_request_frame();
}

EMSCRIPTEN_KEEPALIVE void dynshop_storage_done(int id, int ok, char* value) {
    using namespace platform;
    if (auto it = g_gets.find(id); it != g_gets.end()) {
        auto done = std::move(it->second);
        g_gets.erase(it);
        std::optional<std::string> v;
        if (ok && value) v = std::string(value);
        std::free(value);
        done(std::move(v));
    } else if (auto pt = g_puts.find(id); pt != g_puts.end()) {
        auto done = std::move(pt->second);
        g_puts.erase(pt);
        if (done) done(ok != 0);
    } else {
        std::free(value);
    }
    dynshop_request_frame();
}

EMSCRIPTEN_KEEPALIVE void dynshop_file_done(int id, char* name, std::uint8_t* data, int len) {
    using namespace platform;
    std::string n = name ? name : "";
    std::free(name);
    Bytes bytes(data, data + len);
    std::free(data);
    if (auto it = g_files.find(id); it != g_files.end()) {
        auto done = std::move(it->second);
        g_files.erase(it);
        done(std::move(n), std::move(bytes));
    }
    dynshop_request_frame();
}

EMSCRIPTEN_KEEPALIVE void dynshop_image_done(int id, int picture, int w, int h) {
    using namespace platform;
    if (auto it = g_images.find(id); it != g_images.end()) {
        auto done = std::move(it->second);
        g_images.erase(it);
        done(DecodedImage{picture, w, h});
    } else if (picture) {
        dynshop_drop_picture(picture);
    }
}

EMSCRIPTEN_KEEPALIVE void dynshop_notify_done(int id, int permission) {
    using namespace platform;
    if (auto it = g_notify_asks.find(id); it != g_notify_asks.end()) {
        auto done = std::move(it->second);
        g_notify_asks.erase(it);
        if (done) done(static_cast<NotifyPermission>(permission));
    }
    dynshop_request_frame();
}

EMSCRIPTEN_KEEPALIVE char* dynshop_test_state() {
    std::string s = platform::g_test_state ? platform::g_test_state() : "{}";
    char* out = static_cast<char*>(std::malloc(s.size() + 1));
    std::memcpy(out, s.c_str(), s.size() + 1);
    return out;
}

}  // extern "C"

// [SECTION] Interface
namespace platform {

GraphicsState graphics_state() { return static_cast<GraphicsState>(dynshop_graphics_state()); }

void graphics_submit(const std::uint32_t* words, std::size_t count, const std::vector<int>& pictures) {
    dynshop_graphics_submit(words, static_cast<int>(count * 4), pictures.data(), static_cast<int>(pictures.size()));
}

void run(FrameFn frame) {
    g_frame = std::move(frame);
    dynshop_platform_init();
    dynshop_request_frame();
    emscripten_exit_with_live_runtime();
}

void request_frame() { dynshop_request_frame(); }
void draw_now() { run_frame(); }
void request_frame_in(int ms) { dynshop_request_frame_in(ms); }

namespace {
// Frees a byte vector's storage in one call. Letting the vector do it runs libc++'s walk from its end
// to its beginning (a no-op per byte), and the copy of that code the linker keeps is one built for
// size that does not skip the walk: 35-40 ms of a phone's main thread (4x slower CPU) to drop the
// 3,000-product shop's 3 MB answer, even from here (the vector's members are not inlined into this file).
void free_bytes(Bytes& b) {
    if (b.capacity() == 0) return;
    alignas(Bytes) unsigned char raw[sizeof(Bytes)];
    Bytes* held = new (raw) Bytes(std::move(b));  // `b` is empty now; `held` owns the storage
    std::allocator<std::uint8_t>().deallocate(held->data(), held->capacity());
    // *held is not destroyed: its storage was just freed, and a vector of bytes holds nothing else.
}
}  // namespace

Response::Response() = default;
Response::Response(Response&&) noexcept = default;
Response& Response::operator=(Response&& o) noexcept {
    if (this == &o) return *this;
    free_bytes(body);
    status = o.status;
    body = std::move(o.body);  // onto an empty vector: nothing to walk
    error = std::move(o.error);
    return *this;
}
Response::Response(const Response&) = default;
Response& Response::operator=(const Response& o) {
    if (this == &o) return *this;
    free_bytes(body);
    status = o.status;
    body = o.body;
    error = o.error;
    return *this;
}
Response::~Response() { free_bytes(body); }

void post_task(std::function<void()> fn) {
    int id = g_next_id++;
    g_tasks.emplace(id, std::move(fn));
    dynshop_post_task(id);
}

Viewport viewport() {
    float v[4] = {0, 0, 1, 0};
    dynshop_viewport(v);
    Viewport vp;
    vp.width = v[0];
    vp.height = v[1];
    vp.pixel_ratio = v[2];
    vp.keyboard_inset = v[3];
    return vp;
}

double now_ms() { return dynshop_now_ms(); }
std::int64_t utc_ms() { return static_cast<std::int64_t>(dynshop_utc_ms()); }

std::vector<InputEvent> take_events() {
    std::vector<InputEvent> out;
    out.swap(g_events);
    return out;
}

void set_urgent_handler(std::function<void()> handler) { g_urgent = std::move(handler); }

void set_text_fields(const std::vector<Rect>& fields) {
    static std::vector<Rect> last;
    if (fields.size() == last.size() &&
        (fields.empty() || std::memcmp(fields.data(), last.data(), fields.size() * sizeof(Rect)) == 0))
        return;
    last = fields;
    dynshop_set_text_fields(reinterpret_cast<const float*>(fields.data()), static_cast<int>(fields.size()));
}

void text_input(bool active, Rect caret, InputMode mode) {
    dynshop_text_input(active ? 1 : 0, caret.x, caret.y, caret.w, caret.h, static_cast<int>(mode));
}

void set_cursor(Cursor cursor) { dynshop_set_cursor(static_cast<int>(cursor)); }

void fetch(const std::string& method, const std::string& url, const std::string& body, FetchDone done,
           const std::string& content_type, const Headers& headers) {
    int id = g_next_id++;
    g_fetches.emplace(id, std::move(done));
    core::Json h = core::Json::object();
    for (const auto& [k, v] : headers) h[k] = v;
    dynshop_fetch(id, method.c_str(), url.c_str(), body.data(), static_cast<int>(body.size()), content_type.c_str(),
                  core::dump_json(h).c_str());
}

void storage_get(const std::string& key, std::function<void(std::optional<std::string>)> done) {
    int id = g_next_id++;
    g_gets.emplace(id, std::move(done));
    dynshop_storage_get(id, key.c_str());
}

void storage_put(const std::string& key, const std::string& value, std::function<void(bool)> done) {
    int id = g_next_id++;
    g_puts.emplace(id, std::move(done));
    dynshop_storage_put(id, key.c_str(), value.c_str());
}

void storage_delete(const std::string& key) { dynshop_storage_delete(key.c_str()); }

std::string location() { return take_string(dynshop_location()); }
std::string origin() { return take_string(dynshop_origin()); }
void push_url(const std::string& path) { dynshop_push_url(path.c_str()); }
void replace_url(const std::string& path) { dynshop_replace_url(path.c_str()); }
void load_page(const std::string& path) { dynshop_load_page(path.c_str()); }
void set_title(const std::string& title) { dynshop_set_title(title.c_str()); }
bool history_back() { return dynshop_history_back() != 0; }
void set_summary(const std::string& heading, const std::string& text) { dynshop_set_summary(heading.c_str(), text.c_str()); }
void clipboard_write(const std::string& text) { dynshop_clipboard_write(text.c_str()); }

void pick_file(const std::string& accept, std::function<void(std::string, Bytes)> done) {
    int id = g_next_id++;
    g_files.emplace(id, std::move(done));
    dynshop_pick_file(id, accept.c_str());
}

void decode_image(const Bytes& bytes, int max_side, std::function<void(DecodedImage)> done) {
    int id = g_next_id++;
    g_images.emplace(id, std::move(done));
    dynshop_decode_image(id, bytes.data(), static_cast<int>(bytes.size()), max_side);
}

void drop_picture(int picture) { dynshop_drop_picture(picture); }

void download(const std::string& filename, const std::string& mime, const Bytes& data) {
    dynshop_download(filename.c_str(), mime.c_str(), data.data(), static_cast<int>(data.size()));
}

bool share_sheet(const std::string& title, const std::string& url) { return dynshop_share_sheet(title.c_str(), url.c_str()) != 0; }
void open_url(const std::string& url) { dynshop_open_url(url.c_str()); }
bool online() { return dynshop_online() != 0; }

Preferences preferences() {
    const int bits = dynshop_preferences();
    Preferences p;
    p.reduced_motion = bits & 1;
    p.more_contrast = bits & 2;
    return p;
}
void first_frame_ready() { dynshop_first_frame_ready(); }
void report_progress(float fraction, const std::string& label) { dynshop_report_progress(fraction, label.c_str()); }
void fatal_error(const std::string& title, const std::string& text) { dynshop_fatal_error(title.c_str(), text.c_str()); }
NotifyPermission notification_permission() { return static_cast<NotifyPermission>(dynshop_notify_permission()); }

void request_notification_permission(std::function<void(NotifyPermission)> done) {
    int id = g_next_id++;
    g_notify_asks.emplace(id, std::move(done));
    dynshop_notify_request(id);
}

void show_notification(const std::string& title, const std::string& body, const std::string& tag) {
    dynshop_notify_show(title.c_str(), body.c_str(), tag.c_str());
}

void set_semantics(const std::string& encoded) { dynshop_set_semantics(encoded.c_str()); }

void set_test_state_provider(std::function<std::string()> provider) { g_test_state = std::move(provider); }

}  // namespace platform
