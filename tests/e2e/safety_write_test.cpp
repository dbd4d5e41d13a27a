// What `apply --write` / `merge --write` / -o promise when writing fails:
// the user's file stays exactly as it was. Each failure is real: a full
// tmpfs, a folder the (unprivileged) process cannot write, a SIGKILL in the
// middle of a run on a large input, stdout on /dev/full.
#include <gtest/gtest.h>

#include <signal.h>
#include <spawn.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "e2e/apply_support.hpp"

namespace kongtpl::e2e {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::write_file;

const std::string kFrom = "1.2.0";
const std::string kTo = "2.10.0";

/// True when a name is one of kongtpl's temporaries for `file` (or its .orig).
bool is_temporary_of(const std::string& name, const std::string& file) {
  std::regex pattern("^\\." + std::regex_replace(file, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)") +
                     "(\\.orig)?\\.kongtpl-[A-Za-z0-9]{6}$");
  return std::regex_match(name, pattern);
}

/// The identity of a file on disk: replaced files get a new inode.
struct Identity {
  ino_t inode = 0;
  timespec mtime{};
  bool operator==(const Identity& o) const {
    return inode == o.inode && mtime.tv_sec == o.mtime.tv_sec && mtime.tv_nsec == o.mtime.tv_nsec;
  }
};
Identity identity_of(const std::string& path) {
  struct stat st {};
  ::stat(path.c_str(), &st);
  return {st.st_ino, st.st_mtim};
}

/// Starts argv with stdout and stderr sent to files; returns the pid.
pid_t spawn(const std::vector<std::string>& argv, const std::string& out, const std::string& err) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> copy = argv;
  std::vector<char*> args;
  for (auto& a : copy) args.push_back(a.data());
  args.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) ADD_FAILURE() << "cannot start " << argv[0];
  return pid;
}

int wait_for(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/// A small tmpfs mounted on a fresh folder (root only), unmounted at the end.
class SmallFilesystem {
 public:
  explicit SmallFilesystem(size_t bytes) {
    mount_point_ = dir_ / "fs";
    fs::create_directory(mount_point_);
    std::string options = "size=" + std::to_string(bytes);
    mounted_ = ::mount("tmpfs", mount_point_.c_str(), "tmpfs", 0, options.c_str()) == 0;
    if (!mounted_) why_ = std::strerror(errno);
  }
  ~SmallFilesystem() {
    if (mounted_) ::umount2(mount_point_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  const std::string& why() const { return why_; }
  std::string operator/(const std::string& name) const { return mount_point_ + "/" + name; }
  const std::string& path() const { return mount_point_; }

  /// Fills every free byte with 4 KiB files filler-N; returns how many.
  int fill() {
    int n = 0;
    const std::string page(4096, 'x');
    for (;; ++n) {
      std::string name = *this / ("filler-" + std::to_string(n));
      int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd < 0) break;
      ssize_t w = ::write(fd, page.data(), page.size());
      ::close(fd);
      if (w != static_cast<ssize_t>(page.size())) {
        ::unlink(name.c_str());
        break;
      }
    }
    // Small writes may still fit in a partly used block: take those too.
    std::ofstream crumbs(*this / "filler-crumbs", std::ios::binary);
    for (int i = 0; i < 65536 && crumbs.put('x'); ++i) crumbs.flush();
    return n;
  }

 private:
  TempDir dir_;
  std::string mount_point_;
  bool mounted_ = false;
  std::string why_;
};

TEST(SafetyDiskFull, WriteAndOutputOnAFullFilesystemLeaveEverythingAsItWas) {
  SmallFilesystem small(256 * 1024);
  if (!small.mounted())
    GTEST_SKIP() << "cannot mount a tmpfs here (" << small.why() << "); the full-disk test needs root and mount";
  const std::string file = small / "custom_nginx.template";
  write_file(file, read_file(kCustom + "composite-4space.template"));
  const std::string original = read_file(file);
  const Identity before = identity_of(file);
  small.fill();
  const auto names = names_in(small.path());

  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"--write", file},
                                             {"--write", "--no-backup", file},
                                             {"-o", small / "new.template", file},
                                             {"--write", "--report", small / "report.json", file}}) {
    ProcessResult r = apply(kFrom, kTo, args);
    const std::string what = ::testing::PrintToString(args);
    EXPECT_EQ(2, r.status) << what << ": " << r.err;
    auto err = stderr_lines(r);
    ASSERT_FALSE(err.empty()) << what;
    EXPECT_NE(std::string::npos, r.err.find("No space left on device")) << what << ": " << r.err;
    EXPECT_EQ(original, read_file(file)) << what;
    EXPECT_TRUE(before == identity_of(file)) << what << ": the file was replaced";
    EXPECT_EQ(names, names_in(small.path())) << what;
  }
}

