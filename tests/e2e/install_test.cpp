// What `cmake --install` and CPack deliver: the binary, a man page per
// command made from its --help, bash/zsh/fish completions where the shells
// look, and a .deb with the right metadata that installs and runs. The
// package is installed into the real system (dpkg -i, then removed again)
// only when KONGTPL_TEST_DPKG_INSTALL=1, as the README's test command sets;
// otherwise it is unpacked into a temporary root (dpkg -x).
#include <gtest/gtest.h>

#include <algorithm>

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace kongtpl {
namespace {

namespace fs = std::filesystem;
using testing::ProcessOptions;
using testing::ProcessResult;
using testing::read_file;
using testing::run_kongtpl;
using testing::run_process;
using testing::TempDir;

const std::string kBuild = KONGTPL_BUILD_DIR;

std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

/// The commands `kongtpl --help` lists (CLI11's "Subcommands:" section).
std::vector<std::string> commands_in_help() {
  ProcessResult help = run_kongtpl({"--help"});
  std::vector<std::string> commands;
  size_t at = help.out.find("\nSubcommands:\n");
  if (at == std::string::npos) return commands;
  std::istringstream in(help.out.substr(at + 1));
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line) && !line.empty()) commands.push_back(words(line).front());
  return commands;
}

/// `cmake --install` of the build into a fresh prefix.
class Installed : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    prefix_ = new TempDir();
    ProcessResult r = run_process({"cmake", "--install", kBuild, "--prefix", prefix_->path().string()});
    install_log_ = r.out + r.err;
    install_status_ = r.status;
  }
  static void TearDownTestSuite() {
    delete prefix_;
    prefix_ = nullptr;
  }
  void SetUp() override { ASSERT_EQ(0, install_status_) << install_log_; }
  static fs::path at(const std::string& relative) { return prefix_->path() / relative; }

  static TempDir* prefix_;
  static std::string install_log_;
  static int install_status_;
};
TempDir* Installed::prefix_ = nullptr;
std::string Installed::install_log_;
int Installed::install_status_ = -1;

TEST_F(Installed, TheBinaryRunsAndNamesItsVersion) {
  ProcessResult r = run_process({at("bin/kongtpl").string(), "--version"});
  EXPECT_EQ(0, r.status);
  EXPECT_EQ(0u, r.out.rfind("kongtpl " KONGTPL_PACKAGE_VERSION, 0)) << r.out;
}

TEST_F(Installed, EveryCommandHasAManPageMadeFromItsHelp) {
  if (!KONGTPL_HAVE_MAN_PAGES) FAIL() << "help2man was not found when the build was configured: apt-get install help2man";
  std::vector<std::string> commands = commands_in_help();
  ASSERT_GE(commands.size(), 10u);
  EXPECT_EQ(words(KONGTPL_MAN_COMMANDS).size(), commands.size()) << "cmake/install.cmake's list lags --help";
  ASSERT_TRUE(fs::exists(at("share/man/man1/kongtpl.1")));
  for (const std::string& command : commands) {
    fs::path page = at("share/man/man1/kongtpl-" + command + ".1");
    ASSERT_TRUE(fs::exists(page)) << page;
    std::string text = read_file(page);
    std::string upper = "KONGTPL-" + command;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_NE(std::string::npos, text.find(".TH " + upper + " ")) << page;
    EXPECT_NE(std::string::npos, text.find("kongtpl-" + command + " \\-")) << page;
    // Every long option --help shows appears on the page (roff writes '-' as "\-").
    ProcessResult help = run_kongtpl({command, "--help"});
    std::smatch m;
    std::string rest = help.out;
    int checked = 0;
    while (std::regex_search(rest, m, std::regex("--([a-z][a-z0-9-]+)"))) {
      std::string roff = "\\-\\-" + std::regex_replace(m[1].str(), std::regex("-"), "\\-");
      EXPECT_NE(std::string::npos, text.find(roff)) << command << ": " << m[0];
      ++checked;
      rest = m.suffix();
    }
    EXPECT_GT(checked, 0) << command;
  }
  // man itself reads the page, when it is installed.
  if (run_process({"sh", "-c", "command -v man"}).status == 0) {
    ProcessOptions plain;
    plain.env = {{"MANWIDTH", "80"}, {"MAN_KEEP_FORMATTING", "0"}};
    ProcessResult man = run_process({"man", "-l", at("share/man/man1/kongtpl-diff.1").string()}, plain);
    EXPECT_EQ(0, man.status) << man.err;
    EXPECT_NE(std::string::npos, man.out.find("ignore-all-space")) << man.out;
  }
}

