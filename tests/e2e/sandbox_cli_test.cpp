// Hostile template modules through the real binary: lint, detect and apply
// stop each one in under 2 s with one clear line, and a module that uses a
// Lua pattern is refused by kongtpl, not reported as unloadable by Kong.
#include <gtest/gtest.h>

#include <sys/resource.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "support/process.hpp"

namespace kongtpl::testing {
namespace {

namespace fs = std::filesystem;

// CPU time used by finished children: a loaded machine stretches wall-clock
// time, not this.
std::chrono::microseconds children_cpu() {
  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);
  return std::chrono::seconds(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         std::chrono::microseconds(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

const std::string kSandbox = std::string(KONGTPL_SOURCE_DIR) + "/fixtures/sandbox/";

TEST(SandboxCli, EveryHostileModuleStopsFastWithOneLine) {
  TempDir dir;
  size_t checked = 0;
  for (const auto& entry : fs::directory_iterator(kSandbox)) {
    // Copied under Kong's name, so every command reads it as a module.
    std::string module = dir / "nginx_kong.lua";
    fs::copy_file(entry.path(), module, fs::copy_options::overwrite_existing);
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"lint", module},
          std::vector<std::string>{"--repo", KONGTPL_FIXTURE_REPO, "detect", module},
          std::vector<std::string>{"--repo", KONGTPL_FIXTURE_REPO, "apply", "--from", "1.0.0", "--to", "2.0.0",
                                   module}}) {
      ProcessOptions outside;
      outside.cwd = dir.path().string();
      auto start = children_cpu();
      ProcessResult r = run_kongtpl(args, outside);
      auto elapsed = children_cpu() - start;
      EXPECT_LT(elapsed, std::chrono::seconds(2)) << entry.path() << " " << args[args.size() > 2 ? 2 : 0];
      EXPECT_NE(0, r.status) << entry.path();
      // One line about the module (lint may add a note that names were not checked).
      std::string said = r.out + r.err;
      size_t lines = 0;
      for (size_t at = said.find(module); at != std::string::npos; at = said.find(module, at + 1)) ++lines;
      EXPECT_EQ(1u, lines) << entry.path() << ": " << said;
    }
    ++checked;
  }
  EXPECT_GE(checked, 9u);
}

TEST(SandboxCli, PatternsAreKongtplsRefusalNotKongs) {
  TempDir dir;
  std::string module = dir / "nginx_kong.lua";
  write_file(module, "local s = ('x'):gsub('x', 'y')\nreturn [[\nworker_processes 1;\n]]\n");
  ProcessOptions outside;
  outside.cwd = dir.path().string();
  ProcessResult r = run_kongtpl({"lint", module}, outside);
  EXPECT_NE(0, r.status);
  std::string said = r.out + r.err;
  EXPECT_NE(std::string::npos, said.find("kongtpl refuses Lua patterns in modules (string.gsub)")) << said;
  EXPECT_EQ(std::string::npos, said.find("Kong could not load")) << said;
}

}  // namespace
}  // namespace kongtpl::testing
