// A small HTTP client for the command-line tools (libcurl): the store's JSON API and its signed
// requests, as the browser makes them. No retries here: a tool says what failed and stops.
#pragma once
#include <map>
#include <string>

#include "core/result.h"
#include "core/trust/trust.h"

namespace cli {

struct Response {
    long status = 0;                             // 0: no answer (connection refused, timeout)
    std::string body;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string error;                           // libcurl's words when status is 0
};

class Http {
public:
    explicit Http(std::string base_url);
    ~Http();
    Http(const Http&) = delete;
    Http& operator=(const Http&) = delete;

    // path: "/api/..." (with its query). signer: sign the request (Authorization: Dynshop ...).
    Response get(const std::string& path, const core::KeyPair* signer = nullptr);
    Response post_json(const std::string& path, const std::string& body, const core::KeyPair* signer = nullptr);

    const std::string& base() const { return base_; }

private:
    Response request(const std::string& method, const std::string& path, const std::string* body, const core::KeyPair* signer);
    std::string base_;
    void* curl_ = nullptr;
};

// The JSON error the store answered with ("code: message"), or the status and the start of the body.
std::string describe_failure(const Response& r);

}  // namespace cli
