#include "diff/blob_id.hpp"

#include <array>
#include <cstdint>

namespace kongtpl {

namespace {

// A plain SHA-1 (FIPS 180-1); only used to name blobs, never for security.
class Sha1 {
 public:
  void update(std::string_view data) {
    for (unsigned char c : data) {
      block_[block_size_++] = c;
      if (block_size_ == 64) compress();
    }
    length_ += data.size();
  }

  std::string hex() {
    const uint64_t bits = length_ * 8;
    block_[block_size_++] = 0x80;
    if (block_size_ > 56) {
      while (block_size_ < 64) block_[block_size_++] = 0;
      compress();
    }
    while (block_size_ < 56) block_[block_size_++] = 0;
    for (int i = 7; i >= 0; --i) block_[block_size_++] = static_cast<uint8_t>(bits >> (i * 8));
    compress();
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (uint32_t word : state_)
      for (int shift = 28; shift >= 0; shift -= 4) out.push_back(digits[(word >> shift) & 0xf]);
    return out;
  }

 private:
  static uint32_t rotl(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

  void compress() {
    uint32_t w[80];
    for (int i = 0; i < 16; ++i)
      w[i] = uint32_t(block_[i * 4]) << 24 | uint32_t(block_[i * 4 + 1]) << 16 |
             uint32_t(block_[i * 4 + 2]) << 8 | uint32_t(block_[i * 4 + 3]);
    for (int i = 16; i < 80; ++i) w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = state_[0], b = state_[1], c = state_[2], d = state_[3], e = state_[4];
    for (int i = 0; i < 80; ++i) {
      uint32_t f, k;
      if (i < 20) {
        f = (b & c) | (~b & d);
        k = 0x5A827999;
      } else if (i < 40) {
        f = b ^ c ^ d;
        k = 0x6ED9EBA1;
      } else if (i < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8F1BBCDC;
      } else {
        f = b ^ c ^ d;
        k = 0xCA62C1D6;
      }
      const uint32_t t = rotl(a, 5) + f + e + k + w[i];
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = t;
    }
    state_[0] += a;
    state_[1] += b;
    state_[2] += c;
    state_[3] += d;
    state_[4] += e;
    block_size_ = 0;
  }

  std::array<uint32_t, 5> state_{0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  std::array<uint8_t, 64> block_{};
  size_t block_size_ = 0;
  uint64_t length_ = 0;
};

}  // namespace

std::string git_blob_id(std::string_view bytes) {
  Sha1 sha;
  const std::string header = "blob " + std::to_string(bytes.size());
  sha.update(header);
  sha.update(std::string_view("\0", 1));
  sha.update(bytes);
  return sha.hex();
}

}  // namespace kongtpl
