// Digest functions (md5, sha1, sha256, sha512 and their base64 forms) and uuidv5, with
// small self-contained implementations of the hash algorithms (RFC 1321, FIPS 180-4):
// a scanner has no need for a crypto library, only for the digests Terraform prints.
#include <cstring>

#include "frontends/terraform/functions_support.h"

namespace vouch::terraform::fn {
namespace {

template <typename T>
T rotl(T x, int n) {
  return static_cast<T>((x << n) | (x >> (static_cast<int>(sizeof(T) * 8) - n)));
}
template <typename T>
T rotr(T x, int n) {
  return static_cast<T>((x >> n) | (x << (static_cast<int>(sizeof(T) * 8) - n)));
}

// Merkle–Damgård padding: the message, 0x80, zeros, then the bit length in
// `length_bytes` bytes (big- or little-endian), to a multiple of `block` bytes.
std::string pad_message(std::string_view data, size_t block, size_t length_bytes, bool big_endian) {
  std::string m(data);
  m += static_cast<char>(0x80);
  while ((m.size() + length_bytes) % block != 0) m += '\0';
  const uint64_t bit_length = static_cast<uint64_t>(data.size()) * 8;
  std::string length(length_bytes, '\0');
  for (size_t i = 0; i < 8; ++i) {
    const char byte = static_cast<char>((bit_length >> (8 * i)) & 0xFF);
    if (big_endian) {
      length[length_bytes - 1 - i] = byte;
    } else {
      length[i] = byte;
    }
  }
  return m + length;
}

template <typename T>
T load_be(const char* p) {
  T v = 0;
  for (size_t i = 0; i < sizeof(T); ++i) v = static_cast<T>((v << 8) | static_cast<unsigned char>(p[i]));
  return v;
}

template <typename T, size_t N>
void store_be(const T* words, size_t count, std::array<uint8_t, N>& out) {
  for (size_t w = 0; w < count; ++w) {
    for (size_t i = 0; i < sizeof(T); ++i) {
      out[w * sizeof(T) + i] = static_cast<uint8_t>(words[w] >> (8 * (sizeof(T) - 1 - i)));
    }
  }
}

}  // namespace

std::array<uint8_t, 16> md5(std::string_view data) {
  static const uint32_t K[64] = {
      0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
      0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
      0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
      0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
      0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
      0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
      0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
      0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391};
  static const int S[16] = {7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21};
  uint32_t h[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
  const std::string m = pad_message(data, 64, 8, false);
  for (size_t block = 0; block < m.size(); block += 64) {
    uint32_t w[16];
    for (size_t i = 0; i < 16; ++i) {
      w[i] = 0;
      for (size_t b = 0; b < 4; ++b)
        w[i] |= static_cast<uint32_t>(static_cast<unsigned char>(m[block + i * 4 + b])) << (8 * b);
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
    for (int i = 0; i < 64; ++i) {
      uint32_t f;
      int g;
      if (i < 16)
        f = (b & c) | (~b & d), g = i;
      else if (i < 32)
        f = (d & b) | (~d & c), g = (5 * i + 1) % 16;
      else if (i < 48)
        f = b ^ c ^ d, g = (3 * i + 5) % 16;
      else
        f = c ^ (b | ~d), g = (7 * i) % 16;
      const uint32_t next = b + rotl(a + f + K[i] + w[g], S[(i / 16) * 4 + i % 4]);
      a = d, d = c, c = b, b = next;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d;
  }
  std::array<uint8_t, 16> out{};
  for (size_t i = 0; i < 16; ++i) out[i] = static_cast<uint8_t>(h[i / 4] >> (8 * (i % 4)));
  return out;
}

std::array<uint8_t, 20> sha1(std::string_view data) {
  uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  const std::string m = pad_message(data, 64, 8, true);
  for (size_t block = 0; block < m.size(); block += 64) {
    uint32_t w[80];
    for (size_t i = 0; i < 16; ++i) w[i] = load_be<uint32_t>(&m[block + i * 4]);
    for (size_t i = 16; i < 80; ++i) w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (size_t i = 0; i < 80; ++i) {
      uint32_t f, k;
      if (i < 20)
        f = (b & c) | (~b & d), k = 0x5A827999;
      else if (i < 40)
        f = b ^ c ^ d, k = 0x6ED9EBA1;
      else if (i < 60)
        f = (b & c) | (b & d) | (c & d), k = 0x8F1BBCDC;
      else
        f = b ^ c ^ d, k = 0xCA62C1D6;
      const uint32_t t = rotl(a, 5) + f + e + k + w[i];
      e = d, d = c, c = rotl(b, 30), b = a, a = t;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
  }
  std::array<uint8_t, 20> out{};
  store_be(h, 5, out);
  return out;
}

std::array<uint8_t, 32> sha256(std::string_view data) {
  static const uint32_t K[64] = {
      0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
      0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
      0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
      0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
      0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
      0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
      0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
      0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
  uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  const std::string m = pad_message(data, 64, 8, true);
  for (size_t block = 0; block < m.size(); block += 64) {
    uint32_t w[64];
    for (size_t i = 0; i < 16; ++i) w[i] = load_be<uint32_t>(&m[block + i * 4]);
    for (size_t i = 16; i < 64; ++i) {
      const uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      const uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t v[8];
    std::memcpy(v, h, sizeof v);
    for (size_t i = 0; i < 64; ++i) {
      const uint32_t s1 = rotr(v[4], 6) ^ rotr(v[4], 11) ^ rotr(v[4], 25);
      const uint32_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
      const uint32_t t1 = v[7] + s1 + ch + K[i] + w[i];
      const uint32_t s0 = rotr(v[0], 2) ^ rotr(v[0], 13) ^ rotr(v[0], 22);
      const uint32_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
      std::memmove(v + 1, v, 7 * sizeof(uint32_t));
      v[4] += t1;
      v[0] = t1 + s0 + maj;
    }
    for (size_t i = 0; i < 8; ++i) h[i] += v[i];
  }
  std::array<uint8_t, 32> out{};
  store_be(h, 8, out);
  return out;
}

std::array<uint8_t, 64> sha512(std::string_view data) {
  static const uint64_t K[80] = {
      0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc, 0x3956c25bf348b538,
      0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118, 0xd807aa98a3030242, 0x12835b0145706fbe,
      0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2, 0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235,
      0xc19bf174cf692694, 0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
      0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5, 0x983e5152ee66dfab,
      0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4, 0xc6e00bf33da88fc2, 0xd5a79147930aa725,
      0x06ca6351e003826f, 0x142929670a0e6e70, 0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed,
      0x53380d139d95b3df, 0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
      0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30, 0xd192e819d6ef5218,
      0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8, 0x19a4c116b8d2d0c8, 0x1e376c085141ab53,
      0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8, 0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373,
      0x682e6ff3d6b2b8a3, 0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
      0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b, 0xca273eceea26619c,
      0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178, 0x06f067aa72176fba, 0x0a637dc5a2c898a6,
      0x113f9804bef90dae, 0x1b710b35131c471b, 0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc,
      0x431d67c49c100d4c, 0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817};
  uint64_t h[8] = {0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
                   0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179};
  const std::string m = pad_message(data, 128, 16, true);
  for (size_t block = 0; block < m.size(); block += 128) {
    uint64_t w[80];
    for (size_t i = 0; i < 16; ++i) w[i] = load_be<uint64_t>(&m[block + i * 8]);
    for (size_t i = 16; i < 80; ++i) {
      const uint64_t s0 = rotr(w[i - 15], 1) ^ rotr(w[i - 15], 8) ^ (w[i - 15] >> 7);
      const uint64_t s1 = rotr(w[i - 2], 19) ^ rotr(w[i - 2], 61) ^ (w[i - 2] >> 6);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint64_t v[8];
    std::memcpy(v, h, sizeof v);
    for (size_t i = 0; i < 80; ++i) {
      const uint64_t s1 = rotr(v[4], 14) ^ rotr(v[4], 18) ^ rotr(v[4], 41);
      const uint64_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
      const uint64_t t1 = v[7] + s1 + ch + K[i] + w[i];
      const uint64_t s0 = rotr(v[0], 28) ^ rotr(v[0], 34) ^ rotr(v[0], 39);
      const uint64_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
      std::memmove(v + 1, v, 7 * sizeof(uint64_t));
      v[4] += t1;
      v[0] = t1 + s0 + maj;
    }
    for (size_t i = 0; i < 8; ++i) h[i] += v[i];
  }
  std::array<uint8_t, 64> out{};
  store_be(h, 8, out);
  return out;
}

std::string to_hex(std::span<const uint8_t> bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (uint8_t b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 0xF];
  }
  return out;
}

namespace {

template <auto Digest>
Value hex_digest(Call& call) {
  auto s = call.string(0);
  return s ? Value::string(to_hex(Digest(*s))) : call.failure();
}

template <auto Digest>
Value base64_digest(Call& call) {
  auto s = call.string(0);
  return s ? Value::string(base64_encode(as_bytes(Digest(*s)))) : call.failure();
}

std::string format_uuid(std::span<const uint8_t> b) {
  std::string hex = to_hex(b.subspan(0, 16));
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20);
}

std::optional<std::array<uint8_t, 16>> parse_uuid(std::string_view s) {
  std::string hex;
  for (char c : s) {
    if (c != '-') hex += c;
  }
  if (hex.size() != 32) return std::nullopt;
  std::array<uint8_t, 16> out{};
  for (size_t i = 0; i < 16; ++i) {
    auto nibble = [](char c) -> int {
      return c >= '0' && c <= '9'   ? c - '0'
             : c >= 'a' && c <= 'f' ? c - 'a' + 10
             : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                    : -1;
    };
    const int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<uint8_t>(hi * 16 + lo);
  }
  return out;
}

// RFC 4122 version 5: SHA-1 of namespace and name. Terraform names four namespaces.
Value fn_uuidv5(Call& call) {
  auto space = call.string(0);
  auto name = call.string(1);
  if (!space || !name) return call.failure();
  std::string namespace_id = *space;
  if (namespace_id == "dns")
    namespace_id = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";
  else if (namespace_id == "url")
    namespace_id = "6ba7b811-9dad-11d1-80b4-00c04fd430c8";
  else if (namespace_id == "oid")
    namespace_id = "6ba7b812-9dad-11d1-80b4-00c04fd430c8";
  else if (namespace_id == "x500")
    namespace_id = "6ba7b814-9dad-11d1-80b4-00c04fd430c8";
  auto ns = parse_uuid(namespace_id);
  if (!ns) return call.fail("uuid namespace must be one of dns, url, oid, x500 or a UUID, not \"" + *space + "\"");
  std::array<uint8_t, 20> digest = sha1(std::string(as_bytes(*ns)) + *name);
  digest[6] = static_cast<uint8_t>((digest[6] & 0x0F) | 0x50);
  digest[8] = static_cast<uint8_t>((digest[8] & 0x3F) | 0x80);
  return Value::string(format_uuid(digest));
}

const Function kCryptoFunctions[] = {
    {"base64sha256", base64_digest<sha256>, 1, 1},
    {"base64sha512", base64_digest<sha512>, 1, 1},
    {"md5", hex_digest<md5>, 1, 1},
    {"sha1", hex_digest<sha1>, 1, 1},
    {"sha256", hex_digest<sha256>, 1, 1},
    {"sha512", hex_digest<sha512>, 1, 1},
    {"uuidv5", fn_uuidv5, 2, 2},
};

}  // namespace

std::span<const Function> crypto_functions() {
  return kCryptoFunctions;
}

}  // namespace vouch::terraform::fn
