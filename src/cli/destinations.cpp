#include "cli/destinations.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "cli/output.hpp"
#include "util/atomic_file.hpp"

namespace kongtpl {
namespace {

// A file the merge would write, and what it is to the user.
struct Destination {
  std::string path;
  std::string role;
};

bool read_only(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return false;
  // Root passes access(2) anyway; the mode bits say what the owner meant.
  return (st.st_mode & 0222) == 0 || ::access(path.c_str(), W_OK) != 0;
}

}  // namespace

bool same_file(const std::string& a, const std::string& b) {
  if (a == "-" || b == "-") return a == b;
  struct stat sa {}, sb {};
  if (::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0)
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
  std::error_code ea, eb;
  auto ca = std::filesystem::weakly_canonical(std::filesystem::absolute(a), ea);
  auto cb = std::filesystem::weakly_canonical(std::filesystem::absolute(b), eb);
  return !ea && !eb && ca == cb;
}

Status check_destinations(const DeliveryOptions& o, const std::vector<std::string>& inputs) {
  if (!o.write && o.force) return Error{"--force only makes sense with --write"};
  if (!o.write && !o.keep_backup) return Error{"--no-backup only makes sense with --write"};
  if (o.write && o.file == "-")
    return Error{"--write needs a file to replace, not standard input (use -o OUT or standard output)"};

  std::vector<Destination> written;
  if (o.write) {
    written.push_back({o.file, "the file --write replaces"});
    written.push_back({o.file + ".merged", "where --write puts a conflicted result"});
    if (o.keep_backup) written.push_back({o.file + ".orig", "the backup --write keeps"});
  } else if (!o.output.empty() && o.output != "-" && !o.check) {
    for (const std::string& input : inputs)
      if (same_file(o.output, input))
        return Error{"refusing -o '" + o.output + "': it is the input '" + input +
                     "' (use --write to replace it in place, keeping a .orig)"};
    written.push_back({o.output, "the -o output"});
  }
  if (o.report_path == "-") {
    if (!o.check && !o.report_only && !o.write && (o.output.empty() || o.output == "-"))
      return Error{"the report can go to standard output ('-') only when the merged file does not: add -o OUT, "
                   "--write or --check, or give --report a file name"};
  } else if (!o.report_path.empty()) {
    for (const std::string& input : inputs)
      if (same_file(o.report_path, input))
        return Error{"refusing --report '" + o.report_path + "': it is the input '" + input + "'"};
    for (const Destination& d : written)
      if (same_file(o.report_path, d.path))
        return Error{"refusing --report '" + o.report_path + "': it is " + d.role};
  }

  // FILE itself and -o are checked now; FILE.orig and FILE.merged when
  // written (a failure there still leaves FILE unchanged).
  if (!o.check && !written.empty())
    if (Status s = Output(written.front().path).check_writable(); !s) return s;
  if (Status s = Output(o.report_path).check_writable(); !s) return s;
  if (o.write)
    if (auto target = replaceable_target(o.file, true); !target) return target.error();
  if (o.write && !o.force && read_only(o.file))
    return Error{"'" + o.file + "' is read-only; rerun with --force to replace it anyway"};
  return Status();
}

}  // namespace kongtpl
