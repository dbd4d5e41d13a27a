#include "merge/layout_detect.hpp"

#include <algorithm>
#include <cstdio>

#include "diff/edit_script.hpp"
#include "diff/prepare.hpp"
#include "merge/layout_compose.hpp"

namespace kongtpl {

namespace {

// Share of a template's lines a file must hold to count as built on it.
constexpr double kSkeletonShare = 0.5;  // nginx.lua's nginx lines, include lines aside
constexpr double kInlinedShare = 0.5;   // an inlined body's own lines: surely there
constexpr double kAbsentShare = 0.2;    // below this, surely not there
constexpr double kSingleScore = 0.3;    // the best single template (Dice score)
constexpr double kSingleMargin = 0.1;   // a runner-up template this close is a candidate too

enum class Presence { No, Maybe, Yes };

Presence inlined(double share, bool included, bool exists) {
  if (!exists || included || share < kAbsentShare) return Presence::No;
  return share >= kInlinedShare ? Presence::Yes : Presence::Maybe;
}

std::string percent(double value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.0f%%", value * 100);
  return buffer;
}

Layout nginx_based(bool kong, bool stream, const LayoutEvidence& e) {
  Layout layout;
  layout.template_path = std::string(kNginxTemplate);
  layout.inlines_kong = kong;
  layout.inlines_stream = stream;
  if (kong || stream)
    layout.kind = LayoutKind::Composite;
  else if (e.includes_kong || e.includes_stream)
    layout.kind = LayoutKind::NginxWithIncludes;
  else
    layout.kind = LayoutKind::SingleTemplate;  // nginx.lua alone, its include lines dropped
  return layout;
}

void add_unique(std::vector<Layout>& layouts, const Layout& layout) {
  if (std::find(layouts.begin(), layouts.end(), layout) == layouts.end()) layouts.push_back(layout);
}

// Every reading of the bodies that may be inlined, surest first.
std::vector<Layout> nginx_based_candidates(const LayoutEvidence& e) {
  const Presence kong = inlined(e.kong_share, e.includes_kong, true);
  const Presence stream = inlined(e.stream_share, e.includes_stream, e.stream_exists);
  std::vector<Layout> out;
  for (bool k : {true, false})
    for (bool s : {true, false}) {
      if ((k && kong == Presence::No) || (!k && kong == Presence::Yes)) continue;
      if ((s && stream == Presence::No) || (!s && stream == Presence::Yes)) continue;
      add_unique(out, nginx_based(k, s, e));
    }
  return out;
}

}  // namespace

size_t text_distance(std::string_view a, std::string_view b) {
  LineInterner interner;
  std::vector<int32_t> ids_a = prepare_text(a, WhitespaceMode::IgnoreAllSpace, interner).ids;
  std::vector<int32_t> ids_b = prepare_text(b, WhitespaceMode::IgnoreAllSpace, interner).ids;
  size_t distance = 0;
  for (const Change& change : diff_ids(ids_a, ids_b)) distance += change.old_count + change.new_count;
  return distance;
}

Result<LayoutJudgement> judge_layout(std::string_view file_body, const UpstreamBodies& at) {
  LayoutJudgement judgement;
  judgement.evidence = gather_layout_evidence(file_body, at);
  const LayoutEvidence& e = judgement.evidence;

  // nginx.lua's own top-level directives, or an include line of its, or most
  // of its lines: the file is built on nginx.lua.
  if (!e.top_level.empty() || e.includes_kong || e.includes_stream || e.nginx_share >= kSkeletonShare) {
    judgement.candidates = nginx_based_candidates(e);
    return judgement;
  }
  // Both bodies and no include line: a composite whose nginx.lua lines are gone.
  if (e.stream_exists && e.kong_share >= kInlinedShare && e.stream_share >= kInlinedShare) {
    judgement.candidates.push_back(nginx_based(true, true, e));
    return judgement;
  }

  // One template: the best Dice score (common lines over both sizes), so a
  // small template that happens to be contained in the file does not beat
  // the template the file really is.
  std::vector<std::pair<double, std::string>> scores;
  for (const auto& [path, body] : at) scores.emplace_back(distinctive_similarity(body.text, file_body), path);
  std::stable_sort(scores.begin(), scores.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  if (scores.empty() || scores.front().first < kSingleScore) {
    std::string closest = scores.empty() ? std::string("none")
                                         : scores.front().second + " (" + percent(scores.front().first) +
                                               " of lines alike)";
    return Error{"cannot tell which Kong template this file customises (closest: " + closest +
                 "); pass --layout, e.g. --layout template:nginx_kong.lua or --layout composite"};
  }
  for (const auto& [score, path] : scores) {
    if (score < kSingleScore || scores.front().first - score > kSingleMargin) break;
    Layout layout;
    layout.kind = LayoutKind::SingleTemplate;
    layout.template_path = path;
    judgement.candidates.push_back(layout);
  }
  // A module copy that also holds part of the other module's own lines may
  // be a composite that lost its nginx.lua lines.
  const Layout& best = judgement.candidates.front();
  const bool other_maybe = (best.template_path == kNginxKongTemplate && e.stream_exists &&
                            e.stream_share >= kAbsentShare) ||
                           (best.template_path == kNginxKongStreamTemplate && e.kong_share >= kAbsentShare);
  if (other_maybe) add_unique(judgement.candidates, nginx_based(true, true, e));
  return judgement;
}

LayoutJudgement settle_by_distance(LayoutJudgement judgement, std::string_view file_body, const UpstreamBodies& at) {
  if (judgement.certain()) return judgement;
  std::vector<std::pair<size_t, size_t>> distances;  // (distance, candidate index)
  for (size_t i = 0; i < judgement.candidates.size(); ++i) {
    Result<ComposedText> composed = compose(judgement.candidates[i], at);
    if (composed) distances.emplace_back(text_distance(composed->text, file_body), i);
  }
  if (distances.empty()) return judgement;
  std::stable_sort(distances.begin(), distances.end());
  const size_t needed = std::max<size_t>(3, (distances[0].first + 9) / 10);
  if (distances.size() == 1 || distances[1].first - distances[0].first >= needed) {
    Layout winner = judgement.candidates[distances[0].second];
    judgement.candidates = {winner};
    judgement.by_distance = true;
  }
  return judgement;
}

std::string uncertain_layout_message(const std::vector<Layout>& candidates) {
  std::string text = "cannot tell this file's layout: it may be ";
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (i > 0) text += i + 1 == candidates.size() ? " or " : ", ";
    text += candidates[i].description() + " (--layout " + candidates[i].override_value() + ")";
  }
  return text + "; pass the right one with --layout";
}

Result<Layout> detect_layout(std::string_view file_body, const UpstreamBodies& at) {
  Result<LayoutJudgement> judged = judge_layout(file_body, at);
  if (!judged) return judged.error();
  LayoutJudgement settled = settle_by_distance(std::move(*judged), file_body, at);
  if (!settled.certain()) return Error{uncertain_layout_message(settled.candidates)};
  return settled.candidates.front();
}

std::vector<std::string> templates_left_out(std::string_view file_body, const Layout& layout,
                                            const UpstreamBodies& at) {
  const LayoutEvidence e = gather_layout_evidence(file_body, at);
  std::vector<std::string> left_out;
  const bool on_nginx = layout.kind != LayoutKind::SingleTemplate || layout.template_path == kNginxTemplate;
  if (!on_nginx && !e.top_level.empty() && at.contains(kNginxTemplate)) left_out.emplace_back(kNginxTemplate);
  auto merged = [&](std::string_view path) {
    if (layout.kind == LayoutKind::SingleTemplate) return layout.template_path == path;
    if (layout.kind == LayoutKind::NginxWithIncludes) return false;
    return path == kNginxKongTemplate ? layout.inlines_kong : layout.inlines_stream;
  };
  // A body counts as held when most of its own lines are there and no
  // include line of it stands in for it.
  if (!merged(kNginxKongTemplate) && !e.includes_kong && e.kong_share >= kInlinedShare)
    left_out.emplace_back(kNginxKongTemplate);
  if (!merged(kNginxKongStreamTemplate) && e.stream_exists && !e.includes_stream && e.stream_share >= kInlinedShare)
    left_out.emplace_back(kNginxKongStreamTemplate);
  return left_out;
}

}  // namespace kongtpl
