#include "check/conf_directive_checks.hpp"

#include <cctype>
#include <set>

#include "check/template_contexts.hpp"
#include "util/lines.hpp"

namespace kongtpl {
namespace {

/// "nginx_http_" for "nginx_http_gzip": the namespace a key names, as Kong's
/// prefixes are spelled (`nginx_[a-z]+_`); "" for other keys.
std::string named_prefix(const std::string& key) {
  if (key.rfind("nginx_", 0) != 0) return {};
  size_t end = key.find('_', 6);
  if (end == std::string::npos || end == 6 || end + 1 >= key.size()) return {};
  return key.substr(0, end + 1);
}

bool reads(const KongFacts& facts, const std::string& key) {
  return facts.namespaces && namespace_of(*facts.namespaces, key) != nullptr;
}

Finding conf_finding(const ConfSetting& s, std::string_view conf_name, const char* id, const char* rule,
                     std::string message, std::string fix, std::string versions) {
  Finding f = rule_finding(std::string(conf_name), s.line, s.text, id, rule, "warning", std::move(message),
                           std::move(fix));
  f.versions = std::move(versions);
  f.name = s.key;
  return f;
}

/// The template upstream injects a list in, and the loop line, at facts.
struct UpstreamLoop {
  const char* template_name = nullptr;
  std::string line;
};

UpstreamLoop upstream_loop(const KongFacts& facts, const std::string& injected) {
  for (const char* name : {"nginx.lua", "nginx_kong.lua", "nginx_kong_stream.lua"}) {
    std::string text = upstream_template(facts, name);
    for (const auto& [list, line] : directive_loops(text)) {
      if (list != injected) continue;
      std::string_view s = split_lines(text)[line - 1].content();
      size_t end = s.find_last_not_of(" \t\r");
      return UpstreamLoop{name, std::string(s.substr(0, end + 1))};
    }
  }
  return {};
}

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

/// Whether text names key as a whole word, in any case (`${{NGINX_HTTP_X}}`
/// or `nginx_http_x` in Lua).
bool mentions(std::string_view text, const std::string& key) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (size_t at = lower.find(key); at != std::string::npos; at = lower.find(key, at + 1))
    if ((at == 0 || !ident_char(lower[at - 1])) && (at + key.size() >= lower.size() || !ident_char(lower[at + key.size()])))
      return true;
  return false;
}

/// The first upstream line mentioning key in a template of the three, trimmed.
UpstreamLoop upstream_mention(const KongFacts& facts, const std::string& key) {
  for (const char* name : {"nginx.lua", "nginx_kong.lua", "nginx_kong_stream.lua"}) {
    std::string text = upstream_template(facts, name);
    for (const Line& line : split_lines(text)) {
      if (!mentions(line.content(), key)) continue;
      std::string_view l = line.content();
      size_t start = l.find_first_not_of(" \t");
      size_t end = l.find_last_not_of(" \t\r");
      return UpstreamLoop{name, std::string(l.substr(start, end - start + 1))};
    }
  }
  return {};
}

/// Whether any upstream template at facts (inject files included) names key.
bool rendered_upstream(const KongFacts& facts, const std::string& key) {
  for (const auto& [name, text] : facts.templates)
    if (mentions(text, key)) return true;
  return false;
}

/// KT151's condition where no template is involved: the injection skips
/// key, Kong reads no property of that name, and no upstream template
/// renders it.
bool skipped_and_unread(const KongFacts& f, const std::string& key) {
  const DirectiveNamespace* n = f.namespaces ? namespace_of(*f.namespaces, key) : nullptr;
  return n && n->ignored.count(key.substr(n->prefix.size())) && !f.defaults.count(key) && !rendered_upstream(f, key);
}

bool supplies(const Contexts& contexts, const char* upstream_name) {
  std::string_view n = upstream_name;
  return n == "nginx.lua" ? contexts.main : n == "nginx_kong.lua" ? contexts.http : contexts.stream;
}

}  // namespace

