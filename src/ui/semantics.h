// Semantics: what assistive technology is told of a frame. The canvas is invisible to screen
// readers; every frame's exposed items (Canvas::expose: the labels and rectangles browser tests read)
// become nodes of a hidden ARIA tree the platform keeps in the page (web/platform.js, "Semantics
// mirror"): buttons, links, text fields, headings, images, live status, plain text, in drawing order.
//
// [SECTION] Nodes    role and name of each item, one key per node that stays while it stays; lists
// [SECTION] Roles    which kind of item is which role (one table)
// [SECTION] Wire     the text the platform reads, sent only when it changed
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "platform/platform.h"

namespace ui {

struct TestItem;
struct FieldFacts;

// [SECTION] Nodes
enum class Role : char {
    Button = 'b', Link = 'l', TextBox = 'f', Heading1 = '1', Heading2 = '2', Image = 'i', Status = 's', Text = 't',
    Switch = 'w',  // on or off (Canvas::expose_switch)
    Dialog = 'D'   // a modal dialog is open: the tree is its content alone, named by its title
};

struct SemanticNode {
    Role role = Role::Text;
    std::string name;
    std::string key;  // role + name + which of its like (the 2nd "Add" button): the platform's node id
    platform::Rect rect;
    int band = 1;     // reading order: 0 a bar fixed at the top, 1 the page, 2 a bar fixed at the bottom
    std::shared_ptr<const FieldFacts> field;  // a text box's value and kind (canvas.h)
    unsigned item = 0;  // the ImGui item of an interactive node
    int checked = -1;    // a switch: 1 on, 0 off
    unsigned list = 0;   // the list it is an entry of (Canvas::begin_list), and its place there
    int list_index = -1;
    unsigned layer = 0;  // the window that scrolls it (0: none) and that window's scroll (Wire)
    float scroll_y = 0;
};

// A list's name and how many entries it has in all (Canvas::begin_list).
struct SemanticList {
    unsigned id = 0;
    std::string name;
    int total = 0;
};

// [SECTION] Roles
// The role of an exposed item: `interactive` when the item is an ImGui item that reacts to a tap
// (Canvas::expose tells). Items of a nested preview (a kind with a "prefix:") are a picture of a
// shop, not part of this page: no role (nullopt-like: Role::Text with `skip`).
Role role_of(const std::string& kind, bool interactive, bool* skip);

// The nodes of a frame: one per item that has a name, in drawing order; a second item over the same
// rectangle (a test's more specific label of a button already exposed) adds nothing. `beyond`: what
// lists left undrawn next to the rows on screen (Canvas::expose_beyond), nodes as any other.
std::vector<SemanticNode> semantics_of(const std::vector<TestItem>& items, const std::vector<TestItem>& beyond,
                                       float screen_height);

// [SECTION] Wire
// First a line per scrolling window ("L", its id, its scroll); then one line per node: role, key,
// name, x, y, w, h, layer (tab separated; names never hold tabs or newlines), where a node in a
// scrolling window has its y in the window's content (screen y + scroll): scrolling changes only the
// first lines, and the platform moves the window's nodes as one;
// a switch adds 1 (on) or 0 (off); a text box adds its field id, traits, autocomplete token, value (with \\, \t, \n, \r escaped) and
// selection (-1 -1 while it is not typed in).
// Entries of a list that follow one another in reading order are preceded by a line "G", the
// list's id, its name, how many of the following nodes are its entries, its total, and each one's
// place in it (comma separated).
std::string encode(const std::vector<SemanticNode>& nodes, const std::vector<SemanticList>& lists);

}  // namespace ui
