// `kongtpl apply` end to end on the fixture repository and the customised
// templates of fixtures/custom/ (made at 1.2.0, carried to 2.10.0): every
// layout, every way of delivering the result, --check, conflicts, labels,
// the JSON report, line endings, and bad input. git merge-file is the oracle
// wherever the file is one template.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "e2e/apply_support.hpp"

namespace kongtpl::e2e {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::write_file;

const std::string kFrom = "1.2.0";
const std::string kTo = "2.10.0";
const std::string kComposite =
    "composite of nginx.lua with nginx_kong.lua and nginx_kong_stream.lua inlined";

/// A copy of a fixtures/custom file in a fresh folder, to write on.
struct Workspace {
  TempDir dir;
  std::string file;
  explicit Workspace(const std::string& fixture, const std::string& name = "custom_nginx.template") {
    file = dir / name;
    write_file(file, read_file(kCustom + fixture));
  }
};

TEST(ApplyLayouts, EachFixtureIsDetectedAndReportedInOneLine) {
  struct Case {
    std::string fixture, description;
    int status;
  };
  const std::vector<Case> cases = {
      {"composite-4space.template", kComposite, 0},
      {"composite-2space.template", kComposite, 0},
      {"composite-tabs.template", kComposite, 0},
      {"nginx_kong.lua", "customised copy of kong/templates/nginx_kong.lua (Lua module)", 0},
      {"stream-bare.template", "customised copy of kong/templates/nginx_kong_stream.lua (bare body)", 1},
      {"nginx-with-includes.template",
       "nginx.lua with its include lines kept (bare body): only nginx.lua's changes are merged; nginx_kong.lua and "
       "nginx_kong_stream.lua changes reach nginx through the includes",
       0},
  };
  for (const Case& c : cases) {
    const std::string path = kCustom + c.fixture;
    ProcessResult r = apply(kFrom, kTo, {path});
    EXPECT_EQ(c.status, r.status) << c.fixture << "\n" << r.err;
    auto err = stderr_lines(r);
    ASSERT_FALSE(err.empty()) << c.fixture;
    EXPECT_EQ("kongtpl: " + path + ": " + c.description, err[0]) << c.fixture;
    EXPECT_FALSE(r.out.empty()) << c.fixture;
  }
}

TEST(ApplyLayouts, SingleTemplatesMergeExactlyAsGitMergeFile) {
  // The module copy against the .lua files, the bare bodies against the
  // bodies. (stream-bare.template is not here: kongtpl merges the user's
  // edit next to upstream's insertion, where git conflicts on both.)
  struct Case {
    std::string fixture, base, theirs;
  };
  const std::vector<Case> cases = {
      {"nginx_kong.lua", git_show(kRepo, kFrom, "kong/templates/nginx_kong.lua"),
       git_show(kRepo, kTo, "kong/templates/nginx_kong.lua")},
      {"nginx-with-includes.template", show_body(kRepo, kFrom, "nginx.lua"), show_body(kRepo, kTo, "nginx.lua")},
  };
  for (const Case& c : cases) {
    const std::string path = kCustom + c.fixture;
    for (bool diff3 : {false, true}) {
      ProcessResult expected = git_merge_file(read_file(path), c.base, c.theirs, {path, kFrom, kTo}, diff3);
      std::vector<std::string> args = {path};
      if (diff3) args.push_back("--conflict=diff3");
      ProcessResult actual = apply(kFrom, kTo, args);
      EXPECT_EQ(expected.out, actual.out) << c.fixture << (diff3 ? " diff3" : "");
      EXPECT_EQ(expected.status == 0 ? 0 : 1, actual.status) << c.fixture << "\n" << actual.err;
    }
  }
}

TEST(ApplyLayouts, CompositeKeepsEveryCustomisationAndTakesEveryUpstreamChange) {
  ProcessResult r = apply(kFrom, kTo, {kCustom + "composite-4space.template"});
  ASSERT_EQ(0, r.status) << r.err;
  // The user's customisations (fixtures/custom/README.md).
  EXPECT_TRUE(has_line(r.out, "worker_rlimit_nofile 65536;")) << r.out;
  EXPECT_FALSE(has_line(r.out, "lua_max_running_timers 4096;"));
  EXPECT_TRUE(has_line(r.out, "server_name health;"));
  EXPECT_TRUE(has_line(r.out, "client_max_body_size 50m;"));
  EXPECT_FALSE(has_line(r.out, "client_max_body_size 10m;"));
  EXPECT_TRUE(has_line(r.out, "lua_shared_dict stream_kong_locks 16m;"));
  // Upstream's changes from 1.2.0 to 2.10.0, in all three templates.
  EXPECT_TRUE(has_line(r.out, "worker_connections ${{NGINX_EVENTS_WORKER_CONNECTIONS}};"));
  EXPECT_FALSE(has_line(r.out, "lua_shared_dict kong_cassandra 5m;"));
  EXPECT_TRUE(has_line(r.out, "server_name kong_status;"));
  EXPECT_TRUE(has_line(r.out, "keepalive ${{UPSTREAM_KEEPALIVE_POOL_SIZE}};"));
  EXPECT_FALSE(has_line(r.out, "keepalive ${{UPSTREAM_KEEPALIVE}};"));
  EXPECT_TRUE(has_line(r.out, "lua_shared_dict kong_secrets 5m;"));
  EXPECT_TRUE(has_line(r.out, "lua_socket_log_errors off;"));
  EXPECT_TRUE(has_line(r.out, "lua_shared_dict stream_prometheus_metrics 5m;"));
  EXPECT_EQ(0, count_markers(r.out, "<<<<<<<"));
}

TEST(ApplyLayouts, ReindentedCompositesGetUpstreamLinesInTheirOwnIndentation) {
  ProcessResult four = apply(kFrom, kTo, {kCustom + "composite-4space.template"});
  ProcessResult two = apply(kFrom, kTo, {kCustom + "composite-2space.template"});
  ProcessResult tabs = apply(kFrom, kTo, {kCustom + "composite-tabs.template"});
  ASSERT_EQ(0, four.status) << four.err;
  ASSERT_EQ(0, two.status) << two.err;
  ASSERT_EQ(0, tabs.status) << tabs.err;

  // Same merge whatever the indentation: equal ignoring whitespace (the tab
  // file also dropped the stream guard).
  auto squeezed = [](const std::string& text, bool drop_guard) {
    std::vector<std::string> out;
    for (const std::string& l : lines_of(text)) {
      std::string s = squeeze(l);
      if (drop_guard && (s == ">if#stream_listeners>0then")) continue;
      out.push_back(s);
    }
    return out;
  };
  EXPECT_EQ(squeezed(four.out, false), squeezed(two.out, false));
  auto four_without_guard = squeezed(four.out, true);
  auto tab_lines = squeezed(tabs.out, false);
  // The guard's `> end` is the last `>end` before the file's last `}`.
  EXPECT_EQ(four_without_guard.size(), tab_lines.size() + 1);

  // Inserted upstream lines follow each file's own indentation.
  auto line_starting = [](const std::string& text, const std::string& content) {
    for (const std::string& l : lines_of(text))
      if (squeeze(l) == squeeze(content)) return l;
    return std::string("<missing " + content + ">");
  };
  EXPECT_EQ("        server_name kong_status;", line_starting(four.out, "server_name kong_status;"));
  EXPECT_EQ("    server_name kong_status;", line_starting(two.out, "server_name kong_status;"));
  EXPECT_EQ("\t\tserver_name kong_status;", line_starting(tabs.out, "server_name kong_status;"));
  EXPECT_EQ("    lua_socket_log_errors off;", line_starting(four.out, "lua_socket_log_errors off;"));
  EXPECT_EQ("  lua_socket_log_errors off;", line_starting(two.out, "lua_socket_log_errors off;"));
  EXPECT_EQ("\tlua_socket_log_errors off;", line_starting(tabs.out, "lua_socket_log_errors off;"));
  EXPECT_EQ("> if #status_listeners > 0 then", line_starting(tabs.out, "> if #status_listeners > 0 then"));
}

TEST(ApplyDelivery, StdoutOutputFileAndWriteGiveTheSameBytes) {
  Workspace w("nginx_kong.lua", "nginx_kong.lua");
  const std::string original = read_file(w.file);
  ProcessResult to_stdout = apply(kFrom, kTo, {w.file});
  ASSERT_EQ(0, to_stdout.status) << to_stdout.err;
  ASSERT_NE(original, to_stdout.out);

  const std::string out = w.dir / "new.lua";
  ProcessResult to_file = apply(kFrom, kTo, {"-o", out, w.file});
  EXPECT_EQ(0, to_file.status) << to_file.err;
  EXPECT_EQ("", to_file.out);
  EXPECT_EQ(to_stdout.out, read_file(out));
  EXPECT_EQ(original, read_file(w.file));

  fs::permissions(w.file, fs::perms(0640));
  ProcessResult in_place = apply(kFrom, kTo, {"--write", w.file});
  EXPECT_EQ(0, in_place.status) << in_place.err;
  EXPECT_EQ("", in_place.out);
  EXPECT_EQ(to_stdout.out, read_file(w.file));
  EXPECT_EQ(original, read_file(w.file + ".orig"));
  EXPECT_EQ(0640u, mode_of(w.file));
  EXPECT_EQ((std::vector<std::string>{"new.lua", "nginx_kong.lua", "nginx_kong.lua.orig"}), names_in(w.dir.path()));
}

TEST(ApplyDelivery, NoBackupKeepsNoOrig) {
  Workspace w("composite-2space.template");
  fs::permissions(w.file, fs::perms(0600));
  ProcessResult r = apply(kFrom, kTo, {"--write", "--no-backup", w.file});
  EXPECT_EQ(0, r.status) << r.err;
  EXPECT_EQ((std::vector<std::string>{"custom_nginx.template"}), names_in(w.dir.path()));
  EXPECT_EQ(0600u, mode_of(w.file));
  EXPECT_TRUE(has_line(read_file(w.file), "server_name kong_status;"));
}

TEST(ApplyCheck, PendingUntilWrittenThenUpToDate) {
  Workspace w("composite-4space.template");
  const std::string original = read_file(w.file);
  ProcessResult pending = apply(kFrom, kTo, {"--check", w.file});
  EXPECT_EQ(1, pending.status) << pending.err;
  EXPECT_EQ("", pending.out);
  EXPECT_EQ(original, read_file(w.file));
  EXPECT_EQ((std::vector<std::string>{"custom_nginx.template"}), names_in(w.dir.path()));

  ASSERT_EQ(0, apply(kFrom, kTo, {"--write", w.file}).status);
  const std::string merged = read_file(w.file);
  ProcessResult done = apply(kFrom, kTo, {"--check", w.file});
  EXPECT_EQ(0, done.status) << done.err;

  // Writing again changes nothing and keeps the first backup.
  ProcessResult again = apply(kFrom, kTo, {"--write", w.file});
  EXPECT_EQ(0, again.status) << again.err;
  EXPECT_EQ(merged, read_file(w.file));
  EXPECT_EQ(original, read_file(w.file + ".orig"));

  // Nothing changed between FROM and TO: up to date from the start.
  Workspace same("composite-4space.template");
  EXPECT_EQ(0, apply("1.2.0", "1.2.0", {"--check", same.file}).status);
  // A conflicting file is pending too.
  Workspace conflicted("stream-bare.template");
  EXPECT_EQ(1, apply(kFrom, kTo, {"--check", conflicted.file}).status);
  EXPECT_EQ((std::vector<std::string>{"custom_nginx.template"}), names_in(conflicted.dir.path()));
}

TEST(ApplyConflicts, WriteLeavesTheFileUntouchedAndWritesMerged) {
  Workspace w("stream-bare.template", "stream.template");
  const std::string original = read_file(w.file);
  ProcessResult shown = apply(kFrom, kTo, {w.file});
  ASSERT_EQ(1, shown.status);

  ProcessResult r = apply(kFrom, kTo, {"--write", w.file});
  EXPECT_EQ(1, r.status) << r.err;
  EXPECT_EQ(original, read_file(w.file));
  EXPECT_EQ(shown.out, read_file(w.file + ".merged"));
  EXPECT_EQ((std::vector<std::string>{"stream.template", "stream.template.merged"}), names_in(w.dir.path()));
  EXPECT_NE(std::string::npos, r.err.find("kongtpl: conflict: lines 7-11: both sides added different lines here"))
      << r.err;

  ProcessResult forced = apply(kFrom, kTo, {"--write", "--force", w.file});
  EXPECT_EQ(1, forced.status) << forced.err;
  EXPECT_EQ(shown.out, read_file(w.file));
  EXPECT_EQ(original, read_file(w.file + ".orig"));
  EXPECT_EQ(1, count_markers(read_file(w.file), "<<<<<<<"));
}

TEST(ApplyConflicts, MarkersCarryTheFileNameAndVersions) {
  Workspace w("stream-bare.template", "stream.template");
  ProcessResult merge = apply(kFrom, kTo, {w.file});
  ProcessResult diff3 = apply(kFrom, kTo, {"--conflict=diff3", w.file});
  ASSERT_EQ(1, merge.status);
  ASSERT_EQ(1, diff3.status);
  // Both inserted a lua_socket_log_errors line at one place: a conflict.
  // The user's stream_kong edit just below it is no part of it.
  const std::vector<std::string> expected_merge = {
      "<<<<<<< " + w.file, "lua_socket_log_errors on;", "=======", "lua_socket_log_errors off;",
      ">>>>>>> 2.10.0", "lua_shared_dict stream_kong        16m;"};
  const std::vector<std::string> expected_diff3 = {"<<<<<<< " + w.file,
                                                   "lua_socket_log_errors on;",
                                                   "||||||| 1.2.0",
                                                   "=======",
                                                   "lua_socket_log_errors off;",
                                                   ">>>>>>> 2.10.0",
                                                   "lua_shared_dict stream_kong        16m;"};
  auto block = [](const std::string& text, size_t n) {
    auto lines = lines_of(text);
    for (size_t i = 0; i < lines.size(); ++i)
      if (lines[i].rfind("<<<<<<<", 0) == 0)
        return std::vector<std::string>(lines.begin() + i, lines.begin() + std::min(lines.size(), i + n));
    return std::vector<std::string>{};
  };
  EXPECT_EQ(expected_merge, block(merge.out, expected_merge.size()));
  EXPECT_EQ(expected_diff3, block(diff3.out, expected_diff3.size()));
  EXPECT_EQ(0, count_markers(merge.out, "|||||||"));
}

TEST(ApplyReport, ConflictRangesPointAtTheMarkersTheFileAndUpstream) {
  // A composite whose user changed the upstream keepalive line: a conflict
  // inside the inlined nginx_kong.lua.
  Workspace w("composite-4space.template");
  std::string text = read_file(w.file);
  const std::string old_line = "keepalive ${{UPSTREAM_KEEPALIVE}};";
  size_t at = text.find(old_line);
  ASSERT_NE(std::string::npos, at);
  text.replace(at, old_line.size(), "keepalive 120;");
  write_file(w.file, text);
  const std::string report = w.dir / "report.json";

  for (bool diff3 : {false, true}) {
    std::vector<std::string> args = {"--report", report, w.file};
    if (diff3) args.insert(args.begin(), "--conflict=diff3");
    ProcessResult r = apply(kFrom, kTo, args);
    ASSERT_EQ(1, r.status) << r.err;
    nlohmann::json j = nlohmann::json::parse(read_file(report));
    EXPECT_EQ("kongtpl-merge-report/1", j["schema"]);
    EXPECT_EQ(w.file, j["file"]);
    EXPECT_EQ(kFrom, j["from"]);
    EXPECT_EQ(kTo, j["to"]);
    EXPECT_EQ("conflicts", j["status"]);
    EXPECT_EQ("composite", j["layout"]["kind"]);
    EXPECT_EQ(w.file + ": " + kComposite, j["layout"]["description"]);
    EXPECT_EQ("-", j["written_to"]);
    EXPECT_GT(j["changes_applied"].get<int>(), 0);
    EXPECT_TRUE(j["findings"].is_array());
    ASSERT_EQ(1u, j["conflicts"].size()) << r.out;
    const nlohmann::json& c = j["conflicts"][0];

    // output: the marker block in what was printed, markers included.
    auto out = lines_of(r.out);
    size_t first = c["output"]["first_line"], count = c["output"]["line_count"];
    ASSERT_GE(first, 1u);
    ASSERT_LE(first + count - 1, out.size());
    EXPECT_EQ(0u, out[first - 1].rfind("<<<<<<< ", 0)) << out[first - 1];
    EXPECT_EQ(">>>>>>> 2.10.0", out[first + count - 2]);
    EXPECT_EQ(diff3 ? 7u : 5u, count);
    // file: the user's line in the original file.
    auto mine = lines_of(text);
    size_t file_first = c["file"]["first_line"];
    EXPECT_EQ(1, c["file"]["line_count"]);
    EXPECT_EQ("        keepalive 120;", mine.at(file_first - 1));
    // from / to: upstream's lines in the .lua files at each version.
    ASSERT_EQ(1u, c["from"].size());
    ASSERT_EQ(1u, c["to"].size());
    EXPECT_EQ("kong/templates/nginx_kong.lua", c["from"][0]["template"]);
    EXPECT_EQ("kong/templates/nginx_kong.lua", c["to"][0]["template"]);
    auto at_from = lines_of(git_show(kRepo, kFrom, "kong/templates/nginx_kong.lua"));
    auto at_to = lines_of(git_show(kRepo, kTo, "kong/templates/nginx_kong.lua"));
    EXPECT_EQ(1, c["from"][0]["line_count"]);
    EXPECT_EQ(1, c["to"][0]["line_count"]);
    EXPECT_EQ("    keepalive ${{UPSTREAM_KEEPALIVE}};", at_from.at(c["from"][0]["first_line"].get<size_t>() - 1));
    EXPECT_EQ("    keepalive ${{UPSTREAM_KEEPALIVE_POOL_SIZE}};",
              at_to.at(c["to"][0]["first_line"].get<size_t>() - 1));
    EXPECT_EQ("both sides changed these lines", c["reason"]);
    // The stderr summary is the report's summary.
    const std::string summary = c["summary"];
    EXPECT_EQ(0u, summary.rfind("lines " + std::to_string(first) + "-" + std::to_string(first + count - 1) + ": ", 0))
        << summary;
    EXPECT_NE(std::string::npos, r.err.find("kongtpl: conflict: " + summary + "\n")) << r.err;
  }
}

TEST(ApplyReport, CleanAndCheckRunsSayWhatWasWritten) {
  Workspace w("nginx_kong.lua", "nginx_kong.lua");
  const std::string report = w.dir / "r.json";
  ASSERT_EQ(1, apply(kFrom, kTo, {"--check", "--report", report, w.file}).status);
  nlohmann::json check = nlohmann::json::parse(read_file(report));
  EXPECT_TRUE(check["written_to"].is_null());
  EXPECT_EQ("merged", check["status"]);
  EXPECT_EQ("template:nginx_kong.lua", check["layout"]["kind"]);

  ASSERT_EQ(0, apply(kFrom, kTo, {"--write", "--report", report, w.file}).status);
  nlohmann::json written = nlohmann::json::parse(read_file(report));
  EXPECT_EQ(w.file, written["written_to"]);
  EXPECT_EQ("merged", written["status"]);
  EXPECT_EQ(4, written["changes_applied"]);
  EXPECT_TRUE(written["conflicts"].empty());

  Workspace done("composite-4space.template");
  ASSERT_EQ(0, apply(kFrom, kTo, {"--write", done.file}).status);
  ASSERT_EQ(0, apply(kFrom, kTo, {"--check", "--report", report, done.file}).status);
  nlohmann::json up_to_date = nlohmann::json::parse(read_file(report));
  EXPECT_EQ("up-to-date", up_to_date["status"]);
  EXPECT_EQ(0, up_to_date["changes_applied"]);
  EXPECT_EQ(7, up_to_date["changes_present"]);
}

TEST(ApplyCheck, EveryCleanFixtureIsUpToDateAfterWrite) {
  // Applying the same upgrade twice must change nothing the second time.
  for (const std::string fixture : {"composite-4space.template", "composite-2space.template",
                                    "composite-tabs.template", "nginx-with-includes.template", "nginx_kong.lua"}) {
    Workspace w(fixture, fixture);
    ASSERT_EQ(0, apply(kFrom, kTo, {"--write", w.file}).status) << fixture;
    const std::string merged = read_file(w.file);
    ProcessResult check = apply(kFrom, kTo, {"--check", w.file});
    EXPECT_EQ(0, check.status) << fixture << ": " << check.err;
    ProcessResult again = apply(kFrom, kTo, {w.file});
    EXPECT_EQ(merged, again.out) << fixture << ": a second apply changed the file again";
  }
}

TEST(ApplyLineEndings, CrlfFileStaysCrlf) {
  Workspace w("nginx_kong.lua", "nginx_kong.lua");
  ProcessResult lf = apply(kFrom, kTo, {w.file});
  ASSERT_EQ(0, lf.status) << lf.err;
  std::string crlf_text;
  for (const std::string& l : lines_of(read_file(w.file))) crlf_text += l + "\r\n";
  write_file(w.file, crlf_text);
  ASSERT_EQ(0, apply(kFrom, kTo, {"--write", w.file}).status);
  std::string expected;
  for (const std::string& l : lines_of(lf.out)) expected += l + "\r\n";
  EXPECT_EQ(expected, read_file(w.file));
}

TEST(ApplyLineEndings, MissingFinalNewlineIsKept) {
  Workspace w("stream-bare.template", "stream.template");
  std::string text = read_file(w.file);
  ASSERT_EQ('\n', text.back());
  // A conflict-free variant: drop the user's lua_socket_log_errors line.
  auto at = text.find("lua_socket_log_errors on;\n");
  ASSERT_NE(std::string::npos, at);
  text.erase(at, std::string("lua_socket_log_errors on;\n").size());
  write_file(w.file, text);
  ProcessResult with_newline = apply(kFrom, kTo, {w.file});
  ASSERT_EQ(0, with_newline.status) << with_newline.err;
  ASSERT_EQ('\n', with_newline.out.back());

  text.pop_back();
  write_file(w.file, text);
  ProcessResult without = apply(kFrom, kTo, {w.file});
  ASSERT_EQ(0, without.status) << without.err;
  EXPECT_EQ(with_newline.out.substr(0, with_newline.out.size() - 1), without.out);
}

TEST(ApplyBadInput, EachFailsInOneLineAndWritesNothing) {
  Workspace w("nginx_kong.lua", "nginx_kong.lua");
  write_file(w.dir / "binary.template", std::string("worker_processes 1;\n\0\x01\x02", 23));
  const std::string original = read_file(w.file);
  const auto before = names_in(w.dir.path());
  struct Case {
    std::string what;
    std::string from, to;
    std::vector<std::string> args;
    std::string says;
  };
  const std::vector<Case> cases = {
      {"missing file", kFrom, kTo, {w.dir / "nope.template"}, "no such file"},
      {"binary file", kFrom, kTo, {w.dir / "binary.template"}, "binary"},
      {"unknown version", kFrom, "9.9.9", {w.file}, "unknown version '9.9.9'"},
      {"unknown FROM", "0.0.1", kTo, {"--write", w.file}, "unknown version '0.0.1'"},
      {"-o into a missing folder", kFrom, kTo, {"-o", w.dir / "no/such/out", w.file}, "does not exist"},
      {"--report into a missing folder", kFrom, kTo, {"--report", w.dir / "no/r.json", "--write", w.file},
       "does not exist"},
      {"a folder as FILE", kFrom, kTo, {w.dir.path().string()}, "directory"},
  };
  for (const Case& c : cases) {
    ProcessResult r = apply(c.from, c.to, c.args);
    EXPECT_EQ(2, r.status) << c.what << ": " << r.err;
    EXPECT_EQ("", r.out) << c.what;
    auto err = stderr_lines(r);
    ASSERT_EQ(1u, err.size()) << c.what << ": " << r.err;
    EXPECT_EQ(0u, err[0].rfind("kongtpl: ", 0)) << c.what << ": " << err[0];
    EXPECT_NE(std::string::npos, err[0].find(c.says)) << c.what << ": " << err[0];
    EXPECT_EQ(before, names_in(w.dir.path())) << c.what;
    EXPECT_EQ(original, read_file(w.file)) << c.what;
  }
}

}  // namespace
}  // namespace kongtpl::e2e
