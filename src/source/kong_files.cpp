#include "source/kong_files.hpp"

namespace kongtpl {
namespace {

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

}  // namespace

bool is_kong_file(std::string_view relative) {
  if (starts_with(relative, "kong/templates/")) return relative.size() > std::string_view("kong/templates/").size();
  if (starts_with(relative, "kong/conf_loader/")) {
    std::string_view name = relative.substr(std::string_view("kong/conf_loader/").size());
    return name.find('/') == std::string_view::npos && name.size() > 4 && name.substr(name.size() - 4) == ".lua";
  }
  return relative == "kong/meta.lua" || relative == "kong/constants.lua" || relative == "kong/conf_loader.lua" ||
         relative == "kong/cmd/utils/prefix_handler.lua";
}

std::optional<size_t> kong_root_length(std::string_view path) {
  // Try each "kong/" component, the deepest last: "kong/kong/templates/x"
  // (a checkout in a folder named kong) has its root at "kong/".
  std::optional<size_t> found;
  for (size_t at = 0; at < path.size();) {
    if (starts_with(path.substr(at), "kong/") && is_kong_file(path.substr(at))) found = at;
    size_t slash = path.find('/', at);
    if (slash == std::string_view::npos) break;
    at = slash + 1;
  }
  return found;
}

}  // namespace kongtpl
