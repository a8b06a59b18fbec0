// EditorAction: what the editor screens ask for; carried out by EditorController.
#pragma once
#include <string>
#include <variant>

namespace app {

struct EditorNoop {};

struct EditorAction {
    std::variant<EditorNoop> what;
};

}  // namespace app