TEST(SafetyDiskFull, NoRoomForTheBackupLeavesTheFileAndNoHalfBackup) {
  SmallFilesystem small(256 * 1024);
  if (!small.mounted())
    GTEST_SKIP() << "cannot mount a tmpfs here (" << small.why() << "); the full-disk test needs root and mount";
  const std::string file = small / "custom_nginx.template";
  const std::string original = read_file(kCustom + "composite-4space.template");  // ~5 KiB: 2 pages
  write_file(file, original);
  ProcessResult expected = apply(kFrom, kTo, {file});
  ASSERT_EQ(0, expected.status) << expected.err;
  ASSERT_GT(expected.out.size(), 4096u);
  ASSERT_LE(expected.out.size(), 8192u);
  ASSERT_GT(original.size(), 4096u);
  const int fillers = small.fill();
  ASSERT_GT(fillers, 2);
  // Room for the merged temporary (2 pages), none left for the backup.
  fs::remove(small / "filler-crumbs");
  fs::remove(small / "filler-0");
  fs::remove(small / "filler-1");
  const auto names = names_in(small.path());

  ProcessResult r = apply(kFrom, kTo, {"--write", file});
  EXPECT_EQ(2, r.status) << r.err;
  EXPECT_EQ(1u, stderr_lines(r).size() - 1) << r.err;  // the layout line, then the failure
  EXPECT_NE(std::string::npos, r.err.find("left unchanged")) << r.err;
  EXPECT_EQ(original, read_file(file));
  EXPECT_EQ(names, names_in(small.path()));

  // Without a backup the same room is enough.
  ProcessResult no_backup = apply(kFrom, kTo, {"--write", "--no-backup", file});
  EXPECT_EQ(0, no_backup.status) << no_backup.err;
  EXPECT_EQ(expected.out, read_file(file));
}

TEST(SafetyDevFull, StdoutOnAFullDeviceIsTrouble) {
  TempDir dir;
  write_file(dir / "ours", "a\nb\nc\n");
  write_file(dir / "base", "a\nb\nc\n");
  write_file(dir / "theirs", "a\nB\nc\n");
  pid_t pid = spawn({KONGTPL_BINARY, "merge", dir / "ours", dir / "base", dir / "theirs"}, "/dev/full", dir / "err");
  EXPECT_EQ(2, wait_for(pid));
  EXPECT_NE(std::string::npos, read_file(dir / "err").find("cannot write to standard output: No space left on device"))
      << read_file(dir / "err");

  ProcessResult to_device = run_kongtpl({"merge", "-o", "/dev/full", dir / "ours", dir / "base", dir / "theirs"});
  EXPECT_EQ(2, to_device.status);
  EXPECT_EQ(1u, stderr_lines(to_device).size()) << to_device.err;
}

/// Runs the binary as nobody (uid 65534) when we are root, so permission
/// bits apply; "" when that is impossible (the test then skips).
std::string unprivileged_skip_reason() {
  if (::geteuid() != 0) return "";
  if (::access("/usr/bin/setpriv", X_OK) != 0 && ::access("/bin/setpriv", X_OK) != 0)
    return "running as root without setpriv: root ignores permission bits, so a read-only folder cannot be tested";
  return "";
}

