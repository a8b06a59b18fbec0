#include "core/catalog/picker.h"

#include "core/text.h"

namespace core {

void PickerIndex::add(const std::string& text) { folded_.push_back(fold_for_search(text)); }

PickerIndex::Matches PickerIndex::search(const std::string& query, std::size_t limit) const {
    std::vector<std::string> words;
    const std::string q = fold_for_search(query);
    for (std::size_t start = 0; start < q.size();) {
        std::size_t end = q.find(' ', start);
        if (end == std::string::npos) end = q.size();
        if (end > start) words.push_back(q.substr(start, end - start));
        start = end + 1;
    }
    Matches m;
    for (std::size_t i = 0; i < folded_.size(); ++i) {
        bool all = true;
        for (const auto& w : words)
            if (folded_[i].find(w) == std::string::npos) {
                all = false;
                break;
            }
        if (!all) continue;
        ++m.total;
        if (m.shown.size() < limit) m.shown.push_back(i);
    }
    return m;
}

}  // namespace core
