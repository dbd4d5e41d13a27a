// Reading Kong's files out of archives written by the test through
// libarchive: every format gives the same files, image layers overlay in
// manifest order, and every hostile archive is refused with one line.
#include "source/archive_reader.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "source/kong_files.hpp"
#include "source/package_version.hpp"
#include "support/archive_writer.hpp"
#include "support/process.hpp"

namespace kongtpl {
namespace {

using testing::ArchiveKind;
using testing::ArchiveMember;
using testing::write_archive;

const std::string kRoot = "usr/local/share/lua/5.1/";

std::string write_file(const testing::TempDir& dir, const std::string& name, const std::string& bytes) {
  std::string path = dir / name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::map<std::string, std::string> as_map(const std::vector<TreeEntry>& entries) {
  std::map<std::string, std::string> files;
  for (const auto& e : entries) files[e.path] = e.bytes;
  return files;
}

std::vector<ArchiveMember> kong_members(const std::string& root) {
  return {{root + "kong/templates/nginx.lua", "return [[\nworker_processes 1;\n]]\n"},
          {root + "kong/templates/nginx_kong.lua", "return [[\nserver {}\n]]\n"},
          {root + "kong/meta.lua", "local version = setmetatable({\n  major = 3,\n  minor = 4,\n  patch = 1,\n}, {})\n"},
          {root + "kong/init.lua", "-- not read"},
          {"usr/local/bin/kong", std::string(100000, 'x')}};
}

TEST(ArchiveReader, EveryFormatYieldsTheSameKongFilesAndSkipsTheRest) {
  testing::TempDir dir;
  std::map<std::string, std::string> expected;
  for (const auto& m : kong_members(kRoot))
    if (kong_root_length(m.path)) expected[m.path] = m.bytes;
  ASSERT_EQ(expected.size(), 3u);
  for (auto [kind, name] : {std::pair{ArchiveKind::Tar, "k.tar"}, std::pair{ArchiveKind::TarGz, "k.tar.gz"},
                            std::pair{ArchiveKind::Zip, "k.rock"}}) {
    std::string path = write_file(dir, name, write_archive(kong_members(kRoot), kind));
    auto files = read_archive_kong_files(path, {});
    ASSERT_TRUE(files) << name << ": " << files.error().message;
    EXPECT_EQ(as_map(*files), expected) << name;
  }
}

TEST(ArchiveReader, NestedArchivesAreOpenedInMemory) {
  // A source rock: a zip holding the source tarball.
  testing::TempDir dir;
  std::string inner = write_archive(kong_members("kong-3.4.1/"), ArchiveKind::TarGz);
  std::string path = write_file(dir, "kong-3.4.1-0.src.rock",
                                write_archive({{"kong-3.4.1-0.rockspec", "package = 'kong'"}, {"kong-3.4.1.tar.gz", inner}},
                                              ArchiveKind::Zip));
  auto files = read_archive_kong_files(path, {});
  ASSERT_TRUE(files) << files.error().message;
  EXPECT_EQ(as_map(*files).count("kong-3.4.1/kong/templates/nginx_kong.lua"), 1u);
}

TEST(ArchiveReader, ImageLayersOverlayInManifestOrderWithWhiteouts) {
  testing::TempDir dir;
  std::string bottom = write_archive({{kRoot + "kong/templates/nginx.lua", "bottom"},
                                      {kRoot + "kong/templates/nginx_kong.lua", "bottom"},
                                      {kRoot + "kong/templates/gone.lua", "bottom"}},
                                     ArchiveKind::Tar);
  std::string top = write_archive({{kRoot + "kong/templates/nginx_kong.lua", "top"},
                                   {kRoot + "kong/templates/.wh.gone.lua", ""}},
                                  ArchiveKind::Tar);
  // The outer archive lists the top layer first: only the manifest gives the order.
  std::string manifest = R"([{"Config":"c.json","RepoTags":["kong:3.4"],"Layers":["aaa/layer.tar","bbb/layer.tar"]}])";
  std::string path = write_file(dir, "image.tar",
                                write_archive({{"bbb/layer.tar", top}, {"aaa/layer.tar", bottom},
                                               {"c.json", "{}"}, {"manifest.json", manifest}},
                                              ArchiveKind::Tar));
  auto files = read_archive_kong_files(path, {});
  ASSERT_TRUE(files) << files.error().message;
  auto map = as_map(*files);
  EXPECT_EQ(map[kRoot + "kong/templates/nginx_kong.lua"], "top");
  EXPECT_EQ(map[kRoot + "kong/templates/nginx.lua"], "bottom");
  EXPECT_EQ(map.count(kRoot + "kong/templates/gone.lua"), 0u);
}

TEST(ArchiveReader, LinksInsideTheArchiveAreFollowed) {
  testing::TempDir dir;
  std::string path = write_file(
      dir, "links.tar",
      write_archive({{kRoot + "kong/templates/nginx.lua", "real"},
                     {kRoot + "kong/templates/nginx_kong.lua", "", "nginx.lua"},
                     {kRoot + "kong/templates/nginx_kong_stream.lua", "", "", kRoot + "kong/templates/nginx.lua"}},
                    ArchiveKind::Tar));
  auto files = read_archive_kong_files(path, {});
  ASSERT_TRUE(files) << files.error().message;
  auto map = as_map(*files);
  EXPECT_EQ(map[kRoot + "kong/templates/nginx_kong.lua"], "real");
  EXPECT_EQ(map[kRoot + "kong/templates/nginx_kong_stream.lua"], "real");
}

/// The error reading an archive of these members gives (it must fail).
std::string refusal(const std::vector<ArchiveMember>& members, ArchiveKind kind = ArchiveKind::Tar,
                    ArchiveLimits limits = {}) {
  testing::TempDir dir;
  std::string path = write_file(dir, kind == ArchiveKind::Zip ? "x.rock" : "x.tar", write_archive(members, kind));
  auto files = read_archive_kong_files(path, limits);
  if (files) return "";
  EXPECT_EQ(files.error().message.find('\n'), std::string::npos);
  return files.error().message;
}

TEST(ArchiveReader, HostileArchivesAreRefused) {
  EXPECT_NE(refusal({{"/etc/kong/templates/nginx.lua", "x"}}).find("absolute path"), std::string::npos);
  EXPECT_NE(refusal({{"a/../../kong/templates/nginx.lua", "x"}}).find("escapes the archive"), std::string::npos);
  // An escape is refused whatever the member is and whatever the format.
  EXPECT_NE(refusal({{"../outside", "x"}}, ArchiveKind::Zip).find("escapes"), std::string::npos);
  EXPECT_NE(refusal({{"kong/templates/a.lua", "", "b.lua"}, {"kong/templates/b.lua", "", "a.lua"}}).find("symlink loop"),
            std::string::npos);
  EXPECT_NE(refusal({{"kong/templates/self.lua", "", "self.lua"}}).find("symlink loop"), std::string::npos);
  EXPECT_NE(refusal({{"kong/templates/a.lua", "", "../../../../etc/passwd"}}).find("escapes the archive"),
            std::string::npos);
}

TEST(ArchiveReader, DecompressionBombsStopAtTheCap) {
  // 64 MiB of zeros gzip to about 64 KiB; a 1 MiB cap stops the read early.
  ArchiveLimits limits;
  limits.max_unpacked = 1 << 20;
  std::string message = refusal({{"zeros.bin", std::string(64 << 20, '\0')}, {kRoot + "kong/templates/x.lua", "x"}},
                                ArchiveKind::TarGz, limits);
  EXPECT_NE(message.find("more than 1 MiB"), std::string::npos) << message;
  EXPECT_NE(message.find("KONGTPL_MAX_ARCHIVE_SIZE"), std::string::npos) << message;
  // Nested: the bomb inside a layer counts as well.
  testing::TempDir dir;
  std::string inner = write_archive({{"zeros.bin", std::string(64 << 20, '\0')}}, ArchiveKind::TarGz);
  std::string path = write_file(dir, "outer.tar", write_archive({{"layer.tar.gz", inner}}, ArchiveKind::Tar));
  auto files = read_archive_kong_files(path, limits);
  ASSERT_FALSE(files);
  EXPECT_NE(files.error().message.find("more than 1 MiB"), std::string::npos) << files.error().message;
}

TEST(ArchiveReader, TheCapComesFromTheEnvironment) {
  ::setenv("KONGTPL_MAX_ARCHIVE_SIZE", "8M", 1);
  auto cap = archive_size_limit();
  ::setenv("KONGTPL_MAX_ARCHIVE_SIZE", "lots", 1);
  auto bad = archive_size_limit();
  ::unsetenv("KONGTPL_MAX_ARCHIVE_SIZE");
  ASSERT_TRUE(cap);
  EXPECT_EQ(*cap, uint64_t{8} << 20);
  EXPECT_FALSE(bad);
  EXPECT_EQ(*archive_size_limit(), kDefaultArchiveLimit);
}

TEST(PackageVersion, MetaLuaAndFileNames) {
  EXPECT_EQ(meta_version("local version = setmetatable({\n  major = 3,\n  minor = 4,\n  patch = 2,\n  --suffix = \"-alpha.13\"\n}, {"),
            "3.4.2");
  EXPECT_EQ(meta_version("local version = setmetatable({\n  major = 3,\n  minor = 10,\n  patch = 0,\n  ee_patch = 2,\n}, {"),
            "3.10.0.2");
  EXPECT_EQ(meta_version("local version = setmetatable({\n  major = 0,\n  minor = 10,\n  patch = 0,\n  pre_release = \"rc1\"\n}, {"),
            "0.10.0rc1");
  EXPECT_EQ(meta_version("return {}"), std::nullopt);
  EXPECT_EQ(file_name_version("/tmp/kong-enterprise-edition_3.10.0.2_amd64.deb"), "3.10.0.2");
  EXPECT_EQ(file_name_version("kong_3.4.1_all.deb"), "3.4.1");
  EXPECT_EQ(file_name_version("kong.tar.gz"), std::nullopt);
}

}  // namespace
}  // namespace kongtpl
