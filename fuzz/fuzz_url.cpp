// URL parsing and redaction. The input is a URL template: each '\x01' in it
// becomes a secret, placed where credentials go (user:SECRET@, ?token=SECRET,
// scp-like user:SECRET@host:path). Property: no printed form (redact,
// redact_text of a message, the refusal messages, the cache name) holds it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_input.hpp"
#include "git/url.hpp"

using namespace kongtpl;

namespace {

constexpr const char* kSecret = "Zq9SECRETz7Wk";

void expect_hidden(const std::string& printed, const std::string& url) {
  if (printed.find(kSecret) != std::string::npos) fuzz::property_failed("a credential was printed", url + " -> " + printed);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  std::string_view rest = fuzz::bytes_of(data + 1, size - 1);
  std::string body;
  for (char c : rest)
    if (c != '\x01') body.push_back(c);
  // Free-form: nothing to check but that nothing crashes.
  std::string free(rest);
  (void)is_remote_url(free);
  (void)check_url_allowed(free);
  (void)cache_name_for(free);
  (void)redact_text(free);

  // The same text with a credential where credentials go.
  const std::string host = "example.org";
  std::string url;
  (void)rest;
  switch (data[0] % 5) {
    case 0: url = "https://user:" + std::string(kSecret) + "@" + host + "/" + body; break;
    case 1: url = "https://" + std::string(kSecret) + "@" + host + "/" + body; break;
    case 2: url = "https://" + host + "/" + body + "?token=" + kSecret; break;
    case 3: url = "https://" + host + "/" + body + "?x=1&access_token=" + kSecret; break;
    default: url = "user:" + std::string(kSecret) + "@" + host + ":" + body; break;
  }
  // A boundary character (space, quote, ...) or a query/fragment mark in the
  // path would end the URL or its credential where a reader would too.
  if (body.find_first_of(std::string(" \t\n\r\v\f'\"<>`#?&;\0", 16)) != std::string::npos) return 0;
  // The secret written into the path itself is no credential.
  if (body.find(kSecret) != std::string::npos) return 0;
  expect_hidden(redact(url), url);
  expect_hidden(redact_text("cannot clone '" + url + "': failed"), url);
  if (Status s = check_url_allowed(url); !s) expect_hidden(s.error().message, url);
  expect_hidden(cache_name_for(url), url);
  return 0;
}
