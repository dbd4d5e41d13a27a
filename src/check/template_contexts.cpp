#include "check/template_contexts.hpp"

#include <algorithm>

#include "check/nginx_text.hpp"

namespace kongtpl {
namespace {

std::string base_name(std::string_view file) {
  size_t slash = file.find_last_of('/');
  return std::string(slash == std::string_view::npos ? file : file.substr(slash + 1));
}

bool declares_any(const NamedLines& declared, const std::vector<std::string>& names) {
  return std::any_of(names.begin(), names.end(), [&](const std::string& n) { return declared.count(n) > 0; });
}

std::vector<std::string> keys(const NamedLines& lines) {
  std::vector<std::string> out;
  for (const auto& [k, v] : lines) out.push_back(k);
  return out;
}

}  // namespace

std::string upstream_template(const KongFacts& facts, const char* name) {
  auto it = facts.templates.find(name);
  return it == facts.templates.end() ? std::string() : it->second;
}

Contexts contexts_of(const TemplateBody& body, std::string_view file, const KongFacts& facts) {
  Contexts c;
  NamedLines includes = included_files(body.text);
  NamedLines declared = shared_dicts_declared(body.text);
  uint32_t http = block_line(body.text, "http");
  uint32_t stream = block_line(body.text, "stream");
  c.main = http || stream || block_line(body.text, "events");
  std::string base = base_name(file);
  if (c.main) {
    c.http = http && !includes.count("nginx-kong.conf");
    c.stream = stream && !includes.count("nginx-kong-stream.conf");
    c.http_line = http;
    c.stream_line = stream;
    return c;
  }
  std::vector<std::string> http_dicts = keys(shared_dicts_declared(upstream_template(facts, "nginx_kong.lua")));
  if (facts.required_dicts) http_dicts.insert(http_dicts.end(), facts.required_dicts->begin(), facts.required_dicts->end());
  std::vector<std::string> stream_dicts = keys(shared_dicts_declared(upstream_template(facts, "nginx_kong_stream.lua")));
  c.http = base == "nginx_kong.lua" || (base != "nginx_kong_stream.lua" && declares_any(declared, http_dicts));
  c.stream = base == "nginx_kong_stream.lua" || (base != "nginx_kong.lua" && declares_any(declared, stream_dicts));
  return c;
}

}  // namespace kongtpl
