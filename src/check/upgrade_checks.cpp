#include "check/upgrade_checks.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "check/conf_types.hpp"
#include "check/nginx_text.hpp"
#include "check/template_contexts.hpp"
#include "lua/name_check.hpp"
#include "lua/template_compiler.hpp"
#include "util/lines.hpp"

namespace kongtpl {
namespace {

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::string body_line_text(const TemplateBody& body, uint32_t line) {
  auto lines = split_lines(body.text);
  if (line == 0 || line > lines.size()) return {};
  std::string_view s = lines[line - 1].content();
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return std::string(s);
}

/// A finding at a 1-based body line (0: the file's first line).
Finding at_body_line(const TemplateBody& body, std::string_view file, uint32_t line, const char* id, const char* rule,
                     const char* severity, std::string message, std::string fix, std::string versions) {
  Finding f = rule_finding(std::string(file), body.file_line_of(line ? line - 1 : 0), body_line_text(body, line ? line : 1),
                           id, rule, severity, std::move(message), std::move(fix));
  f.versions = std::move(versions);
  return f;
}

/// The upstream `>` line that loops over or tests name, trimmed, or "".
std::string upstream_lua_line_using(const KongFacts& facts, const std::string& name) {
  for (const auto& [file, text] : facts.templates) {
    for (const Line& line : split_lines(text)) {
      std::string_view s = line.content();
      if (s.empty() || s[0] != '>') continue;
      for (size_t at = s.find(name); at != std::string_view::npos; at = s.find(name, at + 1)) {
        bool whole = (at == 0 || !ident_char(s[at - 1])) && (at + name.size() >= s.size() || !ident_char(s[at + name.size()]));
        if (whole) {
          size_t end = s.find_last_not_of(" \t\r");
          return std::string(s.substr(0, end + 1));
        }
      }
    }
  }
  return {};
}

/// KT110: ${{NAME}} whose value is a table or a boolean at render time.
Status replacement_values(const TemplateBody& body, std::string_view file, KongFactsReader& reader,
                          const ResolvedVersion& version, const KongFacts& facts, std::vector<Finding>& out) {
  if (!facts.conf_types) return Status();
  auto uses = names_used(body.text);
  if (!uses) return Status();  // compile_check reports it
  for (const NameUse& use : *uses) {
    if (!use.placeholder) continue;
    std::string property = lowercase(use.name);
    if (facts.environment && facts.environment->computed.count(property)) continue;  // compile_conf makes it a string
    auto typ = facts.conf_types->find(property);
    if (typ == facts.conf_types->end() || (typ->second != "array" && typ->second != "boolean")) continue;
    const std::string kind = typ->second;
    auto range = reader.holds_since(version, [&](const KongFacts& f) {
      if (!f.conf_types) return false;
      auto t = f.conf_types->find(property);
      return t != f.conf_types->end() && t->second == kind &&
             !(f.environment && f.environment->computed.count(property));
    });
    if (!range) return range.error();
    std::string upstream = upstream_lua_line_using(facts, property);
    std::string message, fix;
    if (kind == "array") {
      message = "${{" + use.name + "}} is `" + property + "`, an array at " + version.label +
                ": Kong's placeholder substitution fails with \"invalid replacement value (a table)\" and Kong does "
                "not start";
      fix = "loop over it as upstream does: " +
            (upstream.empty() ? "`> for _, x in ipairs(" + property + ") do` ... `$(x)` ... `> end`" : "`" + upstream + "`");
    } else {
      auto d = facts.defaults.find(property);
      std::string value = d == facts.defaults.end() ? "" : d->second;
      message = "${{" + use.name + "}} is `" + property + "`, a boolean at " + version.label +
                ": it renders nothing when off and Kong fails with \"invalid replacement value (a boolean)\" when on" +
                (value.empty() ? "" : std::string(" (default: ") + value + ")");
      fix = "test it instead: " + (upstream.empty() ? "`> if " + property + " then` ... `> end`" : "`" + upstream + "`");
    }
    out.push_back(at_body_line(body, file, use.body_line, "KT110", "table-or-boolean-placeholder", "error",
                               std::move(message), std::move(fix), std::move(*range)));
  }
  return Status();
}

/// `os.FIELD` uses in the template's Lua (lines of the translated chunk).
std::vector<std::pair<std::string, uint32_t>> os_fields(std::string_view body) {
  std::vector<std::pair<std::string, uint32_t>> out;
  std::string code = translate_template(body, true, false).code;
  uint32_t line = 1;
  for (size_t i = 0; i < code.size(); ++i) {
    if (code[i] == '\n') ++line;
    if (code.compare(i, 2, "os") != 0 || (i > 0 && (ident_char(code[i - 1]) || code[i - 1] == '.'))) continue;
    size_t j = i + 2;
    while (j < code.size() && (code[j] == ' ' || code[j] == '\t')) ++j;
    if (j >= code.size() || code[j] != '.') continue;
    ++j;
    while (j < code.size() && (code[j] == ' ' || code[j] == '\t')) ++j;
    size_t end = j;
    while (end < code.size() && ident_char(code[end])) ++end;
    if (end > j) out.emplace_back(code.substr(j, end - j), line);
  }
  return out;
}

/// KT120: names template code reads that Kong's compile environment lacks at version.
Status environment_names(const TemplateBody& body, std::string_view file, KongFactsReader& reader,
                         const ResolvedVersion& version, const KongFacts& facts, const KnownNames& known,
                         std::vector<Finding>& out) {
  if (!facts.environment) return Status();
  const CompileEnvironment& env = *facts.environment;
  auto uses = names_used(body.text);
  if (!uses) return Status();
  std::string offered;
  for (const std::string& h : env.helpers) {
    if (h == "os") continue;
    offered += (offered.empty() ? "" : ", ") + h;
  }
  for (const std::string& f : env.fields) offered += (offered.empty() ? "" : ", ") + f;
  auto report = [&](const std::string& name, uint32_t line, std::string range) {
    out.push_back(at_body_line(
        body, file, line, "KT120", "name-not-in-template-environment", "error",
        "`" + name + "` is not in the environment Kong " + version.label + " renders templates with (" + offered +
            " and the configuration): it is nil there and `kong start` fails on this line",
        "compute the value without it (the configuration and " + offered + " are all template code can use)",
        std::move(range)));
    Finding& f = out.back();
    f.name = name;
  };
  bool os_reported = false;
  for (const NameUse& use : *uses) {
    if (use.placeholder || use.assigned) continue;
    const std::string& name = use.name;
    if (env.helpers.count(name) || env.computed.count(name) || known.properties.count(name)) continue;
    if (name != "os" && known.template_names.count(name)) continue;
    bool standard = lua_standard_globals().count(name) > 0;
    auto range = reader.lacking_until(version, [&](const KongFacts& f) {
      return f.environment && f.environment->helpers.count(name) > 0;
    });
    if (!range) return range.error();
    if (!standard && *range == "all versions") continue;  // an unknown name: the name check warns
    if (name == "os") {
      // Name the fields: "os.getenv".
      for (const auto& [field, line] : os_fields(body.text)) {
        std::string full = "os." + field;
        auto r = reader.lacking_until(version, [&](const KongFacts& f) {
          return f.environment && f.environment->fields.count(full) > 0;
        });
        if (!r) return r.error();
        report(full, line, *r);
        os_reported = true;
        break;
      }
      if (os_reported) continue;
    }
    report(name, use.body_line, *range);
  }
  if (env.helpers.count("os") && !os_reported) {
    std::set<std::string> seen;
    for (const auto& [field, line] : os_fields(body.text)) {
      std::string full = "os." + field;
      if (env.fields.count(full) || !seen.insert(full).second) continue;
      auto r = reader.lacking_until(version, [&](const KongFacts& f) {
        return f.environment && f.environment->fields.count(full) > 0;
      });
      if (!r) return r.error();
      report(full, line, *r);
    }
  }
  return Status();
}

/// KT130 and KT131: shared dictionaries a context-replacing template lacks.
Status shared_dicts(const TemplateBody& body, std::string_view file, KongFactsReader& reader,
                    const ResolvedVersion& version, const KongFacts& facts, const Contexts& contexts,
                    std::vector<Finding>& out) {
  NamedLines declared = shared_dicts_declared(body.text);
  auto upstream_line = [&](const char* tmpl, const std::string& dict) {
    std::string text = upstream_template(facts, tmpl);
    NamedLines up = shared_dicts_declared(text);
    auto it = up.find(dict);
    if (it == up.end()) return std::string("lua_shared_dict " + dict + " 5m;");
    std::string line(split_lines(text)[it->second - 1].content());
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string collapsed;  // "lua_shared_dict kong 5m;": upstream's alignment removed
    for (char c : line) {
      bool blank = c == ' ' || c == '\t';
      if (blank && (collapsed.empty() || collapsed.back() == ' ')) continue;
      collapsed += blank ? ' ' : c;
    }
    return collapsed;
  };
  std::set<std::string> required;
  if (contexts.http && facts.required_dicts) {
    for (const std::string& dict : *facts.required_dicts) {
      required.insert(dict);
      if (declared.count(dict)) continue;
      auto range = reader.holds_since(version, [&](const KongFacts& f) {
        return f.required_dicts && std::count(f.required_dicts->begin(), f.required_dicts->end(), dict) > 0;
      });
      if (!range) return range.error();
      out.push_back(at_body_line(
          body, file, contexts.http_line, "KT130", "missing-required-shared-dict", "error",
          "Kong " + version.label + " requires the shared dict `" + dict +
              "` (constants.DICTS) and this template, which replaces the http context, does not declare it: "
              "`kong start` fails with \"missing shared dict '" + dict +
              "' in Nginx configuration, are you using a custom template?\"",
          "add `" + upstream_line("nginx_kong.lua", dict) + "` to the http context", std::move(*range)));
    }
  }
  auto upstream_dicts = [&](bool replaced, const char* tmpl, uint32_t line) -> Status {
    if (!replaced) return Status();
    for (const auto& [dict, at] : shared_dicts_declared(upstream_template(facts, tmpl))) {
      if (declared.count(dict) || required.count(dict)) continue;
      auto range = reader.holds_since(version, [&](const KongFacts& f) {
        auto it = f.templates.find(tmpl);
        return it != f.templates.end() && shared_dicts_declared(it->second).count(dict) > 0;
      });
      if (!range) return range.error();
      out.push_back(at_body_line(body, file, line, "KT131", "missing-upstream-shared-dict", "warning",
                                 "upstream " + std::string(tmpl) + " at " + version.label + " declares the shared dict `" +
                                     dict + "` and this template does not: what Kong keeps in it fails at run time",
                                 "add `" + upstream_line(tmpl, dict) + "` as upstream has it", std::move(*range)));
    }
    return Status();
  };
  if (Status s = upstream_dicts(contexts.http, "nginx_kong.lua", contexts.http_line); !s) return s;
  return upstream_dicts(contexts.stream, "nginx_kong_stream.lua", contexts.stream_line);
}

/// KT140: the *-inject.conf includes upstream has in a context the template supplies.
Status inject_includes(const TemplateBody& body, std::string_view file, KongFactsReader& reader,
                       const ResolvedVersion& version, const KongFacts& facts, const Contexts& contexts,
                       std::vector<Finding>& out) {
  NamedLines mine = included_files(body.text);
  auto check = [&](bool supplied, const char* tmpl, uint32_t line, const char* where) -> Status {
    if (!supplied) return Status();
    for (const auto& [target, at] : included_files(upstream_template(facts, tmpl))) {
      if (!is_inject_file(target) || mine.count(target)) continue;
      auto range = reader.holds_since(version, [&](const KongFacts& f) {
        auto it = f.templates.find(tmpl);
        return it != f.templates.end() && included_files(it->second).count(target) > 0;
      });
      if (!range) return range.error();
      out.push_back(at_body_line(body, file, line, "KT140", "missing-inject-include", "warning",
                                 "Kong " + version.label + " writes the directives it injects into `" + target +
                                     "` and upstream " + tmpl + " includes it; this template does not, so that "
                                     "configuration is silently lost",
                                 "add `include '" + target + "';` " + where + ", where upstream has it",
                                 std::move(*range)));
    }
    return Status();
  };
  if (Status s = check(contexts.main, "nginx.lua", 0, "in the main context"); !s) return s;
  if (Status s = check(contexts.http, "nginx_kong.lua", contexts.http_line, "in the http context"); !s) return s;
  return check(contexts.stream, "nginx_kong_stream.lua", contexts.stream_line, "in the stream context");
}

}  // namespace

std::vector<std::string> skipped_checks(const KongFacts& facts) {
  std::vector<std::string> skipped;
  if (!facts.environment)
    skipped.push_back("names available to template code (KT120): no kong/cmd/utils/prefix_handler.lua with compile_conf at " +
                      facts.label);
  if (!facts.conf_types)
    skipped.push_back("table and boolean placeholders (KT110): no kong/conf_loader at " + facts.label);
  if (!facts.required_dicts)
    skipped.push_back("required shared dictionaries (KT130): no kong/constants.lua at " + facts.label);
  return skipped;
}

Result<std::vector<Finding>> upgrade_checks(const TemplateBody& body, std::string_view file, KongFactsReader& reader,
                                            const ResolvedVersion& version, const KnownNames& known) {
  auto at = reader.at(version);
  if (!at) return at.error();
  const KongFacts& facts = **at;
  std::vector<Finding> out;
  if (Status s = replacement_values(body, file, reader, version, facts, out); !s) return s.error();
  if (Status s = environment_names(body, file, reader, version, facts, known, out); !s) return s.error();
  Contexts contexts = contexts_of(body, file, facts);
  if (Status s = shared_dicts(body, file, reader, version, facts, contexts, out); !s) return s.error();
  if (Status s = inject_includes(body, file, reader, version, facts, contexts, out); !s) return s.error();
  return out;
}

}  // namespace kongtpl
