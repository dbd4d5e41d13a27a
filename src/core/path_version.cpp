#include "core/path_version.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "source/archive_reader.hpp"
#include "source/file_tree.hpp"
#include "source/kong_files.hpp"
#include "source/package_version.hpp"
#include "util/input_file.hpp"
#include "util/one_line.hpp"

namespace kongtpl {
namespace {

namespace fs = std::filesystem;

const char* const kHolds = "a folder holding kong/templates/ (an installed Kong's Lua tree such as "
                           "/usr/local/share/lua/5.1, or a checkout), or a .tar(.gz), .deb, .rpm, .rock or "
                           "docker save archive of Kong";

/// Kong's files under root, a folder holding kong/.
Result<std::vector<TreeEntry>> read_folder(const std::string& root) {
  std::error_code ec;
  fs::path base(root);
  if (!fs::is_directory(base / "kong" / "templates", ec)) {
    std::string hint = fs::is_directory(base / "templates", ec) ? " (it looks like the kong folder itself: name its parent)" : "";
    return Error{"'" + root + "' holds no kong/templates/" + hint + ": name " + kHolds};
  }
  auto limit = input_size_limit();
  if (!limit) return limit.error();
  std::vector<std::string> paths;
  // Directory symlinks are not followed, so a loop of them cannot trap the walk.
  for (fs::recursive_directory_iterator it(base / "kong" / "templates", ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec) || it->is_symlink(ec)) paths.push_back(fs::relative(it->path(), base, ec).generic_string());
  if (ec) return Error{"cannot list '" + (base / "kong" / "templates").string() + "': " + ec.message()};
  for (const char* fact : {"kong/meta.lua", "kong/constants.lua", "kong/conf_loader.lua", "kong/cmd/utils/prefix_handler.lua"})
    if (fs::exists(base / fact, ec)) paths.push_back(fact);
  for (fs::directory_iterator it(base / "kong" / "conf_loader", ec), end; !ec && it != end; it.increment(ec))
    paths.push_back(fs::relative(it->path(), base, ec).generic_string());
  std::vector<TreeEntry> entries;
  for (const std::string& path : paths) {
    if (!is_kong_file(path)) continue;
    auto bytes = read_regular_file((base / path).string(), *limit);
    if (!bytes) return bytes.error();  // a symlink loop fails here (ELOOP), with the path
    entries.push_back({path, std::move(*bytes)});
  }
  return entries;
}

/// Kong's files of an archive, from the one place in it that holds kong/templates/.
Result<std::vector<TreeEntry>> read_package(const std::string& file) {
  ArchiveLimits limits;
  auto cap = archive_size_limit();
  if (!cap) return cap.error();
  limits.max_unpacked = *cap;
  auto members = read_archive_kong_files(file, limits);
  if (!members) return members.error();
  std::map<std::string, std::vector<TreeEntry>> by_root;
  for (TreeEntry& member : *members) {
    size_t root = *kong_root_length(member.path);
    by_root[member.path.substr(0, root)].push_back({member.path.substr(root), std::move(member.bytes)});
  }
  auto holds = [&](const std::vector<TreeEntry>& entries, const std::string& prefix) {
    return std::any_of(entries.begin(), entries.end(),
                       [&](const TreeEntry& e) { return e.path.compare(0, prefix.size(), prefix) == 0; });
  };
  std::vector<std::string> roots;
  for (const auto& [root, entries] : by_root)
    if (holds(entries, "kong/templates/")) roots.push_back(root);
  if (roots.size() > 1) {  // a copy elsewhere: the one with meta.lua is Kong's installed tree
    std::vector<std::string> with_meta;
    for (const auto& root : roots)
      if (holds(by_root[root], "kong/meta.lua")) with_meta.push_back(root);
    if (with_meta.size() == 1) roots = with_meta;
  }
  if (roots.empty()) return Error{"'" + file + "' holds no kong/templates/: name " + kHolds};
  if (roots.size() > 1)
    return Error{"'" + file + "' holds Kong's templates in two places (/" + one_line(roots[0] + "kong", 120) + " and /" +
                 one_line(roots[1] + "kong", 120) + "): unpack it and name the folder you mean"};
  return std::move(by_root[roots.front()]);
}

}  // namespace

bool names_path_source(const std::string& spec) {
  if (spec.empty()) return false;
  if (spec[0] == '/' || spec.rfind("./", 0) == 0 || spec.rfind("../", 0) == 0 || spec == "." || spec == "..")
    return true;
  if (is_archive_name(spec)) return true;
  std::error_code ec;
  return spec.find('/') != std::string::npos && fs::exists(spec, ec);
}

Result<ResolvedVersion> resolve_path_source(const std::string& path) {
  std::error_code ec;
  auto status = fs::status(path, ec);
  if (ec || !fs::exists(status))
    return Error{"no such file or folder '" + path + "': name " + kHolds};
  bool folder = fs::is_directory(status);
  if (!folder && !fs::is_regular_file(status)) return Error{"'" + path + "' is not a file or folder: name " + kHolds};
  auto entries = folder ? read_folder(path) : read_package(path);
  if (!entries) return entries.error();

  ResolvedVersion resolved;
  auto tree = std::make_shared<FileTree>(path, std::move(*entries));
  std::optional<std::string> version;
  if (const std::string* meta = tree->bytes_at("kong/meta.lua")) version = meta_version(*meta);
  if (!version && !folder) version = file_name_version(path);
  resolved.label = version ? *version + " (" + path + ")" : path;
  if (version) resolved.version = Version::parse(*version);
  resolved.commit_id = "path:" + fs::absolute(path, ec).lexically_normal().string();
  resolved.tree = std::move(tree);
  return resolved;
}

}  // namespace kongtpl
