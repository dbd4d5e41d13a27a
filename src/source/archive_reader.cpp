#include "source/archive_reader.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <memory>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

#include "source/kong_files.hpp"
#include "util/input_file.hpp"
#include "util/one_line.hpp"

namespace kongtpl {
namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string base_name(const std::string& path) { return path.substr(path.rfind('/') + 1); }

std::string mib(uint64_t bytes) {
  if (bytes % (uint64_t{1} << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes) + " bytes";
}

/// A member as read: a file kept, a link to resolve later, or a whiteout.
struct Member {
  enum class Kind { File, Symlink, Hardlink, Whiteout, Opaque } kind = Kind::File;
  std::string bytes;   // File
  std::string target;  // Symlink (as written), Hardlink (normalised)
};
using Layer = std::vector<std::pair<std::string, Member>>;  // archive order

/// One archive (or one nested archive) open for reading, freed on scope exit.
struct ArchiveHandle {
  archive* a = archive_read_new();
  ~ArchiveHandle() { archive_read_free(a); }
};

/// Registers the formats and filters kongtpl reads; an Error when libarchive
/// would run an external program for one (never: no shell-outs).
Status support_formats(archive* a) {
  using Support = int (*)(archive*);
  const std::pair<Support, const char*> filters[] = {
      {archive_read_support_filter_gzip, "gzip"}, {archive_read_support_filter_bzip2, "bzip2"},
      {archive_read_support_filter_xz, "xz"},     {archive_read_support_filter_lzma, "lzma"},
      {archive_read_support_filter_zstd, "zstd"}, {archive_read_support_filter_lz4, "lz4"},
      {archive_read_support_filter_rpm, "rpm"},   {archive_read_support_filter_compress, "compress"}};
  for (const auto& [support, name] : filters)
    if (support(a) != ARCHIVE_OK)
      return Error{std::string("this libarchive cannot unpack ") + name + " itself (it would run a program): " +
                   "install Debian's libarchive13"};
  const Support formats[] = {archive_read_support_format_tar, archive_read_support_format_ar,
                             archive_read_support_format_cpio, archive_read_support_format_zip};
  for (Support support : formats)
    if (support(a) != ARCHIVE_OK) return Error{std::string("libarchive: ") + archive_error_string(a)};
  return Status();
}

/// The components of a '/'-separated path, without empty ones and ".".
std::vector<std::string> components(const std::string& path) {
  std::vector<std::string> parts;
  for (size_t at = 0; at <= path.size();) {
    size_t slash = std::min(path.find('/', at), path.size());
    std::string part = path.substr(at, slash - at);
    at = slash + 1;
    if (!part.empty() && part != ".") parts.push_back(std::move(part));
  }
  return parts;
}

std::string joined(const std::vector<std::string>& parts) {
  std::string path;
  for (const auto& part : parts) path += (path.empty() ? "" : "/") + part;
  return path;
}

/// "a/./b//c" → "a/b/c"; an Error for an absolute path or a ".." component.
Result<std::string> normalised_member(const std::string& raw, const std::string& where) {
  auto refuse = [&](const std::string& why) {
    return Error{"refusing " + where + ": member '" + one_line(raw, 120) + "' " + why +
                 " (a package never holds such a member; is the file what you think it is?)"};
  };
  if (raw.empty()) return refuse("has an empty name");
  if (raw[0] == '/') return refuse("has an absolute path");
  auto parts = components(raw);
  if (std::find(parts.begin(), parts.end(), "..") != parts.end()) return refuse("escapes the archive with '..'");
  return joined(parts);  // "" for the archive's own folder ("./")
}

/// Archives inside an archive that hold files: deb's data.tar.*, image layers.
bool is_nested_archive(const std::string& path) {
  const std::string name = base_name(path);
  if (is_archive_name(name) && !ends_with(name, ".deb") && !ends_with(name, ".rpm")) return true;
  // An OCI image layout (docker save since 25): blobs/sha256/<digest>, no extension.
  return path.size() == 13 + 64 && path.compare(0, 13, "blobs/sha256/") == 0;
}

class Walker {
 public:
  Walker(std::string shown, const ArchiveLimits& limits) : shown_(std::move(shown)), limits_(limits) {}

  /// Reads every member of a into layer; depth 0 is the file itself.
  Status walk(archive* a, const std::string& where, int depth, Layer& layer);

  std::optional<std::string> manifest;           // docker save's manifest.json
  std::vector<std::pair<std::string, Layer>> nested;  // archives inside, in archive order

  /// Counts bytes unpacked; an Error once past the cap.
  Status charge(uint64_t bytes) {
    unpacked_ += bytes;
    if (unpacked_ > limits_.max_unpacked)
      return Error{"refusing " + shown_ + ": it unpacks to more than " + mib(limits_.max_unpacked) +
                   " (a decompression bomb?); set KONGTPL_MAX_ARCHIVE_SIZE to raise the cap"};
    return Status();
  }

 private:
  /// Reads the current member's data: into bytes when keep (at most
  /// max_file), else drained and counted.
  Status read_data(archive* a, const std::string& path, std::string* bytes);
  Status walk_nested(archive* outer, const std::string& path, int depth);

  std::string shown_;
  const ArchiveLimits& limits_;
  uint64_t unpacked_ = 0;
  uint64_t members_ = 0;
};

Status Walker::read_data(archive* a, const std::string& path, std::string* bytes) {
  char chunk[1 << 16];
  for (;;) {
    la_ssize_t n = archive_read_data(a, chunk, sizeof chunk);
    if (n < 0) return Error{"cannot read " + shown_ + " (" + one_line(path, 120) + "): " + archive_error_string(a)};
    if (n == 0) return Status();
    if (Status s = charge(static_cast<uint64_t>(n)); !s) return s;
    if (!bytes) continue;
    if (bytes->size() + static_cast<uint64_t>(n) > limits_.max_file)
      return Error{"refusing " + shown_ + ": " + one_line(path, 120) + " is larger than " + mib(limits_.max_file) +
                   ", which no Kong source file is"};
    bytes->append(chunk, static_cast<size_t>(n));
  }
}

/// Feeds a nested archive from its outer member's data, counting every byte.
struct NestedPipe {
  archive* outer;
  Walker* walker;
  Status cap;  // set when the size cap stopped the read
  char buffer[1 << 16];
};

la_ssize_t read_nested(archive* inner, void* context, const void** out) {
  auto* pipe = static_cast<NestedPipe*>(context);
  la_ssize_t n = archive_read_data(pipe->outer, pipe->buffer, sizeof pipe->buffer);
  if (n < 0) {
    archive_set_error(inner, EIO, "%s", archive_error_string(pipe->outer));
    return -1;
  }
  if (Status s = pipe->walker->charge(static_cast<uint64_t>(n)); !s) {
    pipe->cap = s;
    archive_set_error(inner, EIO, "size cap reached");
    return -1;
  }
  *out = pipe->buffer;
  return n;
}

Status Walker::walk_nested(archive* outer, const std::string& path, int depth) {
  ArchiveHandle inner;
  if (Status s = support_formats(inner.a); !s) return s;
  auto pipe = std::make_unique<NestedPipe>();
  pipe->outer = outer;
  pipe->walker = this;
  if (archive_read_open(inner.a, pipe.get(), nullptr, read_nested, nullptr) != ARCHIVE_OK) {
    if (!pipe->cap) return pipe->cap;
    return read_data(outer, path, nullptr);  // not an archive after all (an image's config blob)
  }
  Layer layer;
  Status walked = walk(inner.a, shown_ + " (" + one_line(path, 120) + ")", depth, layer);
  if (!pipe->cap) return pipe->cap;
  if (!walked) return walked;
  nested.emplace_back(path, std::move(layer));
  return read_data(outer, path, nullptr);  // what the inner archive left unread
}

Status Walker::walk(archive* a, const std::string& where, int depth, Layer& layer) {
  for (;;) {
    archive_entry* entry = nullptr;
    int status = archive_read_next_header(a, &entry);
    if (status == ARCHIVE_EOF) return Status();
    if (status < ARCHIVE_WARN) return Error{"cannot read " + where + ": " + archive_error_string(a)};
    if (++members_ > limits_.max_members)
      return Error{"refusing " + shown_ + ": more than " + std::to_string(limits_.max_members) + " members"};
    const char* raw = archive_entry_pathname(entry);
    auto path = normalised_member(raw ? raw : "", where);
    if (!path) return path.error();
    if (path->empty()) continue;
    const char* hardlink = archive_entry_hardlink(entry);
    const std::string name = base_name(*path);
    const bool kong = kong_root_length(*path).has_value();
    const std::string dir = path->size() > name.size() ? path->substr(0, path->size() - name.size() - 1) : "";

    if (name.rfind(".wh.", 0) == 0) {  // an image layer's whiteout
      Member m;
      m.kind = name == ".wh..wh..opq" ? Member::Kind::Opaque : Member::Kind::Whiteout;
      layer.emplace_back(m.kind == Member::Kind::Opaque ? dir : (dir.empty() ? "" : dir + "/") + name.substr(4),
                         std::move(m));
    } else if (hardlink) {
      auto target = normalised_member(hardlink, where);
      if (!target) return target.error();
      if (kong) layer.emplace_back(*path, Member{Member::Kind::Hardlink, {}, *target});
    } else if (archive_entry_filetype(entry) == AE_IFLNK) {
      const char* target = archive_entry_symlink(entry);
      if (kong) layer.emplace_back(*path, Member{Member::Kind::Symlink, {}, target ? target : ""});
    } else if (archive_entry_filetype(entry) == AE_IFREG) {
      if (depth == 0 && *path == "manifest.json") {
        std::string bytes;
        if (Status s = read_data(a, *path, &bytes); !s) return s;
        manifest = std::move(bytes);
      } else if (kong) {
        Member m;
        if (Status s = read_data(a, *path, &m.bytes); !s) return s;
        layer.emplace_back(*path, std::move(m));
      } else if (is_nested_archive(*path) && depth < limits_.max_depth) {
        if (Status s = walk_nested(a, *path, depth + 1); !s) return s;
      } else if (Status s = read_data(a, *path, nullptr); !s) {
        return s;
      }
    }
  }
}

/// Lays layer over files: whiteouts first (they hide lower layers only), then its members.
void overlay(std::map<std::string, Member>& files, const Layer& layer) {
  auto erase_under = [&](const std::string& dir) {
    std::string prefix = dir.empty() ? "" : dir + "/";
    for (auto it = files.lower_bound(prefix); it != files.end() && it->first.compare(0, prefix.size(), prefix) == 0;)
      it = files.erase(it);
  };
  for (const auto& [path, member] : layer) {
    if (member.kind == Member::Kind::Opaque) erase_under(path);
    if (member.kind == Member::Kind::Whiteout) {
      files.erase(path);
      erase_under(path);
    }
  }
  for (const auto& [path, member] : layer)
    if (member.kind != Member::Kind::Opaque && member.kind != Member::Kind::Whiteout) files[path] = member;
}

/// The layers of a docker save archive, bottom first, from its manifest.
Result<std::vector<std::string>> manifest_layers(const std::string& manifest, const std::string& shown) {
  auto json = nlohmann::json::parse(manifest, nullptr, false);
  if (json.is_discarded() || !json.is_array() || json.empty() || !json[0].is_object() ||
      !json[0].contains("Layers") || !json[0]["Layers"].is_array())
    return Error{"cannot read " + shown + ": its manifest.json is not a docker save manifest"};
  std::vector<std::string> layers;
  for (const auto& layer : json[0]["Layers"]) {
    if (!layer.is_string()) return Error{"cannot read " + shown + ": its manifest.json lists a layer that is no name"};
    auto path = normalised_member(layer.get<std::string>(), shown + "'s manifest.json");
    if (!path) return path.error();
    layers.push_back(*path);
  }
  return layers;
}

/// The bytes a link finally names, following links inside the archive.
Result<std::string> resolve_link(const std::map<std::string, Member>& files, const std::string& path,
                                 const std::string& shown) {
  constexpr int kMaxHops = 40;  // as the kernel's ELOOP limit
  std::string at = path;
  for (int hop = 0; hop <= kMaxHops; ++hop) {
    auto it = files.find(at);
    if (it == files.end())
      return Error{"cannot read " + shown + ": " + one_line(path, 120) + " links to " + one_line(at, 120) +
                   ", which is not among the Kong files it holds"};
    const Member& m = it->second;
    if (m.kind == Member::Kind::File) return m.bytes;
    if (m.kind == Member::Kind::Hardlink) {
      at = m.target;
      continue;
    }
    // A symlink: relative to its folder, or to the archive's root when absolute.
    size_t slash = at.rfind('/');
    std::string base = m.target.rfind('/', 0) == 0 || slash == std::string::npos ? "" : at.substr(0, slash);
    std::vector<std::string> parts;
    for (std::string& part : components(base + "/" + m.target)) {
      if (part != "..") {
        parts.push_back(std::move(part));
      } else if (parts.empty()) {
        return Error{"refusing " + shown + ": link " + one_line(at, 120) + " -> " + one_line(m.target, 120) + " escapes the archive"};
      } else {
        parts.pop_back();
      }
    }
    at = joined(parts);
  }
  return Error{"refusing " + shown + ": " + one_line(path, 120) + " is a symlink loop (more than 40 links)"};
}

}  // namespace

Result<uint64_t> archive_size_limit() {
  return size_from_environment("KONGTPL_MAX_ARCHIVE_SIZE", kDefaultArchiveLimit);
}

bool is_archive_name(const std::string& name) {
  for (const char* suffix : {".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.zst", ".tar.bz2", ".tbz2",
                             ".tar.lz4", ".deb", ".rpm", ".rock", ".zip"})
    if (ends_with(name, suffix)) return true;
  return false;
}

Result<std::vector<TreeEntry>> read_archive_kong_files(const std::string& file, const ArchiveLimits& limits) {
  ArchiveHandle handle;
  if (Status s = support_formats(handle.a); !s) return s.error();
  if (archive_read_open_filename(handle.a, file.c_str(), 1 << 16) != ARCHIVE_OK)
    return Error{"cannot read '" + file + "' as an archive: " + archive_error_string(handle.a) +
                 " (kongtpl reads .tar, .tar.gz, .deb, .rpm, .rock and docker save archives)"};
  Walker walker("'" + file + "'", limits);
  Layer top;
  if (Status s = walker.walk(handle.a, "'" + file + "'", 0, top); !s) return s.error();

  std::map<std::string, Member> files;
  overlay(files, top);
  if (walker.manifest) {
    auto layers = manifest_layers(*walker.manifest, "'" + file + "'");
    if (!layers) return layers.error();
    for (const std::string& name : *layers) {
      const Layer* layer = nullptr;
      for (const auto& [path, held] : walker.nested)
        if (path == name) layer = &held;
      if (!layer) return Error{"cannot read '" + file + "': its manifest lists layer " + name + ", which it lacks"};
      overlay(files, *layer);
    }
  } else {
    for (const auto& [path, layer] : walker.nested) overlay(files, layer);
  }

  std::vector<TreeEntry> entries;
  for (const auto& [path, member] : files) {
    if (member.kind == Member::Kind::File) {
      entries.push_back({path, member.bytes});
      continue;
    }
    auto bytes = resolve_link(files, path, "'" + file + "'");
    if (!bytes) return bytes.error();
    entries.push_back({path, std::move(*bytes)});
  }
  return entries;
}

}  // namespace kongtpl