Result<std::vector<Finding>> conf_namespace_findings(const std::vector<ConfSetting>& conf, std::string_view conf_name,
                                                     KongFactsReader& reader, const ResolvedVersion& version) {
  std::vector<Finding> out;
  auto at = reader.at(version);
  if (!at) return at.error();
  const KongFacts& facts = **at;
  if (!facts.namespaces) return out;
  for (const ConfSetting& s : conf) {
    const std::string prefix = named_prefix(s.key);
    if (prefix.empty()) continue;
    if (const DirectiveNamespace* ns = namespace_of(*facts.namespaces, s.key)) {
      // A skipped key Kong reads itself, or renders in a template, is
      // checked against the template (conf_loop_findings).
      if (!skipped_and_unread(facts, s.key)) continue;
      const std::string directive = s.key.substr(ns->prefix.size());
      auto range = reader.holds_since(version, [&](const KongFacts& f) { return skipped_and_unread(f, s.key); });
      if (!range) return range.error();
      std::string fix = facts.defaults.count(directive)
                            ? "set the property `" + directive + "` instead: Kong " + version.label + " reads it itself"
                            : "write `" + directive + " " + s.value + ";` into the template where upstream loops over `" +
                                  ns->injected + "`";
      out.push_back(conf_finding(s, conf_name, "KT151", "ignored-injected-directive",
                                 "Kong " + version.label + " injects `" + ns->prefix + "*` keys into nginx.conf but skips `" +
                                     directive + "` (the conf_loader's ignore list) and renders this key nowhere else: "
                                     "the setting never reaches nginx.conf",
                                 std::move(fix), std::move(*range)));
      continue;
    }
    if (facts.defaults.count(s.key)) continue;  // a property of its own, not a directive
    auto later = reader.lacking_until(version, [&](const KongFacts& f) { return reads(f, s.key); });
    if (!later) return later.error();
    if (*later != "all versions") {
      const std::string first = later->substr(std::string("before ").size());
      out.push_back(conf_finding(s, conf_name, "KT150", "unread-directive-namespace",
                                 "Kong " + version.label + " reads no `" + prefix + "*` keys (Kong injects them from " +
                                     first + " on): this setting is ignored",
                                 "write the directive into the template's context yourself, or target " + first +
                                     " or later",
                                 std::move(*later)));
      continue;
    }
    auto gone = reader.holds_since(version, [&](const KongFacts& f) { return !reads(f, s.key); });
    if (!gone) return gone.error();
    if (*gone == "all versions") continue;  // never a namespace: no directive, just an unknown key
    out.push_back(conf_finding(s, conf_name, "KT150", "unread-directive-namespace",
                               "Kong " + version.label + " no longer reads `" + prefix + "*` keys (" + *gone +
                                   "): this setting is ignored",
                               "write the directive into the template's context yourself", std::move(*gone)));
  }
  return out;
}

Result<std::vector<Finding>> conf_loop_findings(const std::vector<ConfSetting>& conf, std::string_view conf_name,
                                                const TemplateBody& body, std::string_view file,
                                                KongFactsReader& reader, const ResolvedVersion& version) {
  std::vector<Finding> out;
  auto at = reader.at(version);
  if (!at) return at.error();
  const KongFacts& facts = **at;
  if (!facts.namespaces) return out;
  const Contexts contexts = contexts_of(body, file, facts);
  std::set<std::string> looped;
  for (const auto& [list, line] : directive_loops(body.text)) looped.insert(list);
  for (const ConfSetting& s : conf) {
    const DirectiveNamespace* ns = namespace_of(*facts.namespaces, s.key);
    if (!ns) continue;
    if (ns->ignored.count(s.key.substr(ns->prefix.size()))) {
      // Skipped by the loop but rendered by an upstream template of a
      // context this template supplies (inject files: KT140's business).
      UpstreamLoop use = upstream_mention(facts, s.key);
      if (!use.template_name || !supplies(contexts, use.template_name) || mentions(body.text, s.key)) continue;
      const char* where = use.template_name;
      auto range = reader.holds_since(version, [&](const KongFacts& f) {
        const DirectiveNamespace* n = f.namespaces ? namespace_of(*f.namespaces, s.key) : nullptr;
        UpstreamLoop u = upstream_mention(f, s.key);
        return n && n->ignored.count(s.key.substr(n->prefix.size())) && u.template_name &&
               std::string_view(u.template_name) == where;
      });
      if (!range) return range.error();
      out.push_back(conf_finding(s, conf_name, "KT151", "ignored-injected-directive",
                                 "Kong " + version.label + "'s injection skips this key; upstream " + where +
                                     " renders it with `" + use.line + "` and " + std::string(file) +
                                     " does not, so the setting is lost",
                                 "add upstream's line to " + std::string(file) + ": `" + use.line + "`",
                                 std::move(*range)));
      continue;
    }
    if (looped.count(ns->injected)) continue;
    bool aliased = false;
    for (const std::string& alias : ns->aliases) aliased |= looped.count(alias) > 0;
    if (aliased) continue;
    UpstreamLoop loop = upstream_loop(facts, ns->injected);
    if (!loop.template_name || !supplies(contexts, loop.template_name)) continue;
    const std::string injected = ns->injected;
    auto range = reader.holds_since(version, [&](const KongFacts& f) {
      return upstream_loop(f, injected).template_name != nullptr;
    });
    if (!range) return range.error();
    out.push_back(conf_finding(
        s, conf_name, "KT152", "missing-directive-loop",
        "Kong " + version.label + " puts this setting in `" + injected + "`, which upstream " + loop.template_name +
            " injects with `" + loop.line + "`; " + std::string(file) + " has no such loop, so the setting is lost",
        "add upstream's loop to " + std::string(file) + " where " + loop.template_name + " has it: `" + loop.line +
            "` / `$(el.name) $(el.value);` / `> end`",
        std::move(*range)));
  }
  return out;
}

}  // namespace kongtpl
