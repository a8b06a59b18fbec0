// build/native/dynshop: the core from a terminal, with no UI (the way Tracy's command-line tools
// reuse its data model). Each command talks to the store's public HTTP API like the apps do.
#pragma once
#include <string>
#include <vector>

namespace cli {

struct Args {
    std::vector<std::string> items;  // after the command name
    // The value after `flag`, or "" when the flag is absent.
    std::string get(const std::string& flag) const {
        for (std::size_t i = 0; i + 1 < items.size(); ++i)
            if (items[i] == flag) return items[i + 1];
        return {};
    }
};

int settle(const Args& args);
int audit(const Args& args);   // audit.cpp: every shop checked against the platform's root key

}  // namespace cli
