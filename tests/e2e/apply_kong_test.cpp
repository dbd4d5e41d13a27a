// Carrying customised templates forward across real Kong releases (the
// shared bundle): a copy of nginx_kong.lua as a Lua module, a bare
// nginx_kong_stream.lua body, and a composite custom_nginx.template
// (nginx.lua with both bodies inlined, re-indented by two spaces), each with
// an operator's edits, applied 1.5.0 → 2.0.0 → 2.8.0 → 3.0.0 → 3.4.0 and in
// one long jump. Every customisation must survive and every upstream change
// must land or sit in a conflict.
//
// With KONGTPL_EXPORT_MERGE_CASES=DIR the test also writes each case's
// ours/base/theirs (composed the same way) to DIR/<case>/ for
// bench/merge_vs_git.sh.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "e2e/apply_support.hpp"

namespace kongtpl::e2e {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::write_file;

/// One operator edit, found by an anchor line (compared ignoring whitespace).
struct Edit {
  enum Kind { After, Before, Replace, Delete } kind;
  std::string anchor;
  std::vector<std::string> lines;  ///< new lines, indented relative to the anchor's indentation
};

/// The edits made to each template.
struct Customisation {
  std::vector<Edit> nginx, kong, stream;
};

// Edits away from what Kong changed between 1.5.0 and 3.4.0: every release
// merges them cleanly.
const Customisation kQuiet = {
    {},
    {{Edit::Before,
      "> if #status_listeners > 0 then",
      {"server {", "    server_name acme_health;", "    listen 127.0.0.1:9099;", "    location / {",
       "        return 200 'ok';", "    }", "}", ""}},
     {Edit::After, "Kong.init_worker()", {"acme.init_worker()"}},
     {Edit::After, "location = /kong_error_handler {", {"    access_log off;"}},
     {Edit::Delete, "Kong.body_filter()", {}}},
    {{Edit::After, "'$session_time';", {"proxy_connect_timeout 5s;"}},
     {Edit::Replace, "server 0.0.0.1:1;", {"server 0.0.0.1:2;"}},
     {Edit::After, "Kong.init()", {"acme.init()"}}},
};

// Edits next to or on lines Kong changed in some releases.
const Customisation kBusy = {
    {{Edit::After, "pid pids/nginx.pid;", {"worker_rlimit_core 100m;"}},
     {Edit::Replace, "error_log ${{PROXY_ERROR_LOG}} ${{LOG_LEVEL}};", {"error_log /dev/stderr notice;"}},
     {Edit::After, "events {", {"    use epoll;"}}},
    {{Edit::After, "server_tokens off;", {"more_clear_headers X-Powered-By;"}},
     {Edit::Replace, "lua_max_pending_timers 16384;", {"lua_max_pending_timers 32768;"}},
     {Edit::Delete, "lua_max_running_timers 4096;", {}},
     {Edit::Replace, "lua_shared_dict kong_rate_limiting_counters 12m;",
      {"lua_shared_dict kong_rate_limiting_counters 64m;"}},
     {Edit::Delete, "underscores_in_headers on;", {}}},
    {{Edit::Replace, "lua_shared_dict stream_kong_rate_limiting_counters 12m;",
      {"lua_shared_dict stream_kong_rate_limiting_counters 32m;"}}},
};

Customisation both(const Customisation& a, const Customisation& b) {
  Customisation c = a;
  c.nginx.insert(c.nginx.end(), b.nginx.begin(), b.nginx.end());
  c.kong.insert(c.kong.end(), b.kong.begin(), b.kong.end());
  c.stream.insert(c.stream.end(), b.stream.begin(), b.stream.end());
  return c;
}

std::string indentation_of(const std::string& line) { return line.substr(0, line.find_first_not_of(" \t")); }

std::string join(const std::vector<std::string>& lines, bool final_newline) {
  std::string text;
  for (size_t i = 0; i < lines.size(); ++i) text += lines[i] + (i + 1 < lines.size() || final_newline ? "\n" : "");
  return text;
}

/// The text with the edits made; false when an anchor is missing.
bool edited(const std::string& text, const std::vector<Edit>& edits, std::string& out) {
  std::vector<std::string> lines = lines_of(text);
  for (const Edit& e : edits) {
    size_t i = 0;
    while (i < lines.size() && squeeze(lines[i]) != squeeze(e.anchor)) ++i;
    if (i == lines.size()) return false;
    const std::string indent = indentation_of(lines[i]);
    std::vector<std::string> added;
    for (const std::string& l : e.lines) added.push_back(l.empty() ? l : indent + l);
    switch (e.kind) {
      case Edit::After: lines.insert(lines.begin() + i + 1, added.begin(), added.end()); break;
      case Edit::Before: lines.insert(lines.begin() + i, added.begin(), added.end()); break;
      case Edit::Replace: lines[i] = added.at(0); break;
      case Edit::Delete: lines.erase(lines.begin() + i); break;
    }
  }
  out = join(lines, !text.empty() && text.back() == '\n');
  return true;
}

/// A custom_nginx.template: nginx.lua's body with the two bodies inlined at
/// their include lines, two spaces deeper than before them (`>` lines stay at
/// column 0), the `include` lines replaced.
std::string composed(const std::string& nginx, const std::string& kong, const std::string& stream) {
  std::vector<std::string> out;
  for (const std::string& line : lines_of(nginx)) {
    const std::string target = squeeze(line);
    const std::string* body = target == "include'nginx-kong.conf';"          ? &kong
                              : target == "include'nginx-kong-stream.conf';" ? &stream
                                                                             : nullptr;
    if (!body) {
      out.push_back(line);
      continue;
    }
    const std::string indent = indentation_of(line).empty() ? "" : "  ";
    for (const std::string& l : lines_of(*body))
      out.push_back(l.empty() || l[0] == '>' ? l : indent + l);
  }
  return join(out, true);
}

enum class Shape { Module, StreamBody, Composite };
const std::vector<std::pair<Shape, std::string>> kShapes = {
    {Shape::Module, "module"}, {Shape::StreamBody, "stream-body"}, {Shape::Composite, "composite"}};

/// Upstream text at a version, read once.
class Upstream {
 public:
  explicit Upstream(std::string repo) : repo_(std::move(repo)) {}
  const std::string& body(const std::string& version, const std::string& name) {
    auto key = version + "/" + name;
    auto it = cache_.find(key);
    if (it == cache_.end()) it = cache_.emplace(key, show_body(repo_, version, name)).first;
    return it->second;
  }
  const std::string& module(const std::string& version, const std::string& name) {
    auto key = version + "/lua/" + name;
    auto it = cache_.find(key);
    if (it == cache_.end()) it = cache_.emplace(key, git_show(repo_, version, "kong/templates/" + name)).first;
    return it->second;
  }
  /// The file an operator would keep at version, with the edits; false when an anchor is missing.
  bool build(Shape shape, const std::string& version, const Customisation& c, std::string& out) {
    switch (shape) {
      case Shape::Module: return edited(module(version, "nginx_kong.lua"), c.kong, out);
      case Shape::StreamBody: return edited(body(version, "nginx_kong_stream.lua"), c.stream, out);
      case Shape::Composite: {
        std::string n, k, s;
        if (!edited(body(version, "nginx.lua"), c.nginx, n) || !edited(body(version, "nginx_kong.lua"), c.kong, k) ||
            !edited(body(version, "nginx_kong_stream.lua"), c.stream, s))
          return false;
        out = composed(n, k, s);
        return true;
      }
    }
    return false;
  }
  const std::string& repo() const { return repo_; }

