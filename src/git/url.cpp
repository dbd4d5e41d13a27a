#include "git/url.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <iterator>
#include <optional>
#include <string_view>

namespace kongtpl {
namespace {

/// The pieces of a URL that naming and checking need.
struct UrlParts {
  std::string scheme;  ///< lowercase; empty for scp-like user@host:path
  bool scp_like = false;
  std::string host;    ///< without brackets
  std::string port;
  std::string path;
};

bool is_scheme_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

/// Length of a leading "<transport>::" (git's remote-helper syntax), or 0.
size_t transport_prefix(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && is_scheme_char(s[i])) ++i;
  if (i == 0 || s.substr(i, 2) != "::") return 0;
  return i;
}

/// Length of a leading "scheme" followed by "://", or 0.
size_t scheme_length(std::string_view s) {
  if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0]))) return 0;
  size_t i = 1;
  while (i < s.size() && is_scheme_char(s[i])) ++i;
  return s.substr(i, 3) == "://" ? i : 0;
}

/// Position of the colon of a scp-like "[user@]host:path", or npos. As git
/// does: only when no slash comes before that colon; brackets may hide
/// colons ("[::1]:repo"). A single letter before it is a drive ("C:\x").
size_t scp_colon(std::string_view s) {
  bool in_brackets = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '[') in_brackets = true;
    else if (c == ']') in_brackets = false;
    else if (c == '/' || c == '\\') return std::string_view::npos;
    else if (c == ':' && !in_brackets) {
      if (i < 2 || i + 1 >= s.size()) return std::string_view::npos;
      return i;
    }
  }
  return std::string_view::npos;
}

/// Splits "host[:port]" (host may be bracketed) into its parts.
void split_host_port(std::string_view hostport, UrlParts& parts) {
  if (!hostport.empty() && hostport[0] == '[') {
    size_t close = hostport.find(']');
    if (close != std::string_view::npos) {
      parts.host = std::string(hostport.substr(1, close - 1));
      if (close + 1 < hostport.size() && hostport[close + 1] == ':')
        parts.port = std::string(hostport.substr(close + 2));
      return;
    }
  }
  size_t colon = hostport.rfind(':');
  if (colon == std::string_view::npos) {
    parts.host = std::string(hostport);
  } else {
    parts.host = std::string(hostport.substr(0, colon));
    parts.port = std::string(hostport.substr(colon + 1));
  }
}

std::optional<UrlParts> parse_url(std::string_view url) {
  UrlParts parts;
  if (size_t n = scheme_length(url)) {
    parts.scheme = lowercase(url.substr(0, n));
    std::string_view rest = url.substr(n + 3);
    size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    parts.path = slash == std::string_view::npos ? "" : std::string(rest.substr(slash));
    size_t at = authority.rfind('@');
    if (at != std::string_view::npos) authority = authority.substr(at + 1);
    split_host_port(authority, parts);
    return parts;
  }
  if (transport_prefix(url)) return std::nullopt;
  // "user:password@host:path": the host starts after the last '@' before any
  // '/' that a host:path follows (a password may hold '@', and so may the
  // path: "user:pw@host:p@th"); else the colon is the first one.
  std::string_view head = url.substr(0, url.find('/'));
  for (size_t at_sign = head.rfind('@'); at_sign != std::string_view::npos;
       at_sign = at_sign == 0 ? std::string_view::npos : head.rfind('@', at_sign - 1)) {
    if (scp_colon(url.substr(at_sign + 1)) != std::string_view::npos) {
      url = url.substr(at_sign + 1);
      break;
    }
  }
  size_t colon = scp_colon(url);
  if (colon == std::string_view::npos) return std::nullopt;
  parts.scp_like = true;
  std::string_view left = url.substr(0, colon);
  size_t at = left.rfind('@');
  if (at != std::string_view::npos) left = left.substr(at + 1);
  if (left.size() >= 2 && left.front() == '[' && left.back() == ']') left = left.substr(1, left.size() - 2);
  parts.host = std::string(left);
  parts.path = std::string(url.substr(colon + 1));
  return parts;
}

