// Semantics: exposed items -> ARIA nodes (see semantics.h).
#include "ui/semantics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>

#include "ui/canvas.h"  // TestItem, FieldFacts

namespace ui {

// [SECTION] Roles ------------------------------------------------------------------------------

namespace {

bool one_of(const std::string& kind, std::initializer_list<const char*> kinds) {
    for (const char* k : kinds)
        if (kind == k) return true;
    return false;
}

}  // namespace

Role role_of(const std::string& kind, bool interactive, bool* skip) {
    *skip = kind.find(':') != std::string::npos;  // "preview-phone:product": inside a preview
    if (kind == "field") return Role::TextBox;
    if (kind == "dialog") return Role::Dialog;
    if (kind == "switch" && interactive) return Role::Switch;  // (Canvas::expose_switch)
    if (interactive) {
        // What opens a page of its own is a link; everything else that reacts is a button.
        return one_of(kind, {"product", "article", "directory-shop", "shop-pick", "article-link", "article-product"})
                   ? Role::Link
                   : Role::Button;
    }
    if (one_of(kind, {"page-title", "shop-title", "product-title", "article-title"})) return Role::Heading1;
    if (one_of(kind, {"dialog-title", "empty-title", "notice-title", "article-heading", "note-heading", "card-title"}))
        return Role::Heading2;
    if (one_of(kind, {"product-image", "gallery-image", "article-image", "article-cover", "article-picture", "avatar"}))
        return Role::Image;
    // What changes by itself and must be heard when it does: a toast, progress, an error, a status.
    if (one_of(kind, {"toast", "loading", "checkout-notice", "order-error", "field-error", "upload-progress",
                      "draft-status", "payment-status", "order-status", "slug-status"}))
        return Role::Status;
    return Role::Text;
}

// [SECTION] Nodes ------------------------------------------------------------------------------

namespace {

std::string clean(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) out.push_back(c == '\t' || c == '\n' || c == '\r' ? ' ' : c);
    return out;
}

bool same_rect(const platform::Rect& a, const platform::Rect& b) {
    return std::fabs(a.x - b.x) < 1 && std::fabs(a.y - b.y) < 1 && std::fabs(a.w - b.w) < 1 && std::fabs(a.h - b.h) < 1;
}


bool inside(const platform::Rect& in, const platform::Rect& out) {
    return in.x >= out.x - 1 && in.y >= out.y - 1 && in.x + in.w <= out.x + out.w + 1 && in.y + in.h <= out.y + out.h + 1;
}

}  // namespace

std::vector<SemanticNode> semantics_of(const std::vector<TestItem>& items, const std::vector<TestItem>& beyond,
                                       float screen_height) {
    std::vector<SemanticNode> out;
    out.reserve(items.size() + beyond.size());
    // A modal dialog (widgets.h, dialog_card): what lies outside it is not reachable while it is open.
    const TestItem* dialog = nullptr;
    for (const auto& it : items)
        if (it.kind == "dialog") dialog = &it;
    if (dialog) {
        SemanticNode d;
        d.role = Role::Dialog;
        d.name = clean(dialog->label);
        d.rect = dialog->rect;
        d.band = -1;
        out.push_back(std::move(d));
    }
    for (size_t n = 0; n < items.size() + beyond.size(); ++n) {
        const TestItem& it = n < items.size() ? items[n] : beyond[n - items.size()];
        if (&it == dialog || (dialog && n >= items.size())) continue;
        if (dialog && !inside(it.rect, dialog->rect)) continue;
        bool skip = false;
        const Role role = role_of(it.kind, it.interactive, &skip);
        if (skip || it.label.empty() || it.rect.w <= 0 || it.rect.h <= 0) continue;
        bool covered = false;
        for (auto n = out.rbegin(); n != out.rend() && n - out.rbegin() < 8 && !covered; ++n)
            covered = (same_rect(n->rect, it.rect) && (n->role == Role::Button || n->role == Role::Link ||
                                                       n->role == Role::TextBox || n->name == it.label)) ||
                      // (a chip's label exposed again over part of it; a test's label for a button, "order-why")
                      ((n->role == Role::Button || n->role == Role::Link) && n->name == it.label && inside(it.rect, n->rect)) ||
                      (it.item != 0 && n->item == it.item);
        if (covered) continue;
        SemanticNode node;
        node.role = role;
        // A gallery's picture is named by what it shows: the product (its id), then which one.
        node.name = !it.spoken.empty()                             ? clean(it.spoken)
                    : it.kind == "gallery-image" && !it.id.empty() ? clean(it.id) + ", " + it.label
                                                                   : clean(it.label);
        node.rect = it.rect;
        node.field = it.field;
        node.checked = it.checked;
        node.item = it.item;
        node.layer = it.layer;
        node.scroll_y = it.scroll_y;
        node.list = it.list;
        node.list_index = it.list_index;
        if (!it.scrolls) node.band = it.rect.y + it.rect.h * 0.5f < screen_height * 0.5f ? 0 : 2;
        out.push_back(std::move(node));
    }
    // Text drawn inside a link (a product card's price) is part of what the link says, as it is in
    // an <a> holding text: one stop for a screen reader, not three.
    std::vector<bool> merged(out.size(), false);
    for (size_t i = 0; i < out.size(); ++i) {
        if (out[i].role != Role::Text) continue;
        for (size_t j = 0; j < out.size(); ++j) {
            if (out[j].role != Role::Link || !inside(out[i].rect, out[j].rect)) continue;
            out[j].name += ", " + out[i].name;
            merged[i] = true;
            break;
        }
    }
    std::vector<SemanticNode> nodes;
    nodes.reserve(out.size());
    for (size_t i = 0; i < out.size(); ++i)
        if (!merged[i]) nodes.push_back(std::move(out[i]));
    // Reading order: a bar fixed at the top, the page top to bottom (left to right along a row),
    // then a bar fixed at the bottom (its buttons after the page they act on, as in a document).
    std::stable_sort(nodes.begin(), nodes.end(), [](const SemanticNode& a, const SemanticNode& b) {
        if (a.band != b.band) return a.band < b.band;
        // (by the middle of each, in steps of 12 px: a row's items line up however tall each is)
        const float ay = std::floor((a.rect.y + a.rect.h * 0.5f) / 12), by = std::floor((b.rect.y + b.rect.h * 0.5f) / 12);
        return ay != by ? ay < by : a.rect.x < b.rect.x;
    });
    std::unordered_map<std::string, int> seen;
    for (auto& node : nodes) {
        std::string base(1, static_cast<char>(node.role));
        base += node.name;
        const int nth = seen[base]++;
        node.key = nth ? base + "#" + std::to_string(nth) : base;
    }
    return nodes;
}

