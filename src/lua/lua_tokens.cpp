#include "lua/lua_tokens.hpp"

#include <algorithm>
#include <array>

namespace kongtpl {
namespace {

constexpr std::array<std::string_view, 21> kKeywords = {
    "and", "break", "do",  "else", "elseif", "end",   "false", "for",  "function", "if",   "in",
    "local", "nil", "not", "or",   "repeat", "return", "then", "true", "until",    "while"};

bool is_newline(char c) { return c == '\n' || c == '\r'; }
bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }

class Scanner {
 public:
  explicit Scanner(std::string_view source) : s_(source) {}

  LuaTokens scan() {
    LuaTokens out;
    while (true) {
      if (!skip_space_and_comments()) {
        out.complete = false;
        break;
      }
      if (pos_ >= s_.size()) break;
      LuaToken token;
      token.begin = pos_;
      token.line = line_;
      if (!read_token(token)) {
        out.complete = false;
        break;
      }
      token.end = pos_;
      out.tokens.push_back(std::move(token));
    }
    return out;
  }

 private:
  char at(size_t i) const { return i < s_.size() ? s_[i] : '\0'; }

  // Steps over one newline sequence at pos_ ("\n", "\r", "\r\n", "\n\r").
  void newline() {
    char first = s_[pos_++];
    if (pos_ < s_.size() && is_newline(s_[pos_]) && s_[pos_] != first) ++pos_;
    ++line_;
  }

  // The level of a long bracket "[==[" (or "]==]") at pos_, or -1.
  int bracket_level(size_t at_pos, char bracket) const {
    if (at(at_pos) != bracket) return -1;
    size_t i = at_pos + 1;
    while (at(i) == '=') ++i;
    return at(i) == bracket ? static_cast<int>(i - at_pos - 1) : -1;
  }

  // Reads a long bracket body at pos_ (on the opening "["); the value goes
  // to token when given. False when it never closes.
  bool read_long(int level, LuaToken* token) {
    pos_ += static_cast<size_t>(level) + 2;
    if (pos_ < s_.size() && is_newline(s_[pos_])) newline();  // Lua drops it
    if (token) token->value_lines.push_back(line_);
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == ']' && bracket_level(pos_, ']') == level) {
        pos_ += static_cast<size_t>(level) + 2;
        return true;
      }
      if (is_newline(c)) {
        newline();
        if (token) {
          token->text += '\n';
          token->value_lines.push_back(line_);
        }
        continue;
      }
      if (token) token->text += c;
      ++pos_;
    }
    return false;
  }

  bool skip_space_and_comments() {
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (is_newline(c)) {
        newline();
      } else if (c == ' ' || c == '\t' || c == '\f' || c == '\v') {
        ++pos_;
      } else if (c == '-' && at(pos_ + 1) == '-') {
        pos_ += 2;
        int level = bracket_level(pos_, '[');
        if (level >= 0) {
          if (!read_long(level, nullptr)) return false;
        } else {
          while (pos_ < s_.size() && !is_newline(s_[pos_])) ++pos_;
        }
      } else {
        break;
      }
    }
    return true;
  }

  bool read_quoted(LuaToken& token) {
    char quote = s_[pos_++];
    token.value_lines.push_back(line_);
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == quote) {
        ++pos_;
        return true;
      }
      if (is_newline(c)) return false;  // unfinished string
      if (c != '\\') {
        token.text += c;
        ++pos_;
        continue;
      }
      char e = at(++pos_);
      switch (e) {
        case 'a': token.text += '\a'; ++pos_; break;
        case 'b': token.text += '\b'; ++pos_; break;
        case 'f': token.text += '\f'; ++pos_; break;
        case 'n': token.text += '\n'; ++pos_; token.value_lines.push_back(line_); break;
        case 'r': token.text += '\r'; ++pos_; break;
        case 't': token.text += '\t'; ++pos_; break;
        case 'v': token.text += '\v'; ++pos_; break;
        case '\n':
        case '\r':
          newline();
          token.text += '\n';
          token.value_lines.push_back(line_);
          break;
        default:
          if (is_digit(e)) {
            int value = 0;
            for (int i = 0; i < 3 && is_digit(at(pos_)); ++i) value = value * 10 + (s_[pos_++] - '0');
            token.text += static_cast<char>(value);
          } else if (pos_ < s_.size()) {
            token.text += e;
            ++pos_;
          }
      }
    }
    return false;
  }

  bool read_token(LuaToken& token) {
    char c = s_[pos_];
    if (c == '[') {
      int level = bracket_level(pos_, '[');
      if (level >= 0) {
        token.kind = LuaToken::Kind::long_string;
        return read_long(level, &token);
      }
    }
    if (c == '"' || c == '\'') {
      token.kind = LuaToken::Kind::string;
      return read_quoted(token);
    }
    if (is_name_start(c)) {
      while (pos_ < s_.size() && is_name_char(s_[pos_])) ++pos_;
      token.text = std::string(s_.substr(token.begin, pos_ - token.begin));
      bool keyword = std::find(kKeywords.begin(), kKeywords.end(), token.text) != kKeywords.end();
      token.kind = keyword ? LuaToken::Kind::keyword : LuaToken::Kind::name;
      return true;
    }
    if (is_digit(c) || (c == '.' && is_digit(at(pos_ + 1)))) {
      // Like Lua's read_numeral: digits and dots, an exponent sign, then alnum.
      while (is_digit(at(pos_)) || at(pos_) == '.') ++pos_;
      if (at(pos_) == 'e' || at(pos_) == 'E') {
        ++pos_;
        if (at(pos_) == '+' || at(pos_) == '-') ++pos_;
      }
      while (is_name_char(at(pos_))) ++pos_;
      token.kind = LuaToken::Kind::number;
      token.text = std::string(s_.substr(token.begin, pos_ - token.begin));
      return true;
    }
    token.kind = LuaToken::Kind::symbol;
    static constexpr std::array<std::string_view, 5> kTwoChar = {"==", "~=", "<=", ">=", ".."};
    if (s_.substr(pos_, 3) == "...") {
      pos_ += 3;
    } else if (std::find(kTwoChar.begin(), kTwoChar.end(), s_.substr(pos_, 2)) != kTwoChar.end()) {
      pos_ += 2;
    } else {
      ++pos_;
    }
    token.text = std::string(s_.substr(token.begin, pos_ - token.begin));
    return true;
  }

  std::string_view s_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
};

}  // namespace

LuaTokens scan_lua(std::string_view source) { return Scanner(source).scan(); }

std::string lua_source_of_file(std::string_view file_bytes) {
  if (file_bytes.empty() || file_bytes[0] != '#') return std::string(file_bytes);
  size_t newline = file_bytes.find('\n');
  if (newline == std::string_view::npos) return "\n";
  return "\n" + std::string(file_bytes.substr(newline + 1));
}

}  // namespace kongtpl
