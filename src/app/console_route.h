// The brand's part of the URL space (/console/...). Parsing is total, like parse_route.
//
//   /console/<brand>                                   Sign in (brand passphrase or key file), then preview
//   /console/<brand>/preview?p=<product>&s=<shop>[&draft=1]
//                                                      A product inside any shop, phone and desktop side by
//                                                      side; draft=1 shows the unpublished draft release
//   /console/<brand>/catalog[/<product>]               The release editor: products, one product's content
//   /console/<brand>/orders                            The brand's orders: status, provenance
//   /console/<brand>/settlement[/<batch id>]           Balances per distributor, payout batches; one batch's lines
//   /console/<brand>/policy                            The brand's policy: binding, commission plan, payouts, payment
//   /console/<brand>/audit                             Every shop of the brand checked as a consumer's browser checks it
//   /console/<brand>/insight[/promoters|/reach]        Traffic and sales; ground promoters' QR scans; how far posts travel
//   /console/<brand>/articles[/<key>[/preview?s=<shop>]]
//                                                      The brand's articles; one being written (its id, or "new-..."
//                                                      for one never published); the draft inside a shop, phone and desktop
#pragma once
#include <string>

namespace app {

enum class ConsolePage { Home, Preview, Catalog, Orders, Settlement, Policy, Insight, Audit, Articles, NotFound };

struct ConsoleRoute {
    ConsolePage page = ConsolePage::NotFound;
    std::string brand;
    std::string product;  // Preview: p=; Catalog: the product being edited ("" = the list)
    std::string shop;     // Preview, article preview: s=
    bool draft = false;   // Preview: draft=1
    std::string batch;    // Settlement: the payout batch opened ("" = the balances and the list)
    std::string view;     // Insight: "" (traffic and sales), "promoters" or "reach"; Articles: "" or "preview"
    std::string article;  // Articles: the draft's key ("" = the list)
};

ConsoleRoute parse_console_route(const std::string& path_and_query);
const char* console_page_name(ConsolePage page);
std::string console_path(const std::string& brand, ConsolePage page);
std::string console_preview_path(const std::string& brand, const std::string& product, const std::string& shop, bool draft);
std::string console_product_path(const std::string& brand, const std::string& product);
std::string console_batch_path(const std::string& brand, const std::string& batch);
std::string console_insight_path(const std::string& brand, const std::string& view);
// key "" = the list; preview: the draft inside `shop` ("" = the first shop that carries the brand).
std::string console_article_path(const std::string& brand, const std::string& key, bool preview = false, const std::string& shop = "");

}  // namespace app