TEST_F(Installed, BashCompletionLoadsAndCompletesCommandsOptionsAndVersions) {
  fs::path script = at("share/bash-completion/completions/kongtpl");
  ASSERT_TRUE(fs::exists(script));
  ProcessResult loaded = run_process({"bash", "-c", "source \"$1\" && complete -p kongtpl", "bash", script.string()});
  EXPECT_EQ(0, loaded.status) << loaded.err;
  EXPECT_EQ("complete -o bashdefault -o default -F _kongtpl kongtpl\n", loaded.out);

  // Call the function as bash would for a line, with the installed binary on PATH.
  auto complete = [&](const std::string& line) {
    ProcessOptions options;
    options.env = {{"PATH", at("bin").string() + ":" + std::getenv("PATH")}};
    options.unset_env = {"KONGTPL_REPO"};
    ProcessResult r = run_process(
        {"bash", "-c",
         "source \"$1\"; COMP_WORDS=($2); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); "
         "[[ $2 == *' ' ]] && { COMP_WORDS+=(''); COMP_CWORD=$(( COMP_CWORD + 1 )); }; "
         "_kongtpl; printf '%s\\n' \"${COMPREPLY[@]}\"",
         "bash", script.string(), line},
        options);
    return r.out;
  };
  EXPECT_EQ("diff\n", complete("kongtpl dif"));
  EXPECT_EQ("diff\n", complete("kongtpl --repo x dif"));
  std::string options = complete("kongtpl diff --name");
  EXPECT_EQ("--name-only\n--name-status\n", options);
  EXPECT_EQ("--zdiff3\n", complete("kongtpl merge --zd"));
  std::string versions = complete(std::string("kongtpl --repo ") + KONGTPL_FIXTURE_REPO + " diff 2.1");
  EXPECT_NE(std::string::npos, versions.find("2.10.0\n")) << versions;
  for (const std::string& v : words(versions)) EXPECT_EQ(0u, v.rfind("2.1", 0)) << v;
}

TEST_F(Installed, ZshAndFishCompletionsAreWhereTheShellsLookAndParse) {
  fs::path zsh = at("share/zsh/vendor-completions/_kongtpl");
  fs::path fish = at("share/fish/vendor_completions.d/kongtpl.fish");
  ASSERT_TRUE(fs::exists(zsh));
  ASSERT_TRUE(fs::exists(fish));
  EXPECT_EQ(0u, read_file(zsh).rfind("#compdef kongtpl\n", 0));
  for (const std::string& command : commands_in_help()) {
    EXPECT_NE(std::string::npos, read_file(zsh).find("'" + command + ":")) << command;
    EXPECT_NE(std::string::npos, read_file(fish).find("-a " + command + " ")) << command;
  }
  // Syntax checks need the shells; neither is a build dependency.
  if (run_process({"sh", "-c", "command -v zsh"}).status == 0) {
    ProcessResult r = run_process({"zsh", "-n", zsh.string()});
    EXPECT_EQ(0, r.status) << r.err;
  } else {
    std::cout << "[  NOTE    ] zsh is not installed: _kongtpl not syntax-checked\n";
  }
  if (run_process({"sh", "-c", "command -v fish"}).status == 0) {
    ProcessResult r = run_process({"fish", "--no-execute", fish.string()});
    EXPECT_EQ(0, r.status) << r.err;
  } else {
    std::cout << "[  NOTE    ] fish is not installed: kongtpl.fish not syntax-checked\n";
  }
}

/// One field of `dpkg -I` ("Depends: ...").
std::string control_field(const std::string& info, const std::string& field) {
  std::smatch m;
  if (!std::regex_search(info, m, std::regex("\\n " + field + ": ([^\\n]*)"))) return "";
  return m[1];
}