 private:
  std::string repo_;
  std::map<std::string, std::string> cache_;
};

std::vector<std::string> squeezed_lines(const std::string& text) {
  std::vector<std::string> out;
  for (const std::string& l : lines_of(text)) out.push_back(squeeze(l));
  return out;
}

/// Non-blank lines of `after` that `before` does not have as often (ignoring whitespace).
std::vector<std::string> added_lines(const std::string& before, const std::string& after) {
  std::map<std::string, int> count;
  for (const std::string& l : squeezed_lines(before)) ++count[l];
  std::vector<std::string> added;
  for (const std::string& l : squeezed_lines(after))
    if (!l.empty() && count[l]-- <= 0) added.push_back(l);
  return added;
}

/// Lines of `wanted` that the result does not hold anywhere (conflict sections included).
std::vector<std::string> missing_from(const std::string& result, const std::vector<std::string>& wanted) {
  std::map<std::string, int> have;
  for (const std::string& l : squeezed_lines(result)) ++have[l];
  std::vector<std::string> missing;
  for (const std::string& l : wanted)
    if (have[l]-- <= 0) missing.push_back(l);
  return missing;
}

/// Writes a case for the benchmark when KONGTPL_EXPORT_MERGE_CASES is set.
void export_case(const std::string& name, const std::string& from, const std::string& to, const std::string& ours,
                 const std::string& base, const std::string& theirs) {
  const char* dir = std::getenv("KONGTPL_EXPORT_MERGE_CASES");
  if (!dir || !*dir) return;
  fs::path folder = fs::path(dir) / name;
  write_file(folder / "ours", ours);
  write_file(folder / "base", base);
  write_file(folder / "theirs", theirs);
  write_file(folder / "versions", from + " " + to + "\n");
}

class KongCarryForward : public ::testing::Test {
 protected:
  void SetUp() override {
    if (testing::shared_bundle().empty())
      GTEST_SKIP() << "no " << KONGTPL_SHARED_DIR << "/kong-templates.bundle: the real-release carry-forward needs it";
    static Upstream* shared = new Upstream(testing::shared_bare_clone());
    upstream = shared;
  }
  Upstream* upstream = nullptr;
};

const std::vector<std::string> kChain = {"1.5.0", "2.0.0", "2.8.0", "3.0.0", "3.4.0"};

TEST_F(KongCarryForward, QuietCustomisationsSurviveEveryReleaseExactly) {
  for (const auto& [shape, shape_name] : kShapes) {
    std::vector<std::vector<std::string>> paths = {kChain, {"1.5.0", "3.4.0"}, {"2.0.0", "3.0.0"}};
    for (const auto& path : paths) {
      TempDir dir;
      const std::string file = dir / (shape == Shape::Module ? "nginx_kong.lua" : "custom_nginx.template");
      std::string start;
      ASSERT_TRUE(upstream->build(shape, path.front(), kQuiet, start)) << shape_name;
      write_file(file, start);
      for (size_t hop = 0; hop + 1 < path.size(); ++hop) {
        const std::string &from = path[hop], &to = path[hop + 1];
        const std::string what = shape_name + " " + from + " -> " + to;
        ProcessResult r = apply(from, to, {"--write", file}, upstream->repo());
        ASSERT_EQ(0, r.status) << what << ": " << r.err;
        std::string expected;
        ASSERT_TRUE(upstream->build(shape, to, kQuiet, expected)) << what;
        // Exactly upstream at TO plus the user's edits, ignoring whitespace.
        EXPECT_EQ(squeezed_lines(expected), squeezed_lines(read_file(file))) << what;
      }
    }
  }
}

TEST_F(KongCarryForward, ApplyingTheSameUpgradeAgainChangesNothing) {
  // After --write, the file carries every upstream change: --check says 0
  // and a second apply prints the file unchanged.
  for (const auto& [shape, shape_name] : kShapes) {
    for (size_t hop = 0; hop + 1 < kChain.size(); ++hop) {
      const std::string &from = kChain[hop], &to = kChain[hop + 1];
      const std::string what = shape_name + " " + from + " -> " + to;
      TempDir dir;
      const std::string file = dir / (shape == Shape::Module ? "nginx_kong.lua" : "custom_nginx.template");
      std::string start;
      ASSERT_TRUE(upstream->build(shape, from, kQuiet, start)) << what;
      write_file(file, start);
      ASSERT_EQ(0, apply(from, to, {"--write", file}, upstream->repo()).status) << what;
      ProcessResult again = apply(from, to, {file}, upstream->repo());
      EXPECT_EQ(read_file(file), again.out) << what << ": applying the same upgrade twice changes the file\n"
                                            << again.err;
      EXPECT_EQ(0, apply(from, to, {"--check", file}, upstream->repo()).status) << what;
    }
  }
}

TEST_F(KongCarryForward, BusyCustomisationsLandOrSitInAConflict) {
  const Customisation all = both(kQuiet, kBusy);
  std::vector<std::pair<std::string, std::string>> pairs;
  for (size_t i = 0; i + 1 < kChain.size(); ++i) pairs.emplace_back(kChain[i], kChain[i + 1]);
  pairs.insert(pairs.end(), {{"1.5.0", "3.4.0"}, {"1.5.0", "2.8.0"}, {"2.0.0", "3.4.0"}, {"2.8.0", "3.4.0"}});
  int clean = 0, conflicted = 0;
  for (const auto& [shape, shape_name] : kShapes) {
    for (const auto& [from, to] : pairs) {
      for (const auto& [custom, custom_name] :
           std::vector<std::pair<const Customisation*, std::string>>{{&kQuiet, "quiet"}, {&all, "busy"}}) {
        const std::string what = shape_name + "-" + custom_name + " " + from + " -> " + to;
        std::string ours, base, theirs;
        ASSERT_TRUE(upstream->build(shape, from, *custom, ours)) << what;
        ASSERT_TRUE(upstream->build(shape, from, {}, base));
        ASSERT_TRUE(upstream->build(shape, to, {}, theirs));
        export_case(shape_name + "-" + custom_name + "-" + from + "-" + to, from, to, ours, base, theirs);

        TempDir dir;
        const std::string file = dir / (shape == Shape::Module ? "nginx_kong.lua" : "custom_nginx.template");
        write_file(file, ours);
        ProcessResult r = apply(from, to, {file}, upstream->repo());
        ASSERT_TRUE(r.status == 0 || r.status == 1) << what << ": " << r.err;
        r.status == 0 ? ++clean : ++conflicted;
        // Nothing lost: the user's lines and upstream's new lines are all there.
        EXPECT_EQ(std::vector<std::string>{}, missing_from(r.out, added_lines(base, ours))) << what;
        EXPECT_EQ(std::vector<std::string>{}, missing_from(r.out, added_lines(base, theirs))) << what;
        // Without conflicts: upstream at TO plus the edits, when they still apply there.
        std::string expected;
        if (r.status == 0 && upstream->build(shape, to, *custom, expected)) {
          EXPECT_EQ(squeezed_lines(expected), squeezed_lines(r.out)) << what;
        }
        if (r.status == 1) {
          EXPECT_GT(count_markers(r.out, "<<<<<<<"), 0) << what << ": exit 1 without conflict markers\n" << r.err;
        }
      }
    }
  }
  EXPECT_GT(clean, 0);
  std::printf("KongCarryForward: %d clean merges, %d with conflicts\n", clean, conflicted);
}

}  // namespace
}  // namespace kongtpl::e2e
