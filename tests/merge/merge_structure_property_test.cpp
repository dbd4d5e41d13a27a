// Property test on Kong-shaped templates: random trees of directives, nginx
// blocks and pl.template `> if` regions, edited by both sides the way
// operators and Kong's releases edit them (insert servers and directives,
// delete, change values, wrap in `> if`, move blocks). Whenever ours and
// theirs compile:
//  - a clean merge compiles and has balanced braces;
//  - a conflicted merge resolved all-ours, and resolved all-theirs, compiles
//    and has balanced braces;
//  - every line the user wrote is in the all-ours resolution;
//  - merging the result again (--check after --write) changes nothing:
//    counted, and held to a ratchet (see the end of the test).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "lua/template_compiler.hpp"
#include "merge/three_way.hpp"

namespace kongtpl {
namespace {

// A template as a tree: a node is a directive line, an nginx block, or a
// `> if` region; blocks and regions hold children.
struct Node {
  enum Kind { Directive, Block, Region } kind = Directive;
  std::string text;  // the directive, the block's opener ("server"), the region's condition
  std::vector<Node> children;
};

class Generator {
 public:
  explicit Generator(unsigned seed) : rng_(seed) {}

  int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

  Node directive(const std::string& who) {
    return Node{Node::Directive, "set_" + who + std::to_string(next_++) + " " + std::to_string(below(100)) + ";", {}};
  }

  Node block(const std::string& who, int depth) {
    static const char* openers[] = {"server", "location /", "upstream", "content_by_lua_block"};
    Node n{Node::Block, std::string(openers[below(4)]), {}};
    if (n.text == "location /" || n.text == "upstream") n.text += who + std::to_string(next_++);
    int count = 1 + below(3);
    for (int i = 0; i < count; ++i) n.children.push_back(depth < 2 && below(4) == 0 ? block(who, depth + 1) : directive(who));
    return n;
  }

  Node region(const std::string& who) {
    Node n{Node::Region, who + "_flag" + std::to_string(next_++), {}};
    int count = 1 + below(2);
    for (int i = 0; i < count; ++i) n.children.push_back(directive(who));
    return n;
  }

  std::vector<Node> base() {
    std::vector<Node> top;
    int count = 4 + below(6);
    for (int i = 0; i < count; ++i) {
      int k = below(3);
      top.push_back(k == 0 ? directive("b") : k == 1 ? block("b", 0) : region("b"));
    }
    return top;
  }

  // One random edit somewhere in the tree; `restructure` allows wrapping in
  // "> if" and moving, besides inserting, deleting and changing values.
  void edit(std::vector<Node>& nodes, const std::string& who, bool restructure, int depth = 0) {
    if (nodes.empty()) {
      nodes.push_back(directive(who));
      return;
    }
    size_t at = static_cast<size_t>(below(static_cast<int>(nodes.size())));
    Node& n = nodes[at];
    if (n.kind != Node::Directive && below(2) == 0) return edit(n.children, who, restructure, depth + 1);
    int kind = below(6);
    if (!restructure && (kind == 3 || kind == 4)) kind = 5;
    switch (kind) {
      case 0:  // insert a server (or a directive) here
        nodes.insert(nodes.begin() + static_cast<long>(at + below(2)), depth == 0 && below(2) ? block(who, 0) : directive(who));
        break;
      case 1:  // delete
        nodes.erase(nodes.begin() + static_cast<long>(at));
        break;
      case 2:  // change a value
        if (n.kind == Node::Directive) n.text = n.text.substr(0, n.text.find(' ')) + " " + who + std::to_string(next_++) + ";";
        else n.text += "_" + who;
        break;
      case 3: {  // wrap in a "> if" region
        Node wrapped{Node::Region, who + "_guard" + std::to_string(next_++), {n}};
        n = wrapped;
        break;
      }
      case 4: {  // move elsewhere among its siblings
        Node moved = n;
        nodes.erase(nodes.begin() + static_cast<long>(at));
        size_t to = static_cast<size_t>(below(static_cast<int>(nodes.size()) + 1));
        nodes.insert(nodes.begin() + static_cast<long>(to), moved);
        break;
      }
      default:  // append a directive inside a block or region
        if (n.kind != Node::Directive) n.children.push_back(directive(who));
        else nodes.push_back(directive(who));
        break;
    }
  }