TEST(DebianPackage, BuildsWithItsDependenciesInstallsAndRuns) {
  if (run_process({"sh", "-c", "command -v dpkg-deb"}).status != 0) GTEST_SKIP() << "no dpkg-deb on this machine";
  TempDir out;
  ProcessResult cpack = run_process({"cpack", "-G", "DEB", "-B", out.path().string(), "--config",
                                     kBuild + "/CPackConfig.cmake"});
  ASSERT_EQ(0, cpack.status) << cpack.out << cpack.err;
  fs::path deb;
  for (const auto& entry : fs::directory_iterator(out.path()))
    if (entry.path().extension() == ".deb") deb = entry.path();
  ASSERT_FALSE(deb.empty()) << cpack.out;
  ProcessResult arch = run_process({"dpkg", "--print-architecture"});
  std::string architecture = words(arch.out).at(0);
  EXPECT_EQ("kongtpl_" KONGTPL_PACKAGE_VERSION "_" + architecture + ".deb", deb.filename().string());

  ProcessResult info = run_process({"dpkg-deb", "-I", deb.string()});
  ASSERT_EQ(0, info.status) << info.err;
  EXPECT_EQ("kongtpl", control_field(info.out, "Package"));
  EXPECT_EQ(KONGTPL_PACKAGE_VERSION, control_field(info.out, "Version"));
  EXPECT_EQ(architecture, control_field(info.out, "Architecture"));
  // GSSAPI and libssh2 are loaded only when a transfer needs them, so
  // dpkg-shlibdeps cannot see them: recommended by name.
  EXPECT_EQ("less, libgssapi-krb5-2, libssh2-1", control_field(info.out, "Recommends"));
  // Depends is what the binary links, as dpkg-shlibdeps finds it: the C
  // library always; what else depends on the link, and every listed library
  // must be a package that provides one of the binary's NEEDED libraries.
  std::string depends = control_field(info.out, "Depends");
  EXPECT_NE(std::string::npos, depends.find("libc6 (>=")) << depends;
  ProcessResult needed = run_process({"sh", "-c", "objdump -p \"$1\" | awk '/NEEDED/ {print $2}'", "sh", KONGTPL_BINARY});
  ProcessResult arch_triplet = run_process({"dpkg-architecture", "-qDEB_HOST_MULTIARCH"});
  const std::string multiarch = words(arch_triplet.out).empty() ? "" : words(arch_triplet.out)[0];
  for (const std::string& library : words(needed.out)) {
    // The package of this architecture that ships the library ("pkg:arch: /path").
    ProcessResult owner = run_process(
        {"sh", "-c", "dpkg -S \"*/$1/$2\" | head -1 | cut -d: -f1", "sh", multiarch, library});
    std::string package = words(owner.out).empty() ? "" : words(owner.out)[0];
    ASSERT_FALSE(package.empty()) << library << ": no package ships it";
    // A whole entry of the list: "pkg (>= v)", "pkg," or "pkg" at the end
    // (a package without a version constraint, as a sanitizer build's).
    std::vector<std::string> entries;
    for (size_t at = 0; at < depends.size();) {
      size_t comma = depends.find(',', at);
      std::string entry = depends.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
      entry.erase(0, entry.find_first_not_of(' '));
      entries.push_back(entry.substr(0, entry.find(' ')));
      at = comma == std::string::npos ? depends.size() : comma + 1;
    }
    EXPECT_NE(entries.end(), std::find(entries.begin(), entries.end(), package))
        << library << " from " << package << " missing in " << depends;
  }

  ProcessResult contents = run_process({"dpkg-deb", "-c", deb.string()});
  for (const std::string path : {"./usr/bin/kongtpl", "./usr/share/man/man1/kongtpl-diff.1",
                                 "./usr/share/bash-completion/completions/kongtpl",
                                 "./usr/share/zsh/vendor-completions/_kongtpl",
                                 "./usr/share/fish/vendor_completions.d/kongtpl.fish"})
    EXPECT_NE(std::string::npos, contents.out.find(path)) << path << "\n" << contents.out;

  // Unpacked into a temporary root: the packaged binary runs.
  TempDir root;
  ASSERT_EQ(0, run_process({"dpkg-deb", "-x", deb.string(), root.path().string()}).status);
  ProcessResult unpacked = run_process({root / "usr/bin/kongtpl", "--version"});
  EXPECT_EQ(0, unpacked.status);
  EXPECT_EQ(0u, unpacked.out.rfind("kongtpl " KONGTPL_PACKAGE_VERSION, 0)) << unpacked.out;
  ProcessResult works = run_process({root / "usr/bin/kongtpl", "--repo", KONGTPL_FIXTURE_REPO, "diff",
                                     "--quiet", "2.0.0", "2.10.0"});
  EXPECT_EQ(1, works.status) << works.err;

  const char* install = std::getenv("KONGTPL_TEST_DPKG_INSTALL");
  if (!install || std::string(install) != "1") {
    std::cout << "[  NOTE    ] dpkg -i skipped: set KONGTPL_TEST_DPKG_INSTALL=1 (as root) to install the package\n";
    return;
  }
  bool was_installed = run_process({"dpkg", "-s", "kongtpl"}).status == 0;
  ProcessResult installed = run_process({"dpkg", "-i", deb.string()});
  ASSERT_EQ(0, installed.status) << installed.out << installed.err;
  ProcessResult version = run_process({"/usr/bin/kongtpl", "--version"});
  EXPECT_EQ(0, version.status);
  EXPECT_EQ(0u, version.out.rfind("kongtpl " KONGTPL_PACKAGE_VERSION, 0)) << version.out;
  ProcessResult man = run_process({"man", "-w", "kongtpl-diff"});
  EXPECT_EQ(0u, man.out.rfind("/usr/share/man/man1/kongtpl-diff.1", 0)) << man.out << man.err;
  if (!was_installed) {
    EXPECT_EQ(0, run_process({"dpkg", "-r", "kongtpl"}).status);
  }
}

}  // namespace
}  // namespace kongtpl
