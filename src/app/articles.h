// Brand articles in the app (issue 15): one brand's current articles, fetched from the store
// (GET /api/brands/<brand>/articles) and each opened with the brand's key (core::open_articles) into
// AppState::articles. The consumer's shop and the distributor's share kit both load them this way.
#pragma once
#include <functional>

#include "app/state.h"

namespace app {

// Starts the fetch; `done` runs after s.articles[cert.brand] changed (Ready or Failed).
void fetch_articles(AppState& s, const core::BrandCert& cert, std::function<void()> done);

}  // namespace app
