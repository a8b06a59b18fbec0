// Picker search: folded word search over long lists a person picks from (a brand's 3,000 products,
// its 20,000 shops). Each entry's text is folded once; a query scans them and keeps the first
// `limit` matches while counting all, so a screen shows a few rows and says how many there are.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace core {

class PickerIndex {
public:
    void clear() { folded_.clear(); }
    void reserve(std::size_t n) { folded_.reserve(n); }
    // Adds one entry: its searchable text (title, id, name...). Entries are numbered in order.
    void add(const std::string& text);
    std::size_t size() const { return folded_.size(); }

    struct Matches {
        std::vector<std::size_t> shown;  // entry numbers, in entry order, at most `limit`
        std::size_t total = 0;           // every match
    };
    // Every word of the query (folded: case, full-width forms) must occur in the entry's text.
    // An empty query matches everything.
    Matches search(const std::string& query, std::size_t limit) const;

private:
    std::vector<std::string> folded_;
};

}  // namespace core