/// Keeps [A-Za-z0-9._-], turns runs of anything else (and dots next to
/// dashes or dots) into one '-', and trims
/// '-' and '.' from both ends (no hidden or "." / ".." names).
std::string filesystem_safe(std::string_view s) {
  std::string out;
  for (char c : s) {
    bool keep = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
    char next = keep ? c : '-';
    // ".." and "-." carry no meaning in a name; keep them out of it.
    if (next == '.' && !out.empty() && (out.back() == '.' || out.back() == '-')) next = '-';
    if (next == '-' && !out.empty() && out.back() == '.') out.pop_back();
    if (next == '-' && !out.empty() && out.back() == '-') continue;
    out.push_back(next);
  }
  while (!out.empty() && (out.front() == '-' || out.front() == '.')) out.erase(out.begin());
  while (!out.empty() && (out.back() == '-' || out.back() == '.')) out.pop_back();
  return out;
}

/// FNV-1a: stable across runs and platforms, enough to separate names.
uint64_t fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

bool is_boundary(char c) {
  return std::isspace(static_cast<unsigned char>(c)) || c == '\'' || c == '"' || c == '<' ||
         c == '>' || c == '`';
}

}  // namespace

bool is_remote_url(const std::string& spec) {
  if (spec.empty()) return false;
  std::error_code ec;
  if (std::filesystem::exists(spec, ec)) return false;
  if (transport_prefix(spec) || scheme_length(spec)) return true;
  return scp_colon(spec) != std::string::npos;
}

Status check_url_allowed(const std::string& url) {
  for (unsigned char c : url)
    if (c < 0x20 || c == 0x7f)
      return Error{"the repository URL contains control characters; check --repo"};
  if (size_t n = transport_prefix(url))
    return Error{"refusing the '" + url.substr(0, n) + "::' transport in " + redact(url) +
                 ": it runs commands; use an https://, ssh://, git:// or file:// URL, or a local path"};
  auto parts = parse_url(url);
  if (!parts) return Error{redact(url) + " is not a repository URL; use an https://, ssh://, git:// or file:// URL"};
  static const char* const allowed[] = {"https", "http", "ssh", "git", "file", "git+ssh", "ssh+git"};
  if (!parts->scp_like && std::find_if(std::begin(allowed), std::end(allowed),
                   [&](const char* s) { return parts->scheme == s; }) == std::end(allowed))
    return Error{"unsupported URL scheme '" + parts->scheme + "' in " + redact(url) +
                 ": use https://, ssh://, git://, file:// or user@host:path"};
  if (parts->scheme != "file" && parts->host.empty())
    return Error{redact(url) + " names no host; write it as https://HOST/PATH or user@HOST:PATH"};
  // An option-like host ("-oProxyCommand=...") is how ssh URLs run commands.
  if (!parts->host.empty() && parts->host.front() == '-')
    return Error{"refusing " + redact(url) + ": its host starts with '-'"};
  if (parts->path.empty() || parts->path == "/")
    return Error{redact(url) + " names no repository path; add it, e.g. https://github.com/Kong/kong.git"};
  return {};
}

std::string cache_name_for(const std::string& given) {
  // Named from the URL as it may be printed: whatever redaction takes out
  // (a credential, however oddly placed) can never reach the folder name.
  const std::string url = redact_text(given);
  auto parts = parse_url(url);
  if (!parts) return "repo-" + filesystem_safe(std::to_string(fnv1a(url)));
  // A query or fragment (which may carry a token) is no part of the name.
  std::string path = parts->path.substr(0, parts->path.find_first_of("?#"));
  while (!path.empty() && path.back() == '/') path.pop_back();
  if (path.size() > 4 && path.ends_with(".git")) path.resize(path.size() - 4);
  while (!path.empty() && path.front() == '/') path.erase(path.begin());
  std::string host = lowercase(parts->host);
  if (!parts->port.empty()) host += ":" + parts->port;
  // The key leaves out scheme and user: the same repository reached over
  // https or ssh, with or without credentials, shares one cache.
  std::string key = host + "/" + path;
  std::string readable = filesystem_safe((host.empty() ? (parts->scp_like ? "local" : parts->scheme) : host) + "-" + path);
  if (readable.size() > 64) readable = readable.substr(readable.size() - 64);
  readable = filesystem_safe(readable);
  if (readable.empty()) readable = "repo";
  char hash[9];
  std::snprintf(hash, sizeof hash, "%08x", static_cast<unsigned>(fnv1a(key) & 0xffffffffu));
  return readable + "-" + hash;
}

std::string redact(const std::string& url) { return redact_text(url); }

