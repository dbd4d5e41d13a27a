#pragma once
// Comparing the templates of two versions: pairs each template path with its
// blob at FROM and at TO and runs the diff pipeline on every pair that differs.
#include <functional>
#include <string>
#include <vector>

#include <optional>

#include "core/template_set.hpp"
#include "diff/file_diff.hpp"
#include "util/result.hpp"

namespace kongtpl {

/// Optional rewrite of a template's bytes before comparing (e.g. extracting
/// the body from a Lua module for --body).
using TemplateTransform = std::function<Result<std::string>(const std::string& path, const std::string& bytes)>;

/// One template present at FROM, TO or both.
struct TemplatePair {
  std::string path;
  std::optional<FileSide> before;
  std::optional<FileSide> after;
};

/// Pairs the templates of two sets by path, in git's path order, reading the
/// blobs of paths whose blob ids differ (equal blobs are skipped unless
/// include_unchanged). Errors on binary (NUL) content and when neither side
/// has any template.
Result<std::vector<TemplatePair>> pair_templates(TemplateSet& before, TemplateSet& after,
                                                 const TemplateTransform& transform = {},
                                                 bool include_unchanged = false);

/// Compares two template sets: every template whose content differs, in
/// git's path order, keeping only those with a change under the options
/// (all of them with keep_hidden_changes: --name-only lists files whose
/// changes the whitespace rules hide, as git does).
Result<std::vector<FileDiff>> diff_template_sets(TemplateSet& before, TemplateSet& after,
                                                 const DiffOptions& options,
                                                 const TemplateTransform& transform = {},
                                                 bool keep_hidden_changes = false);

}  // namespace kongtpl
