#include "app/editor_route.h"

#include "core/referral/link.h"

namespace app {

EditorRoute parse_editor_route(const std::string& text) {
    EditorRoute r;
    core::Url url = core::parse_url(text);
    const auto& s = url.segments;
    if (s.empty() || s[0] != "d") return r;
    if (s.size() == 1) {
        r.page = EditorPage::Find;
        return r;
    }
    if (s[1] == "join" && s.size() == 2) {
        r.page = EditorPage::Join;
        r.invite = url.param("invite");
        return r;
    }
    if (!core::is_valid_slug(s[1])) return r;
    if (s.size() >= 3 && s[2] == "payouts" && s.size() <= 4) {
        if (s.size() == 4 && !is_valid_batch_id(s[3])) return r;
        r.slug = s[1];
        r.page = EditorPage::Dash;
        r.payouts = true;
        if (s.size() == 4) r.batch = s[3];
        return r;
    }
    if (s.size() > 3) return r;
    r.slug = s[1];
    if (s.size() == 2) r.page = EditorPage::Home;
    else if (s[2] == "edit") r.page = EditorPage::Edit;
    else if (s[2] == "share") r.page = EditorPage::Share;
    else if (s[2] == "team") r.page = EditorPage::Team;
    else if (s[2] == "dash") r.page = EditorPage::Dash;
    else r.slug.clear();
    return r;
}

const char* editor_page_name(EditorPage page) {
    switch (page) {
        case EditorPage::Find: return "find";
        case EditorPage::Join: return "join";
        case EditorPage::Home: return "home";
        case EditorPage::Edit: return "edit";
        case EditorPage::Share: return "share";
        case EditorPage::Team: return "team";
        case EditorPage::Dash: return "dash";
        case EditorPage::NotFound: return "not_found";
    }
    return "not_found";
}

std::string editor_path(const std::string& slug, EditorPage page) {
    std::string base = "/d/" + core::percent_encode(slug);
    switch (page) {
        case EditorPage::Edit: return base + "/edit";
        case EditorPage::Share: return base + "/share";
        case EditorPage::Team: return base + "/team";
        case EditorPage::Dash: return base + "/dash";
        default: return base;
    }
}

std::string join_path(const std::string& invite) { return "/d/join?invite=" + core::percent_encode(invite); }

std::string payouts_path(const std::string& slug, const std::string& batch) {
    std::string p = "/d/" + core::percent_encode(slug) + "/payouts";
    if (!batch.empty()) p += "/" + core::percent_encode(batch);
    return p;
}

bool is_valid_batch_id(const std::string& id) {
    if (id.size() < 6 || id.size() > 96 || id.rfind("pb_", 0) != 0) return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
    return true;
}

}  // namespace app