namespace {

/// Query parameters whose value is a secret (compared without case).
bool is_secret_parameter(std::string_view name) {
  static const char* const kSecret[] = {"token",  "access_token", "private_token", "password", "passwd",
                                        "secret", "client_secret", "api_key",     "apikey",   "key",
                                        "auth",   "sig",          "signature",     "pass",     "pwd"};
  std::string lower = lowercase(name);
  return std::any_of(std::begin(kSecret), std::end(kSecret), [&](const char* s) { return lower == s; });
}

/// One boundary-delimited word with "?name=SECRET" values replaced by "***"
/// and a scp-like "user:password@host:path" without its "user:password@".
std::string redact_word(std::string_view word) {
  std::string out;
  size_t query = word.find('?');
  std::string_view head = word.substr(0, query);
  // A scheme URL starts with its scheme; a "://" further in (in a scp-like
  // path) does not make one.
  size_t mark = head.find("://");
  bool scheme_url = mark != std::string_view::npos && mark > 0 &&
                    std::all_of(head.begin(), head.begin() + static_cast<long>(mark), is_scheme_char);
  if (!scheme_url) {
    // The credential ends at the last '@' before any '/' (a password may hold '@').
    size_t at = head.substr(0, head.find('/')).rfind('@');
    if (at != std::string_view::npos) {
      std::string_view userinfo = head.substr(0, at);
      if (userinfo.find(':') != std::string_view::npos) head = head.substr(at + 1);
    }
  }
  out.append(head);
  if (query == std::string_view::npos) return out;
  std::string_view rest = word.substr(query);
  size_t i = 0;
  while (i < rest.size()) {
    char separator = rest[i];  // '?' or '&' (or ';')
    out.push_back(separator);
    size_t end = rest.find_first_of("&;#", i + 1);
    if (end == std::string_view::npos) end = rest.size();
    std::string_view pair = rest.substr(i + 1, end - i - 1);
    size_t equals = pair.find('=');
    if (equals != std::string_view::npos && is_secret_parameter(pair.substr(0, equals)))
      out.append(pair.substr(0, equals + 1)).append("***");
    else
      out.append(pair);
    i = end;
    if (i < rest.size() && rest[i] == '#') {
      out.append(rest.substr(i));
      break;
    }
  }
  return out;
}

/// Applies redact_word to every boundary-delimited word of text.
std::string redact_words(const std::string& text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    if (is_boundary(text[i])) {
      out.push_back(text[i++]);
      continue;
    }
    size_t end = i;
    while (end < text.size() && !is_boundary(text[end])) ++end;
    out += redact_word(std::string_view(text).substr(i, end - i));
    i = end;
  }
  return out;
}

}  // namespace

std::string redact_text(const std::string& input) {
  const std::string text = redact_words(input);
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t mark = text.find("://", pos);
    if (mark == std::string::npos) break;
    size_t start = mark;
    while (start > pos && is_scheme_char(text[start - 1])) --start;
    std::string scheme = lowercase(std::string_view(text).substr(start, mark - start));
    size_t auth = mark + 3;
    size_t token_end = auth;
    while (token_end < text.size() && !is_boundary(text[token_end])) ++token_end;
    std::string_view token(text.data() + auth, token_end - auth);
    // The credential ends at the last '@' of the authority (before the first
    // '/'): a path may hold '@' too. Only when the authority has none may a
    // password hold a '/' ("user:pa/ss@host").
    size_t at = token.substr(0, token.find_first_of("/?#")).rfind('@');
    if (at == std::string_view::npos) at = token.rfind('@');
    size_t userinfo_len = 0;
    if (at != std::string_view::npos) {
      std::string_view candidate = token.substr(0, at);
      size_t slash = candidate.find_first_of("/?#");
      size_t colon = candidate.find(':');
      if (slash == std::string_view::npos) {
        bool is_http = scheme == "http" || scheme == "https" || scheme == "ftp" || scheme == "ftps";
        // A user alone is kept for ssh (it is not secret); http users are often tokens.
        if (colon != std::string_view::npos || is_http) userinfo_len = at + 1;
      } else if (colon != std::string_view::npos && colon < slash) {
        // "user:pa/ss@host": a password with a slash, unless it is a port.
        std::string_view between = candidate.substr(colon + 1, slash - colon - 1);
        bool port = !between.empty() && std::all_of(between.begin(), between.end(), [](char c) {
          return std::isdigit(static_cast<unsigned char>(c));
        });
        if (!port) userinfo_len = at + 1;
      }
    }
    out.append(text, pos, auth - pos);
    pos = auth + userinfo_len;
  }
  out.append(text, pos, std::string::npos);
  return out;
}

}  // namespace kongtpl
