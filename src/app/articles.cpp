#include "app/articles.h"

#include "app/store_answer.h"
#include "platform/platform.h"

namespace app {

void fetch_articles(AppState& s, const core::BrandCert& cert, std::function<void()> done) {
    s.articles[cert.brand].status = LoadStatus::Loading;
    platform::fetch("GET", "/api/brands/" + core::percent_encode(cert.brand) + "/articles", "",
                    [&s, cert, done = std::move(done)](platform::Response r) {
                        BrandArticles& a = s.articles[cert.brand];
                        a.error = {};
                        if (r.status == 404) {  // a brand with no articles yet, or a store before them
                            a.set = {};
                            a.status = LoadStatus::Ready;
                        } else if (!r.ok()) {
                            a.status = LoadStatus::Failed;
                            a.error = core::make_error(
                                "network", server_message(r, cert.name + "'s articles could not be loaded (HTTP " + std::to_string(r.status) + ")."));
                        } else if (auto doc = core::parse_json(r.view(), "articles"); !doc) {
                            a.status = LoadStatus::Failed;
                            a.error = doc.error();
                        } else {
                            a.set = core::open_articles(*doc, cert);
                            a.status = LoadStatus::Ready;
                        }
                        done();
                    });
}

}  // namespace app
