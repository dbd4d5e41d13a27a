#pragma once
// Recognising a customised file's layout from signs that survive
// customisation (layout_evidence): nginx.lua's top-level directives mean an
// nginx.lua-based file, an include line means that template is not inlined,
// a body the file holds without its include line means it is inlined. Where
// the signs allow several layouts, the file's distance to upstream composed
// in each may settle it; otherwise the layout is uncertain and kongtpl asks
// for --layout instead of guessing.
#include <string>
#include <string_view>
#include <vector>

#include "merge/layout.hpp"
#include "merge/layout_evidence.hpp"
#include "util/result.hpp"

namespace kongtpl {

/// The layouts a file may have, judged at one upstream version.
struct LayoutJudgement {
  /// Plausible layouts, the most likely first; never empty.
  std::vector<Layout> candidates;
  /// The signs they were judged from.
  LayoutEvidence evidence;
  /// Settled by the file's distance to each candidate, not by signs alone.
  bool by_distance = false;
  /// One layout only.
  bool certain() const { return candidates.size() == 1; }
};

/// The plausible layouts of file_body (a template body, already out of its
/// Lua module) from its signs against upstream's templates in at.
/// module_wrapped is left false. Fails when the file resembles no template,
/// naming the closest one.
Result<LayoutJudgement> judge_layout(std::string_view file_body, const UpstreamBodies& at);

/// Narrows an uncertain judgement to the candidate upstream composes
/// closest to file_body, when the runner-up is at least max(3, 10% of the
/// best distance) lines further; otherwise returns it unchanged.
LayoutJudgement settle_by_distance(LayoutJudgement judgement, std::string_view file_body, const UpstreamBodies& at);

/// The layout of file_body at one version: judge_layout, settled by
/// distance when the signs allow several. Fails, naming the candidates and
/// --layout, when it stays uncertain.
Result<Layout> detect_layout(std::string_view file_body, const UpstreamBodies& at);

/// The one-line error for an uncertain layout: names each candidate and the
/// --layout value that selects it.
std::string uncertain_layout_message(const std::vector<Layout>& candidates);

/// The templates whose text file_body holds but layout does not merge: e.g.
/// nginx.lua (top-level directives) for a copy of one module, or
/// nginx_kong_stream.lua's body inlined in a file taken as composite:kong.
std::vector<std::string> templates_left_out(std::string_view file_body, const Layout& layout,
                                            const UpstreamBodies& at);

/// Whitespace-insensitive distance (lines added + removed) between two texts.
size_t text_distance(std::string_view a, std::string_view b);

}  // namespace kongtpl
