#include "lua/global_access.hpp"

#include <cstring>

namespace kongtpl {
namespace {

// The Lua 5.1 dump format (lundump.c): a 12-byte header, then the main
// function: source, line range, four bytes of counts, code, constants,
// nested prototypes, and debug info (line per instruction, locals, upvalues).
constexpr unsigned char kHeader[] = {0x1b, 'L', 'u', 'a', 0x51, 0, 1, 4, sizeof(size_t), 4, 8, 0};
constexpr uint32_t kOpGetGlobal = 5;  // lopcodes.h: OP_GETGLOBAL A Bx
constexpr uint32_t kOpSetGlobal = 7;  // lopcodes.h: OP_SETGLOBAL A Bx
constexpr int kTypeNil = 0, kTypeBoolean = 1, kTypeNumber = 3, kTypeString = 4;

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  bool ok() const { return ok_; }

  bool header() {
    if (data_.size() < sizeof kHeader || std::memcmp(data_.data(), kHeader, sizeof kHeader) != 0) return ok_ = false;
    pos_ = sizeof kHeader;
    return true;
  }

  void function(std::vector<GlobalAccess>& out) {
    skip_string();      // source
    skip(4 + 4 + 4);    // linedefined, lastlinedefined, nups/numparams/is_vararg/maxstacksize
    std::vector<uint32_t> code(count());
    for (auto& instruction : code) instruction = u32();
    std::vector<std::string> strings(count());  // constants; non-strings stay ""
    for (auto& constant : strings) {
      int type = byte();
      if (type == kTypeBoolean) skip(1);
      else if (type == kTypeNumber) skip(8);
      else if (type == kTypeString) constant = string();
      else if (type != kTypeNil) ok_ = false;
      if (!ok_) return;
    }
    std::vector<GlobalAccess> nested;
    for (uint32_t n = count(); n > 0 && ok_; --n) function(nested);
    std::vector<uint32_t> lines(count());
    for (auto& line : lines) line = u32();
    for (uint32_t n = count(); n > 0 && ok_; --n) {  // local variables
      skip_string();
      skip(8);
    }
    for (uint32_t n = count(); n > 0 && ok_; --n) skip_string();  // upvalue names
    if (!ok_) return;
    for (size_t pc = 0; pc < code.size(); ++pc) {
      uint32_t opcode = code[pc] & 0x3f;
      if (opcode != kOpGetGlobal && opcode != kOpSetGlobal) continue;
      uint32_t bx = code[pc] >> 14;
      if (bx >= strings.size()) {
        ok_ = false;
        return;
      }
      out.push_back({strings[bx], pc < lines.size() ? lines[pc] : 0, opcode == kOpSetGlobal});
    }
    out.insert(out.end(), nested.begin(), nested.end());
  }

 private:
  void skip(size_t n) {
    if (data_.size() - pos_ < n) ok_ = false;
    else pos_ += n;
  }
  uint32_t u32() {
    uint32_t v = 0;
    if (data_.size() - pos_ < 4) {
      ok_ = false;
      return 0;
    }
    std::memcpy(&v, data_.data() + pos_, 4);  // the dump is in this machine's byte order
    pos_ += 4;
    return v;
  }
  // An element count, refused when it cannot fit in what is left.
  uint32_t count() {
    uint32_t n = u32();
    if (n > data_.size() - pos_) {
      ok_ = false;
      return 0;
    }
    return ok_ ? n : 0;
  }
  int byte() {
    if (pos_ >= data_.size()) {
      ok_ = false;
      return -1;
    }
    return static_cast<unsigned char>(data_[pos_++]);
  }
  std::string string() {
    size_t size = 0;
    if (data_.size() - pos_ < sizeof size) {
      ok_ = false;
      return {};
    }
    std::memcpy(&size, data_.data() + pos_, sizeof size);
    pos_ += sizeof size;
    if (size == 0) return {};
    if (size > data_.size() - pos_) {
      ok_ = false;
      return {};
    }
    std::string s(data_.substr(pos_, size - 1));  // the dump counts the trailing NUL
    pos_ += size;
    return s;
  }
  void skip_string() { string(); }

  std::string_view data_;
  size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace

Result<std::vector<GlobalAccess>> globals_in_bytecode(std::string_view bytecode) {
  Reader reader(bytecode);
  if (!reader.header())
    return Error{"not Lua 5.1 bytecode for this machine (unexpected header): internal error, please report it"};
  std::vector<GlobalAccess> out;
  reader.function(out);
  if (!reader.ok()) return Error{"truncated or malformed Lua 5.1 bytecode: internal error, please report it"};
  return out;
}

}  // namespace kongtpl
