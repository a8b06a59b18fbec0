// Undo history over snapshots of whatever an editor edits (a shop draft, a release draft, a brand
// policy): the one implementation every editor uses, so undo behaves the same everywhere.
//
// Typing in one field is one step: edits with the same non-empty group within kMergeMs of each
// other merge into the last step (and a merge that brings the field back to where the step began
// removes the step). A new edit after undo drops what could have been redone. At most kMaxSteps
// steps are kept; the oldest go first.
#pragma once
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "core/time.h"

namespace core {

// Two snapshots show the same thing: operator== unless a type says otherwise (a manifest's
// version and time are not what a person edits).
template <class T>
bool same_state(const T& a, const T& b) {
    return a == b;
}

template <class T>
class UndoHistory {
public:
    static constexpr std::size_t kMaxSteps = 200;
    static constexpr UtcMs kMergeMs = 1500;

    UndoHistory() : states_(1) {}
    explicit UndoHistory(T base) { reset(std::move(base)); }

    void reset(T base) {
        states_.clear();
        states_.push_back(std::move(base));
        pos_ = 0;
        group_.clear();
        group_ms_ = 0;
    }
    const T& current() const { return states_[pos_]; }

    // Records the next state; false when it shows nothing new.
    bool record(const T& next, const std::string& group = "", UtcMs now = 0) {
        if (same_state(next, current())) return false;
        const bool merge = !group.empty() && group == group_ && pos_ > 0 && pos_ + 1 == states_.size() &&
                           now >= group_ms_ && now - group_ms_ <= kMergeMs;
        if (merge) {
            states_[pos_] = next;
            if (same_state(states_[pos_], states_[pos_ - 1])) {  // typed back to where the step began
                states_.pop_back();
                --pos_;
                group_.clear();
                return true;
            }
        } else {
            states_.resize(pos_ + 1);
            states_.push_back(next);
            ++pos_;
            if (states_.size() > kMaxSteps + 1) {
                states_.erase(states_.begin());
                --pos_;
            }
        }
        group_ = group;
        group_ms_ = now;
        return true;
    }
    bool undo() {
        if (!can_undo()) return false;
        --pos_;
        group_.clear();
        return true;
    }
    bool redo() {
        if (!can_redo()) return false;
        ++pos_;
        group_.clear();
        return true;
    }
    bool can_undo() const { return pos_ > 0; }
    bool can_redo() const { return pos_ + 1 < states_.size(); }
    std::size_t position() const { return pos_; }
    std::size_t size() const { return states_.size(); }

    // For an owner's autosave: every snapshot and the position, and back.
    const std::vector<T>& states() const { return states_; }
    bool restore(std::vector<T> states, std::size_t pos) {
        if (states.empty() || pos >= states.size()) return false;
        states_ = std::move(states);
        pos_ = pos;
        group_.clear();
        group_ms_ = 0;
        return true;
    }

private:
    std::vector<T> states_;
    std::size_t pos_ = 0;
    std::string group_;
    UtcMs group_ms_ = 0;
};

}  // namespace core