 private:
  std::mt19937 rng_;
  int next_ = 0;
};

void render(const std::vector<Node>& nodes, int depth, std::string& out) {
  std::string pad(static_cast<size_t>(4 * depth), ' ');
  for (const Node& n : nodes) {
    switch (n.kind) {
      case Node::Directive:
        out += pad + n.text + "\n";
        break;
      case Node::Block:
        out += pad + n.text + " {\n";
        render(n.children, depth + 1, out);
        out += pad + "}\n";
        break;
      case Node::Region:
        out += "> if " + n.text + " then\n";
        render(n.children, depth, out);
        out += "> end\n";
        break;
    }
  }
}

std::string render(const std::vector<Node>& nodes) {
  std::string out;
  render(nodes, 0, out);
  return out;
}

bool compiles(const std::string& text) {
  TemplateBody body;
  body.text = text;
  for (const Finding& f : compile_check(body, "t"))
    if (f.severity == "error") return false;
  int depth = 0;
  for (char c : text) {
    depth += c == '{' ? 1 : c == '}' ? -1 : 0;
    if (depth < 0) return false;
  }
  return depth == 0;
}

// The merged text with every conflict resolved to one side.
std::string resolve(const std::string& text, bool ours) {
  std::string out;
  int section = 0;  // 0 outside, 1 ours, 2 base, 3 theirs
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    end = end == std::string::npos ? text.size() : end + 1;
    std::string line = text.substr(pos, end - pos);
    pos = end;
    if (line.rfind("<<<<<<<", 0) == 0) section = 1;
    else if (line.rfind("|||||||", 0) == 0) section = 2;
    else if (line.rfind("=======", 0) == 0) section = 3;
    else if (line.rfind(">>>>>>>", 0) == 0) section = 0;
    else if (section == 0 || (ours && section == 1) || (!ours && section == 3)) out += line;
  }
  return out;
}

std::multiset<std::string> own_lines(const std::string& text, const std::string& who) {
  std::multiset<std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    if (line.find("_" + who) != std::string::npos || line.find(" " + who) != std::string::npos ||
        line.find("set_" + who) != std::string::npos)
      out.insert(line);
  }
  return out;
}

TEST(MergeStructureProperty, ResolutionsCompileAndNothingOfTheUsersIsLost) {
  size_t conflicted = 0, clean = 0, restructured_not_idempotent = 0, customised_not_idempotent = 0;
  for (unsigned seed = 1; seed <= 1500; ++seed) {
    Generator gen(seed);
    std::vector<Node> base_tree = gen.base();
    std::vector<Node> ours_tree = base_tree, theirs_tree = base_tree;
    int ours_edits = 1 + gen.below(4), theirs_edits = 1 + gen.below(4);
    // Half the users only customise (add servers and directives, delete,
    // change values); the others also wrap and move what they have.
    const bool user_restructures = seed % 2 == 0;
    for (int i = 0; i < ours_edits; ++i) gen.edit(ours_tree, "o", user_restructures);
    for (int i = 0; i < theirs_edits; ++i) gen.edit(theirs_tree, "t", true);
    const std::string base = render(base_tree), ours = render(ours_tree), theirs = render(theirs_tree);
    if (!compiles(ours) || !compiles(theirs)) continue;
    SCOPED_TRACE("seed " + std::to_string(seed) + "\nours:\n" + ours + "base:\n" + base + "theirs:\n" + theirs);

    MergeOptions options;
    options.style = seed % 2 ? ConflictStyle::Diff3 : ConflictStyle::Merge;
    MergeResult r = merge_texts(ours, base, theirs, options);
    (r.clean() ? clean : conflicted)++;
    if (r.clean()) {
      EXPECT_TRUE(compiles(r.text)) << "clean merge does not compile:\n" << r.text;
      // Idempotent: the result carries every upstream change (--check
      // after --write is 0), for users who customise; a user's own moves
      // and wraps may meet upstream's again on the second pass.
      MergeResult again = merge_texts(r.text, base, theirs, options);
      if (again.text != r.text) ++(user_restructures ? restructured_not_idempotent : customised_not_idempotent);
      // KONGTPL_SHOW_NOT_IDEMPOTENT=1 shows each case that counts against the ratchet.
      if (std::getenv("KONGTPL_SHOW_NOT_IDEMPOTENT") && again.text != r.text && !user_restructures)
        ADD_FAILURE() << "first:\n" << r.text << "again:\n" << again.text;
    } else {
      EXPECT_TRUE(compiles(resolve(r.text, true))) << "all-ours does not compile:\n" << r.text;
      EXPECT_TRUE(compiles(resolve(r.text, false))) << "all-theirs does not compile:\n" << r.text;
    }
    // Every line the user wrote is in the all-ours resolution.
    std::multiset<std::string> mine = own_lines(ours, "o"), kept = own_lines(resolve(r.text, true), "o");
    for (const std::string& line : mine) EXPECT_TRUE(kept.count(line)) << "lost: " << line << "\n" << r.text;
  }
  EXPECT_GT(conflicted, 100u);
  EXPECT_GT(clean, 100u);
  std::printf("MergeStructureProperty: %zu clean, %zu conflicted; clean merges that change when merged again: "
              "%zu of customising users, %zu of restructuring users\n",
              clean, conflicted, customised_not_idempotent, restructured_not_idempotent);
  // A ratchet, not the goal: the goal is 0 (the wild benchmark's cases are
  // all idempotent). These are random trees where upstream wraps and moves
  // the very lines the user renamed; lower the bound as they are fixed.
  // (60 and 74 before a result that carries every upstream change was
  // recognised as such, merge/carried_changes.)
  EXPECT_LE(customised_not_idempotent, 1u);
  EXPECT_LE(restructured_not_idempotent, 9u);
}

}  // namespace
}  // namespace kongtpl
