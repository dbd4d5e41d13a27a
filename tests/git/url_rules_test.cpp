// URL classification, redaction, cache names and transport refusal.
#include <gtest/gtest.h>

#include "git/url.hpp"
#include "support/process.hpp"

namespace kongtpl {
namespace {

TEST(IsRemoteUrl, SchemesAreUrls) {
  EXPECT_TRUE(is_remote_url("https://github.com/Kong/kong.git"));
  EXPECT_TRUE(is_remote_url("ssh://git@github.com/Kong/kong.git"));
  EXPECT_TRUE(is_remote_url("git://127.0.0.1:9418/kong.git"));
  EXPECT_TRUE(is_remote_url("file:///srv/git/kong.git"));
}

TEST(IsRemoteUrl, ScpLikeOnlyWithoutSlashBeforeColon) {
  EXPECT_TRUE(is_remote_url("git@github.com:Kong/kong.git"));
  EXPECT_TRUE(is_remote_url("github.com:Kong/kong.git"));
  EXPECT_TRUE(is_remote_url("git@[::1]:kong.git"));
  EXPECT_FALSE(is_remote_url("./dir:with/colon"));
  EXPECT_FALSE(is_remote_url("some/dir:kong"));
  EXPECT_FALSE(is_remote_url("/abs/path:x"));
}

TEST(IsRemoteUrl, PlainPathsAndDrivesAreNotUrls) {
  EXPECT_FALSE(is_remote_url(""));
  EXPECT_FALSE(is_remote_url("kong"));
  EXPECT_FALSE(is_remote_url("../kong.git"));
  EXPECT_FALSE(is_remote_url("C:\\src\\kong"));
  EXPECT_FALSE(is_remote_url("C:/src/kong"));
  EXPECT_FALSE(is_remote_url("host:"));  // nothing after the colon
}

TEST(IsRemoteUrl, AnExistingPathIsNeverAUrl) {
  testing::TempDir dir;
  std::string odd = dir / "host:kong";
  std::filesystem::create_directories(odd);
  // Relative to the current directory it would look scp-like; as it exists, it is a path.
  EXPECT_FALSE(is_remote_url(odd));
  auto previous = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  EXPECT_FALSE(is_remote_url("host:kong"));
  EXPECT_TRUE(is_remote_url("other:kong"));
  std::filesystem::current_path(previous);
}

TEST(IsRemoteUrl, TransportFormsAreUrlsSoTheyGetRefused) {
  EXPECT_TRUE(is_remote_url("ext::sh -c touch% /tmp/pwned"));
  EXPECT_TRUE(is_remote_url("fd::17"));
}

TEST(CheckUrlAllowed, AcceptsFetchTransports) {
  EXPECT_TRUE(check_url_allowed("https://github.com/Kong/kong.git").ok());
  EXPECT_TRUE(check_url_allowed("http://mirror.local/kong.git").ok());
  EXPECT_TRUE(check_url_allowed("ssh://git@github.com/Kong/kong.git").ok());
  EXPECT_TRUE(check_url_allowed("git://127.0.0.1:9418/kong.git").ok());
  EXPECT_TRUE(check_url_allowed("file:///srv/git/kong.git").ok());
  EXPECT_TRUE(check_url_allowed("git@github.com:Kong/kong.git").ok());
}

TEST(CheckUrlAllowed, RefusesCommandTransports) {
  Status ext = check_url_allowed("ext::sh -c touch% /tmp/pwned");
  ASSERT_FALSE(ext.ok());
  EXPECT_EQ(ext.error().message,
            "refusing the 'ext::' transport in ext::sh -c touch% /tmp/pwned: it runs commands; use an https://, "
            "ssh://, git:// or file:// URL, or a local path");
  Status fd = check_url_allowed("fd::3,4");
  ASSERT_FALSE(fd.ok());
  EXPECT_NE(fd.error().message.find("'fd::'"), std::string::npos);
  Status helper = check_url_allowed("persistent-https::https://example.com/kong.git");
  ASSERT_FALSE(helper.ok());
  EXPECT_NE(helper.error().message.find("'persistent-https::'"), std::string::npos);
}

TEST(CheckUrlAllowed, RefusesOtherSchemesOptionHostsAndControlCharacters) {
  Status ftp = check_url_allowed("ftp://example.com/kong.git");
  ASSERT_FALSE(ftp.ok());
  EXPECT_EQ(ftp.error().message,
            "unsupported URL scheme 'ftp' in ftp://example.com/kong.git: use https://, ssh://, git://, file:// or "
            "user@host:path");
  EXPECT_FALSE(check_url_allowed("ssh://-oProxyCommand=touch%20x/kong.git").ok());
  EXPECT_FALSE(check_url_allowed("-oProxyCommand=x:kong.git").ok());
  EXPECT_FALSE(check_url_allowed("https://github.com/Kong/kong.git\nx").ok());
  EXPECT_FALSE(check_url_allowed("https:///kong.git").ok());
  EXPECT_FALSE(check_url_allowed("https://github.com").ok());
}

TEST(Redact, RemovesCredentials) {
  EXPECT_EQ(redact("https://user:s3cret@github.com/Kong/kong.git"), "https://github.com/Kong/kong.git");
  EXPECT_EQ(redact("https://ghp_token@github.com/Kong/kong.git"), "https://github.com/Kong/kong.git");
  EXPECT_EQ(redact("ssh://git:pw@host:2222/kong.git"), "ssh://host:2222/kong.git");
  EXPECT_EQ(redact("https://user:pa/ss@host/kong.git"), "https://host/kong.git");
  EXPECT_EQ(redact("https://u:p@ss@host/kong.git"), "https://host/kong.git");
}

TEST(Redact, RemovesQueryTokensAndScpPasswords) {
  EXPECT_EQ(redact("https://host/kong.git?token=s3cret"), "https://host/kong.git?token=***");
  EXPECT_EQ(redact("https://host/k.git?ref=main&access_token=s3cret#x"), "https://host/k.git?ref=main&access_token=***#x");
  EXPECT_EQ(redact("user:s3cret@host:Kong/kong.git"), "host:Kong/kong.git");
  // Found by fuzz_url: the password used to be read as the path.
  EXPECT_EQ(std::string::npos, cache_name_for("user:s3cret@host:Kong/kong.git").find("s3cret"));
  EXPECT_EQ(cache_name_for("git@host:Kong/kong.git"), cache_name_for("user:s3cret@host:Kong/kong.git"));
  // An '@' in the path is not where the credential ends (found by fuzz_url).
  EXPECT_EQ("https://example.org/p@th/x.git", redact("https://Zq9SECRETz7Wk@example.org/p@th/x.git"));
  EXPECT_EQ(std::string::npos, redact("https://user:pw@example.org/p@th/x.git").find("pw"));
  EXPECT_EQ(std::string::npos, redact("user:s3cret@example.org:p@th://git").find("s3cret"));
  EXPECT_EQ(std::string::npos, cache_name_for("user:s3cret@example.org:").find("s3cret"));
  EXPECT_EQ(std::string::npos, cache_name_for("user:Zq9SECRETz7Wk@example.org:p@th/x.git").find("SECRET"));
  EXPECT_EQ(cache_name_for("git@example.org:p@th/x.git"), cache_name_for("user:s3cret@example.org:p@th/x.git"));
  EXPECT_EQ(std::string::npos, cache_name_for("user:pa@ss@host:Kong/kong.git").find("pa"));
  EXPECT_EQ(cache_name_for("https://host/kong.git"), cache_name_for("https://host/kong.git?token=s3cret"));
  EXPECT_EQ(redact_text("cannot clone 'user:s3cret@host:k.git?Private_Token=s3cret': no"),
            "cannot clone 'host:k.git?Private_Token=***': no");
}

TEST(Redact, KeepsWhatIsNotSecret) {
  EXPECT_EQ(redact("https://github.com/Kong/kong.git"), "https://github.com/Kong/kong.git");
  EXPECT_EQ(redact("ssh://git@github.com/Kong/kong.git"), "ssh://git@github.com/Kong/kong.git");
  EXPECT_EQ(redact("git@github.com:Kong/kong.git"), "git@github.com:Kong/kong.git");
  EXPECT_EQ(redact("https://host:8443/scope/@pkg/kong.git"), "https://host:8443/scope/@pkg/kong.git");
}

TEST(RedactText, CleansEveryUrlInAMessage) {
  EXPECT_EQ(redact_text("failed to resolve address for 'https://a:b@x.org/k.git' and http://tok@y.org/z: ok"),
            "failed to resolve address for 'https://x.org/k.git' and http://y.org/z: ok");
  EXPECT_EQ(redact_text("no URL here"), "no URL here");
}

TEST(CacheName, ReadableSafeAndStable) {
  std::string name = cache_name_for("https://github.com/Kong/kong.git");
  ASSERT_EQ(name.size(), std::string("github.com-Kong-kong-").size() + 8);
  EXPECT_TRUE(name.starts_with("github.com-Kong-kong-")) << name;
  EXPECT_EQ(name, cache_name_for("https://github.com/Kong/kong.git"));
}

TEST(CacheName, SameRepositorySameName) {
  std::string name = cache_name_for("https://github.com/Kong/kong.git");
  EXPECT_EQ(name, cache_name_for("https://github.com/Kong/kong"));
  EXPECT_EQ(name, cache_name_for("https://user:secret@github.com/Kong/kong.git/"));
  EXPECT_EQ(name, cache_name_for("https://GitHub.com/Kong/kong.git"));
  EXPECT_EQ(name, cache_name_for("git@github.com:Kong/kong.git"));
  EXPECT_EQ(name, cache_name_for("ssh://git@github.com/Kong/kong.git"));
}

TEST(CacheName, DifferentRepositoriesDiffer) {
  EXPECT_NE(cache_name_for("https://github.com/Kong/kong.git"), cache_name_for("https://github.com/kong/kong.git"));
  EXPECT_NE(cache_name_for("https://github.com/Kong/kong.git"), cache_name_for("https://github.com/Kong-kong.git"));
  EXPECT_NE(cache_name_for("git://127.0.0.1:9418/kong.git"), cache_name_for("git://127.0.0.1:9419/kong.git"));
}

TEST(CacheName, NeverCredentialsOrUnsafeCharacters) {
  for (std::string url : {"https://user:secret@github.com/Kong/kong.git", "file:///srv/../../etc/kong.git",
                          "git://127.0.0.1:9418/a b/c?d.git", "git@[::1]:kong.git", "https://x/.."}) {
    std::string name = cache_name_for(url);
    SCOPED_TRACE(url + " -> " + name);
    EXPECT_EQ(name.find("secret"), std::string::npos);
    EXPECT_EQ(name.find('/'), std::string::npos);
    EXPECT_EQ(name.find(".."), std::string::npos);
    EXPECT_NE(name.front(), '.');
    EXPECT_NE(name.front(), '-');
    for (char c : name) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_');
  }
  EXPECT_TRUE(cache_name_for("file:///srv/git/kong.git").starts_with("file-srv-git-kong-"));
  EXPECT_TRUE(cache_name_for("git://127.0.0.1:9418/kong.git").starts_with("127.0.0.1-9418-kong-"));
}

}  // namespace
}  // namespace kongtpl
