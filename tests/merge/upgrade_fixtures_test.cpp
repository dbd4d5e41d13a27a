// `apply` on the customised fixtures from 1.2.0 to 2.10.0 of the fixture
// history, with `git merge-file` as the oracle: on the 4-space composite
// (indented as upstream) kongtpl must give exactly git's result; the 2-space
// and tab composites are the same file re-indented, so they must give git's
// result re-indented the same way.
#include <gtest/gtest.h>

#include "diff/whitespace.hpp"
#include "lua/template_body.hpp"
#include "merge/layout_compose.hpp"
#include "upgrade_fixture_support.hpp"
#include "util/lines.hpp"

namespace kongtpl {
namespace {

using testing::custom_fixture;
using testing::fixture_upstream;
using testing::git_merge_file;

UpgradeOptions from_120_to_2100() {
  UpgradeOptions options;
  options.from_label = "1.2.0";
  options.to_label = "2.10.0";
  return options;
}

Result<UpgradeResult> apply_fixture(const std::string& name) {
  return upgrade_file(custom_fixture(name), name, fixture_upstream("1.2.0"), fixture_upstream("2.10.0"),
                      from_120_to_2100());
}

std::string composed(const std::string& tag) {
  Result<ComposedText> text = compose(*parse_layout_override("composite"), fixture_upstream(tag));
  EXPECT_TRUE(text.ok()) << text.error().message;
  return text.ok() ? text->text : std::string();
}

size_t leading_width(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && line[n] == ' ') ++n;
  return n;
}

// Re-indents 4-space levels as `unit` (what made the 2-space and tab fixtures
// from the 4-space one); blank lines and "> lua" lines stay as they are.
std::string reindent(const std::string& text, const std::string& unit) {
  std::string out;
  for (const Line& line : split_lines(text)) {
    std::string_view bytes = line.bytes;
    if (is_blank_line(bytes) || bytes.front() == '>') {
      out += bytes;
      continue;
    }
    size_t width = leading_width(bytes);
    for (size_t i = 0; i < width / 4; ++i) out += unit;
    out += std::string(width % 4, ' ');
    out += bytes.substr(width);
  }
  return out;
}

// The inverse for the fixtures: two spaces or a tab back to four spaces.
std::string to_four_spaces(const std::string& text, const std::string& unit) {
  std::string out;
  for (const Line& line : split_lines(text)) {
    std::string_view bytes = line.bytes;
    size_t levels = 0;
    while (bytes.substr(0, unit.size()) == unit) {
      bytes.remove_prefix(unit.size());
      ++levels;
    }
    out += std::string(levels * 4, ' ');
    out += bytes;
  }
  return out;
}

// Line by line: the indentation exactly, the rest ignoring changes in the
// amount of whitespace (a re-indented file keeps its own column alignment
// where upstream only realigned columns).
void expect_same_indentation_and_text(const std::string& got, const std::string& want) {
  std::vector<Line> got_lines = split_lines(got), want_lines = split_lines(want);
  ASSERT_EQ(got_lines.size(), want_lines.size()) << got;
  for (size_t i = 0; i < got_lines.size(); ++i) {
    std::string_view g = got_lines[i].bytes, w = want_lines[i].bytes;
    size_t gi = g.find_first_not_of(" \t"), wi = w.find_first_not_of(" \t");
    EXPECT_EQ(g.substr(0, gi), w.substr(0, wi)) << "indentation of line " << i + 1 << ": " << g;
    EXPECT_EQ(normalize_line(g, WhitespaceMode::IgnoreSpaceChange), normalize_line(w, WhitespaceMode::IgnoreSpaceChange))
        << "line " << i + 1;
  }
}

TEST(UpgradeFixtures, FourSpaceCompositeMergesExactlyAsGitMergeFile) {
  Result<UpgradeResult> result = apply_fixture("composite-4space.template");
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_TRUE(result->conflicts.empty());
  EXPECT_TRUE(result->pending);
  EXPECT_EQ(result->text,
            git_merge_file(custom_fixture("composite-4space.template"), composed("1.2.0"), composed("2.10.0")));
  // Spot checks that the oracle really carried upstream's changes.
  EXPECT_NE(result->text.find("\n    lua_shared_dict kong_secrets                 5m;\n"), std::string::npos);
  EXPECT_NE(result->text.find("\n        server_name kong_status;\n"), std::string::npos);
  EXPECT_NE(result->text.find("\n    # ACME: health endpoint"), std::string::npos);
}

class UpgradeReindentedComposite : public ::testing::TestWithParam<std::pair<std::string, std::string>> {};

TEST_P(UpgradeReindentedComposite, UpstreamLinesTakeTheFilesIndentation) {
  const auto& [name, unit] = GetParam();
  Result<UpgradeResult> result = apply_fixture(name);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->layout.kind, LayoutKind::Composite);
  EXPECT_TRUE(result->conflicts.empty());
  const std::string want = reindent(
      git_merge_file(to_four_spaces(custom_fixture(name), unit), composed("1.2.0"), composed("2.10.0")), unit);
  expect_same_indentation_and_text(result->text, want);
  // An upstream-inserted line inside an inlined body, at the file's indentation.
  EXPECT_NE(result->text.find("\n" + unit + unit + "server_name kong_status;\n"), std::string::npos);
  EXPECT_NE(result->text.find("\n" + unit + "lua_socket_log_errors off;\n"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, UpgradeReindentedComposite,
                         ::testing::Values(std::pair<std::string, std::string>{"composite-2space.template", "  "},
                                           std::pair<std::string, std::string>{"composite-tabs.template", "\t"}),
                         [](const auto& info) { return info.param.second == "\t" ? "tabs" : "two_spaces"; });

TEST(UpgradeFixtures, LuaModuleCopyIsMergedInsideItsBracketsOnly) {
  const std::string module = custom_fixture("nginx_kong.lua");
  Result<UpgradeResult> result = apply_fixture("nginx_kong.lua");
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_TRUE(result->layout.module_wrapped);
  EXPECT_TRUE(result->conflicts.empty());
  Result<TemplateBody> ours = read_template_body(module, "nginx_kong.lua");
  ASSERT_TRUE(ours.ok());
  const UpstreamBodies from = fixture_upstream("1.2.0"), to = fixture_upstream("2.10.0");
  const std::string merged = git_merge_file(ours->text, from.at("kong/templates/nginx_kong.lua").text,
                                            to.at("kong/templates/nginx_kong.lua").text);
  const size_t open = module.find("return [[\n") + std::string("return [[\n").size();
  EXPECT_EQ(result->text, module.substr(0, open) + merged + "]]\n");
}

TEST(UpgradeFixtures, NginxWithIncludesMergesOnlyNginxLua) {
  Result<UpgradeResult> result = apply_fixture("nginx-with-includes.template");
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->layout.kind, LayoutKind::NginxWithIncludes);
  const UpstreamBodies from = fixture_upstream("1.2.0"), to = fixture_upstream("2.10.0");
  EXPECT_EQ(result->text, git_merge_file(custom_fixture("nginx-with-includes.template"),
                                         from.at("kong/templates/nginx.lua").text, to.at("kong/templates/nginx.lua").text));
  EXPECT_NE(result->text.find("worker_connections ${{NGINX_EVENTS_WORKER_CONNECTIONS}};"), std::string::npos);
}

// The 1-based line of the first line of text containing needle.
uint32_t line_of(const std::string& text, const std::string& needle) {
  size_t at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  return static_cast<uint32_t>(std::count(text.begin(), text.begin() + at, '\n') + 1);
}

TEST(UpgradeFixtures, BareStreamBodyConflictIsReportedInFileAndUpstreamLines) {
  // The user added `lua_socket_log_errors on;` where upstream inserts
  // `lua_socket_log_errors off;`: a conflict. The user's stream_kong 16m
  // just below, on a line upstream did not change, merges (git conflicts).
  const std::string file = custom_fixture("stream-bare.template");
  Result<UpgradeResult> result = apply_fixture("stream-bare.template");
  ASSERT_TRUE(result.ok()) << result.error().message;
  const std::string stream = "kong/templates/nginx_kong_stream.lua";
  EXPECT_NE(result->text.find(">>>>>>> 2.10.0\nlua_shared_dict stream_kong        16m;\n"), std::string::npos)
      << result->text;

  ASSERT_EQ(result->conflicts.size(), 1u);
  const ReportedConflict& conflict = result->conflicts[0];
  EXPECT_EQ(conflict.first_line, line_of(result->text, "<<<<<<< stream-bare.template"));
  EXPECT_EQ(conflict.line_count, 5u);
  EXPECT_EQ(conflict.ours_first_line, line_of(file, "lua_socket_log_errors on;"));
  EXPECT_EQ(conflict.ours_line_count, 1u);
  const std::string from_file = testing::fixture_file("1.2.0", stream);
  const std::string to_file = testing::fixture_file("2.10.0", stream);
  EXPECT_EQ(conflict.at_from,
            (std::vector<UpstreamRange>{{stream, line_of(from_file, "lua_socket_pool_size"), 0}}));
  EXPECT_EQ(conflict.at_to, (std::vector<UpstreamRange>{{stream, line_of(to_file, "lua_socket_log_errors off;"), 1}}));
  EXPECT_TRUE(result->pending);
}

}  // namespace
}  // namespace kongtpl
