#include "lua/name_check.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "lua/global_access.hpp"
#include "lua/sandbox.hpp"
#include "lua/template_compiler.hpp"
#include "util/lines.hpp"

namespace kongtpl {
namespace {

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Kong fills placeholders after rendering with gsub("(${%b{}})", ...) and
// looks up w:sub(4, -3): "${{NAME}}" names NAME.
void collect_placeholders(std::string_view line, uint32_t body_line, std::vector<NameUse>& out) {
  for (size_t i = line.find("${{"); i != std::string_view::npos; i = line.find("${{", i + 1)) {
    int depth = 0;
    size_t end = std::string_view::npos;  // one past the balanced group from i + 2
    for (size_t j = i + 2; j < line.size(); ++j) {
      if (line[j] == '}' && --depth == 0) {
        end = j + 1;
        break;
      }
      if (line[j] == '{') ++depth;
    }
    if (end == std::string_view::npos || end >= line.size() || line[end] != '}') continue;
    std::string_view name = line.substr(i + 3, end - 1 - (i + 3));
    bool seen = std::any_of(out.begin(), out.end(), [&](const NameUse& u) { return u.placeholder && u.name == name; });
    if (!seen) out.push_back({std::string(name), body_line, true, false});
  }
}

}  // namespace

Result<std::vector<NameUse>> names_used(std::string_view body) {
  std::vector<NameUse> uses;
  uint32_t body_line = 0;
  for (const Line& line : split_lines(body)) {
    ++body_line;
    if (!line.bytes.empty() && line.bytes[0] == '>') continue;  // Lua, not rendered text
    collect_placeholders(line.content(), body_line, uses);
  }

  auto bytecode = Sandbox::shared().compile_to_bytecode(translate_template(body, true, false).code);
  if (!bytecode.ok()) return Error{bytecode.failure().describe("template")};
  auto accesses = globals_in_bytecode(bytecode.value());
  if (!accesses.ok()) return accesses.error();
  std::map<std::string, size_t> index;  // global name -> position in uses
  for (const GlobalAccess& access : accesses.value()) {
    auto [it, inserted] = index.emplace(access.name, uses.size());
    if (inserted) {
      uses.push_back({access.name, access.line, false, access.assigns});
      continue;
    }
    NameUse& use = uses[it->second];
    use.body_line = std::min(use.body_line, access.line);
    use.assigned = use.assigned || access.assigns;
  }
  std::stable_sort(uses.begin(), uses.end(), [](const NameUse& a, const NameUse& b) {
    return a.placeholder != b.placeholder ? a.placeholder : false;
  });
  return uses;
}

bool KnownNames::knows_global(std::string_view name) const {
  std::string key(name);
  return properties.count(key) || template_names.count(key) || helpers.count(key);
}

bool KnownNames::knows_placeholder(std::string_view name) const { return knows_global(lowercase(name)); }

std::set<std::string> kong_properties(std::string_view kong_defaults_body) {
  std::set<std::string> names;
  for (const Line& line : split_lines(kong_defaults_body)) {
    std::string_view s = line.content();
    size_t i = s.find_first_not_of(" \t");
    if (i == std::string_view::npos || s[i] == '#') continue;
    size_t end = i;
    while (end < s.size() && (std::isalnum(static_cast<unsigned char>(s[end])) || s[end] == '_')) ++end;
    size_t eq = s.find_first_not_of(" \t", end);
    if (end > i && eq != std::string_view::npos && s[eq] == '=') names.insert(lowercase(s.substr(i, end - i)));
  }
  return names;
}

KnownNames known_names(std::string_view kong_defaults_body, const std::vector<std::string>& upstream_template_bodies) {
  KnownNames known;
  known.properties = kong_properties(kong_defaults_body);
  for (const std::string& body : upstream_template_bodies) {
    auto uses = names_used(body);
    if (!uses.ok()) continue;
    for (const NameUse& use : uses.value())
      known.template_names.insert(use.placeholder ? lowercase(use.name) : use.name);
  }
  // compile_conf in kong/cmd/utils/prefix_handler.lua: the Lua helpers it
  // puts beside the configuration (which ones exist depends on the version,
  // and upstream templates using them make them known anyway).
  known.helpers = {"pairs", "ipairs", "tostring", "os", "quote"};
  return known;
}

std::vector<Finding> check_names(const TemplateBody& body, std::string_view file, const KnownNames& known) {
  std::vector<Finding> findings;
  auto uses = names_used(body.text);
  if (!uses.ok()) return findings;
  auto lines = split_lines(body.text);
  for (const NameUse& use : uses.value()) {
    if (use.placeholder ? known.knows_placeholder(use.name) : (use.assigned || known.knows_global(use.name)))
      continue;
    Finding f;
    f.file = std::string(file);
    f.line = body.file_line_of(use.body_line ? use.body_line - 1 : 0);
    f.severity = "warning";
    f.name = use.name;
    f.id = use.placeholder ? "KT104" : "KT105";
    f.rule = use.placeholder ? "unknown-placeholder" : "unknown-name";
    f.fix = use.placeholder ? "use a property of this version's kong.conf (Kong looks the name up lowercased)"
                            : "use a property of this version's kong.conf or a value Kong's templates use";
    if (use.placeholder)
      f.message = "unknown placeholder ${{" + use.name + "}}: no kong.conf property `" + lowercase(use.name) +
                  "` at this version, so Kong renders nothing useful here: check the spelling";
    else
      f.message = "unknown name `" + use.name +
                  "`: not a kong.conf property nor a value Kong gives templates at this version, so it is nil "
                  "here: check the spelling";
    if (use.body_line >= 1 && use.body_line <= lines.size()) {
      std::string_view content = lines[use.body_line - 1].content();
      if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
      f.source_line = std::string(content);
    }
    findings.push_back(std::move(f));
  }
  std::stable_sort(findings.begin(), findings.end(),
                   [](const Finding& a, const Finding& b) { return a.line < b.line; });
  return findings;
}

}  // namespace kongtpl