// [SECTION] Wire -------------------------------------------------------------------------------

std::string encode(const std::vector<SemanticNode>& nodes, const std::vector<SemanticList>& lists) {
    std::string s;
    char num[64];
    std::vector<unsigned> layers;
    for (const auto& n : nodes) {
        if (!n.layer || std::find(layers.begin(), layers.end(), n.layer) != layers.end()) continue;
        layers.push_back(n.layer);
        std::snprintf(num, sizeof num, "L\t%u\t%d\n", n.layer, static_cast<int>(std::lround(n.scroll_y)));
        s += num;
    }
    for (size_t i = 0; i < nodes.size(); ++i) {
        const SemanticNode& n = nodes[i];
        if (n.list && (i == 0 || nodes[i - 1].list != n.list)) {
            // A run of a list's entries: its line first.
            auto l = std::find_if(lists.begin(), lists.end(), [&](const SemanticList& x) { return x.id == n.list; });
            size_t end = i;
            while (end < nodes.size() && nodes[end].list == n.list) ++end;
            if (l != lists.end()) {
                std::snprintf(num, sizeof num, "G\t%u\t", n.list);
                s += num;
                s += clean(l->name);
                std::snprintf(num, sizeof num, "\t%d\t%d\t", static_cast<int>(end - i), l->total);
                s += num;
                for (size_t k = i; k < end; ++k) {
                    if (k > i) s.push_back(',');
                    s += std::to_string(nodes[k].list_index + 1);
                }
                s.push_back('\n');
            }
        }
        s.push_back(static_cast<char>(n.role));
        s.push_back('\t');
        s += n.key;
        s.push_back('\t');
        s += n.name;
        std::snprintf(num, sizeof num, "\t%d\t%d\t%d\t%d\t%u\n", static_cast<int>(std::lround(n.rect.x)),
                      static_cast<int>(std::lround(n.rect.y + n.scroll_y)), static_cast<int>(std::lround(n.rect.w)),
                      static_cast<int>(std::lround(n.rect.h)), n.layer);
        s += num;
        if (n.role == Role::Switch) {
            s.back() = '\t';
            s += n.checked == 1 ? "1\n" : "0\n";
        }
        if (n.role == Role::TextBox && n.field) {
            s.back() = '\t';  // the line goes on
            const FieldFacts& f = *n.field;
            s += std::to_string(f.id);
            s.push_back('\t');
            s += f.traits;
            s.push_back('\t');
            s += f.autocomplete;
            s.push_back('\t');
            for (char c : f.value) {
                switch (c) {
                    case '\\': s += "\\\\"; break;
                    case '\t': s += "\\t"; break;
                    case '\n': s += "\\n"; break;
                    case '\r': s += "\\r"; break;
                    default: s.push_back(c);
                }
            }
            std::snprintf(num, sizeof num, "\t%d\t%d\n", f.sel_start, f.sel_end);
            s += num;
        }
    }
    return s;
}

}  // namespace ui
