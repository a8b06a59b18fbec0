#include "cli/http.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cctype>

#include "core/json.h"
#include "core/trust/request_auth.h"

namespace cli {

namespace {
std::size_t on_body(char* data, std::size_t size, std::size_t n, void* out) {
    static_cast<std::string*>(out)->append(data, size * n);
    return size * n;
}
std::size_t on_header(char* data, std::size_t size, std::size_t n, void* out) {
    std::string line(data, size * n);
    const auto colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon), value = line.substr(colon + 1);
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        value.erase(0, value.find_first_not_of(" \t"));
        while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.pop_back();
        (*static_cast<std::map<std::string, std::string>*>(out))[name] = value;
    }
    return size * n;
}
core::UtcMs now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}
}  // namespace

Http::Http(std::string base_url) : base_(std::move(base_url)) {
    while (!base_.empty() && base_.back() == '/') base_.pop_back();
    curl_global_init(CURL_GLOBAL_DEFAULT);
    curl_ = curl_easy_init();
}

Http::~Http() {
    if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

Response Http::get(const std::string& path, const core::KeyPair* signer) { return request("GET", path, nullptr, signer); }

Response Http::post_json(const std::string& path, const std::string& body, const core::KeyPair* signer) {
    return request("POST", path, &body, signer);
}

Response Http::request(const std::string& method, const std::string& path, const std::string* body, const core::KeyPair* signer) {
    Response r;
    CURL* c = static_cast<CURL*>(curl_);
    if (!c) {
        r.error = "libcurl could not start";
        return r;
    }
    curl_easy_reset(c);
    const std::string url = base_ + path;
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &r.headers);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // gzip when the store offers it, decoded here
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 300L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    struct curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, "Accept: application/json");
    std::string auth;
    if (signer) {
        auth = "Authorization: " + core::sign_request(method, path, body ? *body : std::string(), *signer, now_ms());
        headers = curl_slist_append(headers, auth.c_str());
    }
    if (body) {
        headers = curl_slist_append(headers, "Content-Type: application/json");
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body->data());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body->size()));
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    const CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    else r.error = curl_easy_strerror(rc);
    curl_slist_free_all(headers);
    return r;
}

std::string describe_failure(const Response& r) {
    if (r.status == 0) return "no answer (" + r.error + ")";
    auto j = core::parse_json(r.body, "error");  // the core's reader: its depth limit holds here too
    if (j && j->is_object()) {
        if (const core::Json* e = core::get_object(*j, "error"))
            return std::to_string(r.status) + " " + core::string_or(*e, "code", "") + ": " + core::string_or(*e, "message", "");
    }
    return std::to_string(r.status) + ": " + r.body.substr(0, 200);
}

}  // namespace cli