ProcessResult run_unprivileged(std::vector<std::string> args, const std::string& home) {
  args.insert(args.begin(), KONGTPL_BINARY);
  if (::geteuid() == 0)
    args.insert(args.begin(), {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"});
  ProcessOptions options;
  options.env = {{"HOME", home}, {"NO_COLOR", "1"}, {"XDG_CACHE_HOME", home + "/cache"}};
  options.unset_env = {"KONGTPL_REPO"};
  return run_process(args, options);
}

TEST(SafetyReadOnlyFolder, NothingIsWrittenAndTheFileIsKept) {
  if (std::string why = unprivileged_skip_reason(); !why.empty()) GTEST_SKIP() << why;
  TempDir dir;
  // The user's folder: readable by everyone, writable by root only.
  const std::string folder = dir / "ro";
  fs::create_directory(folder);
  const std::string home = dir / "home";
  fs::create_directory(home);
  fs::permissions(dir.path(), fs::perms(0755));
  fs::permissions(home, fs::perms(0777));
  const std::string file = folder + "/custom_nginx.template";
  write_file(file, read_file(kCustom + "composite-4space.template"));
  write_file(folder + "/base", "a\nb\n");
  write_file(folder + "/theirs", "a\nc\n");
  write_file(folder + "/ours", "a\nb\n");
  for (const std::string name : {"custom_nginx.template", "base", "theirs", "ours"})
    fs::permissions(folder + "/" + name, fs::perms(0644));
  if (::geteuid() != 0) fs::permissions(folder, fs::perms(0555));
  // A repository the unprivileged user owns (libgit2 refuses others' repositories).
  const std::string repo = dir / "kong.git";
  ASSERT_EQ(0, git({"clone", "--quiet", "--bare", kRepo, repo}).status);
  if (::geteuid() == 0) {
    ASSERT_EQ(0, run_process({"chown", "-R", "65534:65534", repo}).status);
  }
  const std::string original = read_file(file);
  const auto names = names_in(folder);

  struct Case {
    std::string what;
    std::vector<std::string> args;
  };
  const std::vector<Case> cases = {
      {"apply --write", {"--repo", repo, "apply", "--from", kFrom, "--to", kTo, "--write", file}},
      {"apply -o", {"--repo", repo, "apply", "--from", kFrom, "--to", kTo, "-o", folder + "/new", file}},
      {"merge --write", {"merge", "--write", folder + "/ours", folder + "/base", folder + "/theirs"}},
      {"merge --write --no-backup",
       {"merge", "--write", "--no-backup", folder + "/ours", folder + "/base", folder + "/theirs"}},
  };
  for (const Case& c : cases) {
    ProcessResult r = run_unprivileged(c.args, home);
    EXPECT_EQ(2, r.status) << c.what << ": " << r.err;
    EXPECT_NE(std::string::npos, r.err.find("Permission denied")) << c.what << ": " << r.err;
    EXPECT_EQ("", r.out) << c.what;
    EXPECT_EQ(original, read_file(file)) << c.what;
    EXPECT_EQ("a\nb\n", read_file(folder + "/ours")) << c.what;
    EXPECT_EQ(names, names_in(folder)) << c.what;
  }
  // The same command works where the user may write: the failures above were the folder's.
  const std::string writable = dir / "rw";
  fs::create_directory(writable);
  fs::permissions(writable, fs::perms(0777));
  fs::copy_file(file, writable + "/custom_nginx.template");
  fs::permissions(writable + "/custom_nginx.template", fs::perms(0666));
  ProcessResult ok = run_unprivileged(
      {"--repo", repo, "apply", "--from", kFrom, "--to", kTo, "--write", writable + "/custom_nginx.template"}, home);
  EXPECT_EQ(0, ok.status) << ok.err;
}

/// A large triple (nginx-shaped lines, both sides editing every few hundred lines).
struct LargeTriple {
  std::string ours, base, theirs;
  explicit LargeTriple(int lines) {
    for (int i = 0; i < lines; ++i) {
      std::string line;
      switch (i % 6) {
        case 0: line = "server {"; break;
        case 1: line = "    listen " + std::to_string(8000 + i % 1000) + ";"; break;
        case 2: line = "    location /p" + std::to_string(i) + " {"; break;
        case 3: line = "        proxy_pass http://u" + std::to_string(i % 97) + ";"; break;
        case 4: line = "    }"; break;
        default: line = "}"; break;
      }
      base += line + "\n";
      ours += (i % 500 == 100 ? "    # mine " + std::to_string(i) : line) + "\n";
      theirs += (i % 500 == 350 ? "    # upstream " + std::to_string(i) : line) + "\n";
    }
  }
};

TEST(SafetyKilled, SigkillAtAnyMomentLeavesTheOldFileOrTheNewOne) {
  TempDir dir;
  LargeTriple triple(120000);
  const std::string ours = dir / "ours.conf", base = dir / "base", theirs = dir / "theirs";
  write_file(base, triple.base);
  write_file(theirs, triple.theirs);
  const std::vector<std::string> argv = {KONGTPL_BINARY, "merge", "--write", "--no-lint", ours, base, theirs};

  // One full run: how long it takes and what it writes.
  write_file(ours, triple.ours);
  auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(0, wait_for(spawn(argv, dir / "out", dir / "err"))) << read_file(dir / "err");
  const auto took = std::chrono::steady_clock::now() - start;
  const std::string merged = read_file(ours);
  ASSERT_NE(triple.ours, merged);
  ASSERT_EQ(triple.ours, read_file(ours + ".orig"));

  int killed = 0, left_temporaries = 0;
  for (int step = 1; step <= 12; ++step) {
    for (const auto& entry : fs::directory_iterator(dir.path()))
      if (entry.path().filename() != "base" && entry.path().filename() != "theirs") fs::remove(entry.path());
    write_file(ours, triple.ours);
    pid_t pid = spawn(argv, dir / "out", dir / "err");
    // The write comes last: aim most kills at the end of the run (50% to 105%).
    std::this_thread::sleep_for(took * (50 + 55 * step / 12) / 100);
    ::kill(pid, SIGKILL);
    if (wait_for(pid) == 128 + SIGKILL) ++killed;

    const std::string now = read_file(ours);
    EXPECT_TRUE(now == triple.ours || now == merged) << "step " << step << ": ours.conf is neither old nor new ("
                                                     << now.size() << " bytes)";
    for (const std::string& name : names_in(dir.path())) {
      if (name == "base" || name == "theirs" || name == "ours.conf" || name == "out" || name == "err") continue;
      if (name == "ours.conf.orig") {
        EXPECT_EQ(triple.ours, read_file(dir / name)) << "step " << step << ": a partial backup";
        continue;
      }
      EXPECT_TRUE(is_temporary_of(name, "ours.conf")) << "step " << step << ": unexpected " << name;
      ++left_temporaries;
    }
  }
  // Now aim at the write itself: kill as soon as the temporary appears.
  int caught_writing = 0;
  for (int attempt = 0; attempt < 5 && caught_writing == 0; ++attempt) {
    for (const auto& entry : fs::directory_iterator(dir.path()))
      if (entry.path().filename() != "base" && entry.path().filename() != "theirs") fs::remove(entry.path());
    write_file(ours, triple.ours);
    pid_t pid = spawn(argv, dir / "out", dir / "err");
    int status = 0;
    bool seen = false;
    while (!seen && ::waitpid(pid, &status, WNOHANG) == 0) {
      for (const std::string& name : names_in(dir.path()))
        if (is_temporary_of(name, "ours.conf")) seen = true;
    }
    if (seen) {
      ::kill(pid, SIGKILL);
      if (wait_for(pid) == 128 + SIGKILL) ++caught_writing;
    }
    // The kill may land just before or just after the rename: old or new, never a mix.
    const std::string now = read_file(ours);
    EXPECT_TRUE(now == triple.ours || now == merged) << "attempt " << attempt << ": " << now.size() << " bytes";
    for (const std::string& name : names_in(dir.path())) {
      if (name.rfind(".", 0) == 0) {
        EXPECT_TRUE(is_temporary_of(name, "ours.conf")) << name;
      }
    }
  }
  // Some kills must land while the process runs, or the test tested nothing.
  EXPECT_GT(killed, 0);
  std::printf("SafetyKilled: %s\n", caught_writing ? "one run killed while its temporary was being written"
                                                    : "no run caught while writing (the write window is short)");
  std::printf("SafetyKilled: %d of 12 runs killed mid-way, %d temporaries left behind (all named .ours.conf.kongtpl-*)\n",
              killed, left_temporaries);

  // Leftover temporaries never stop the next run.
  write_file(ours, triple.ours);
  write_file(dir / ".ours.conf.kongtpl-AAAAAA", "stale");
  ASSERT_EQ(0, wait_for(spawn(argv, dir / "out", dir / "err"))) << read_file(dir / "err");
  EXPECT_EQ(merged, read_file(ours));
}

TEST(SafetyConflicts, ConflictingWriteLeavesTheFileByteIdentical) {
  TempDir dir;
  const std::string file = dir / "stream.template";
  write_file(file, read_file(kCustom + "stream-bare.template"));
  fs::permissions(file, fs::perms(0604));
  const std::string original = read_file(file);
  const Identity before = identity_of(file);
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"--write", file}, {"--write", "--no-backup", file}, {"--write", "--conflict=diff3", file}}) {
    ProcessResult r = apply(kFrom, kTo, args);
    EXPECT_EQ(1, r.status) << r.err;
    EXPECT_EQ(original, read_file(file));
    EXPECT_TRUE(before == identity_of(file)) << "the file was replaced";
    EXPECT_EQ(0604u, mode_of(file));
    EXPECT_EQ((std::vector<std::string>{"stream.template", "stream.template.merged"}), names_in(dir.path()));
    EXPECT_EQ(1, count_markers(read_file(file + ".merged"), "<<<<<<<"));
  }
}

TEST(SafetyBackup, AnUnwritableBackupStopsTheWrite) {
  TempDir dir;
  const std::string file = dir / "custom_nginx.template";
  write_file(file, read_file(kCustom + "composite-4space.template"));
  fs::create_directory(file + ".orig");  // a folder where the backup should go
  const std::string original = read_file(file);
  ProcessResult r = apply(kFrom, kTo, {"--write", file});
  EXPECT_EQ(2, r.status) << r.err;
  EXPECT_NE(std::string::npos, r.err.find("left unchanged")) << r.err;
  EXPECT_EQ(original, read_file(file));
  EXPECT_EQ((std::vector<std::string>{"custom_nginx.template", "custom_nginx.template.orig"}), names_in(dir.path()));
}

}  // namespace
}  // namespace kongtpl::e2e
