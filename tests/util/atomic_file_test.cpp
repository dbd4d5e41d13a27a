#include "util/atomic_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "support/process.hpp"

namespace kongtpl {
namespace {

using testing::read_file;
using testing::TempDir;
using testing::write_file;

mode_t mode_of(const std::string& path) {
  struct stat st {};
  ::stat(path.c_str(), &st);
  return st.st_mode & 07777;
}

size_t entries_in(const std::filesystem::path& dir) {
  size_t n = 0;
  for (auto& entry : std::filesystem::directory_iterator(dir)) {
    (void)entry;
    ++n;
  }
  return n;
}

TEST(AtomicFile, WritesNewFile) {
  TempDir dir;
  ASSERT_TRUE(write_file_atomically(dir / "out.conf", "hello\n").ok());
  EXPECT_EQ("hello\n", read_file(dir / "out.conf"));
  EXPECT_EQ(1u, entries_in(dir.path()));
}

TEST(AtomicFile, ReplacesKeepingPermissionsAndBackup) {
  TempDir dir;
  std::string path = dir / "custom.template";
  write_file(path, "old\n");
  ::chmod(path.c_str(), 0640);
  AtomicWriteOptions options;
  options.keep_backup = true;
  ASSERT_TRUE(write_file_atomically(path, "new\n", options).ok());
  EXPECT_EQ("new\n", read_file(path));
  EXPECT_EQ(0640u, mode_of(path));
  EXPECT_EQ("old\n", read_file(path + ".orig"));
}

TEST(AtomicFile, FullDiskLeavesFileUntouched) {
  TempDir dir;
  std::string path = dir / "custom.template";
  write_file(path, "precious\n");
  AtomicWriteOptions options;
  options.temporary_override = "/dev/full";
  Status status = write_file_atomically(path, std::string(1 << 16, 'x'), options);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(std::string::npos, status.error().message.find("No space left on device"));
  EXPECT_EQ("precious\n", read_file(path));
  EXPECT_EQ(1u, entries_in(dir.path()));
}

TEST(AtomicFile, MissingFolderIsAnError) {
  TempDir dir;
  Status status = write_file_atomically(dir / "no/such/folder/file", "x");
  ASSERT_FALSE(status.ok());
  EXPECT_NE(std::string::npos, status.error().message.find("cannot write"));
}

TEST(AtomicFile, RefusesToReplaceADirectory) {
  TempDir dir;
  std::filesystem::create_directory(dir / "sub");
  EXPECT_FALSE(write_file_atomically(dir / "sub", "x").ok());
  EXPECT_TRUE(std::filesystem::is_directory(dir / "sub"));
}

TEST(ReadWholeFile, ReportsMissingFile) {
  TempDir dir;
  auto r = read_whole_file(dir / "nope");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ("cannot read '" + (dir / "nope") + "': no such file", r.error().message);
}

}  // namespace
}  // namespace kongtpl
