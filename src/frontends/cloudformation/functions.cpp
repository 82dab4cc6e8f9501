#include "frontends/cloudformation/functions.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>

namespace vouch::cloudformation::detail {

std::vector<SubPiece> parse_sub(std::string_view text) {
  std::vector<SubPiece> pieces;
  std::string literal;
  size_t i = 0;
  while (i < text.size()) {
    const size_t open = text.find("${", i);
    if (open == std::string_view::npos) break;
    const size_t close = text.find('}', open + 2);
    if (close == std::string_view::npos) break;  // an unterminated `${` is plain text
    literal.append(text.substr(i, open - i));
    std::string_view inner = text.substr(open + 2, close - open - 2);
    if (!inner.empty() && inner.front() == '!') {
      // `${!Literal}` escapes the substitution and is written as `${Literal}`.
      literal += "${";
      literal.append(inner.substr(1));
      literal += '}';
    } else {
      while (!inner.empty() && inner.front() == ' ') inner.remove_prefix(1);
      while (!inner.empty() && inner.back() == ' ') inner.remove_suffix(1);
      if (!literal.empty()) pieces.push_back({false, std::move(literal)});
      literal.clear();
      pieces.push_back({true, std::string(inner)});
    }
    i = close + 1;
  }
  literal.append(text.substr(std::min(i, text.size())));
  if (!literal.empty()) pieces.push_back({false, std::move(literal)});
  return pieces;
}

std::vector<std::string> split(std::string_view text, std::string_view delimiter) {
  std::vector<std::string> parts;
  if (delimiter.empty()) {
    parts.emplace_back(text);
    return parts;
  }
  size_t start = 0;
  while (true) {
    const size_t at = text.find(delimiter, start);
    if (at == std::string_view::npos) break;
    parts.emplace_back(text.substr(start, at - start));
    start = at + delimiter.size();
  }
  parts.emplace_back(text.substr(start));
  return parts;
}

std::vector<std::string> split_comma_list(std::string_view text) {
  std::vector<std::string> parts = split(text, ",");
  for (std::string& part : parts) {
    const size_t first = part.find_first_not_of(" \t");
    const size_t last = part.find_last_not_of(" \t");
    part = first == std::string::npos ? std::string() : part.substr(first, last - first + 1);
  }
  return parts;
}

std::string base64_encode(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t n =
        (uint32_t(uint8_t(bytes[i])) << 16) | (uint32_t(uint8_t(bytes[i + 1])) << 8) | uint8_t(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  const size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t n = uint32_t(uint8_t(bytes[i])) << 16;
    if (rest == 2) n |= uint32_t(uint8_t(bytes[i + 1])) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += rest == 2 ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

namespace {

// Addresses of both families as one 128-bit number (IPv4 in the low 32 bits).
__extension__ typedef unsigned __int128 Address;

bool parse_ipv4(std::string_view text, Address& address) {
  address = 0;
  for (int octet = 0; octet < 4; ++octet) {
    if (octet > 0) {
      if (text.empty() || text.front() != '.') return false;
      text.remove_prefix(1);
    }
    unsigned value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end == text.data() || value > 255) return false;
    text.remove_prefix(static_cast<size_t>(end - text.data()));
    address = (address << 8) | value;
  }
  return text.empty();
}

// Hexadecimal groups, with at most one `::`; no embedded IPv4 tail.
bool parse_ipv6(std::string_view text, Address& address) {
  auto parse_groups = [](std::string_view part, std::vector<uint16_t>& groups) {
    if (part.empty()) return true;
    for (const std::string& group : split(part, ":")) {
      unsigned value = 0;
      auto [end, ec] = std::from_chars(group.data(), group.data() + group.size(), value, 16);
      if (group.empty() || group.size() > 4 || ec != std::errc() || end != group.data() + group.size()) return false;
      groups.push_back(static_cast<uint16_t>(value));
    }
    return true;
  };
  std::vector<uint16_t> head, tail;
  const size_t gap = text.find("::");
  if (gap == std::string_view::npos) {
    if (!parse_groups(text, head) || head.size() != 8) return false;
  } else {
    if (text.find("::", gap + 1) != std::string_view::npos) return false;
    if (!parse_groups(text.substr(0, gap), head) || !parse_groups(text.substr(gap + 2), tail)) return false;
    if (head.size() + tail.size() > 7) return false;
    head.resize(8 - tail.size(), 0);
    head.insert(head.end(), tail.begin(), tail.end());
  }
  address = 0;
  for (uint16_t group : head) address = (address << 16) | group;
  return true;
}

std::string format_ipv4(Address address) {
  const auto a = static_cast<uint32_t>(address);
  char buf[20];
  std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", (a >> 24) & 255, (a >> 16) & 255, (a >> 8) & 255, a & 255);
  return buf;
}

// RFC 5952 text: lower case, no leading zeros, the longest run of zero groups as `::`.
std::string format_ipv6(Address address) {
  uint16_t groups[8];
  for (int i = 7; i >= 0; --i) {
    groups[i] = static_cast<uint16_t>(address & 0xffff);
    address >>= 16;
  }
  int best_start = -1, best_length = 1;  // a single zero group is not compressed
  for (int i = 0; i < 8;) {
    int j = i;
    while (j < 8 && groups[j] == 0) ++j;
    if (j - i > best_length) {
      best_start = i;
      best_length = j - i;
    }
    i = j == i ? i + 1 : j;
  }
  std::string out;
  char buf[8];
  for (int i = 0; i < 8; ++i) {
    if (i == best_start) {
      out += "::";
      i += best_length - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(buf, sizeof buf, "%x", static_cast<unsigned>(groups[i]));
    out += buf;
  }
  return out;
}

}  // namespace

bool cidr_subnets(std::string_view block, long long count, long long host_bits, std::vector<std::string>& out,
                  std::string& error) {
  out.clear();
  const bool v6 = block.find(':') != std::string_view::npos;
  const unsigned width = v6 ? 128 : 32;
  const size_t slash = block.find('/');
  Address address = 0;
  unsigned prefix = 0;
  bool valid = slash != std::string_view::npos &&
               (v6 ? parse_ipv6(block.substr(0, slash), address) : parse_ipv4(block.substr(0, slash), address));
  if (valid) {
    const std::string_view prefix_text = block.substr(slash + 1);
    auto [end, ec] = std::from_chars(prefix_text.data(), prefix_text.data() + prefix_text.size(), prefix);
    valid = ec == std::errc() && end == prefix_text.data() + prefix_text.size() && prefix <= width;
  }
  if (!valid) {
    error = "'" + std::string(block) + "' is not a CIDR block";
    return false;
  }
  // CloudFormation allows 1 to 256 subnets.
  if (count < 1 || count > 256) {
    error = "the subnet count must be between 1 and 256";
    return false;
  }
  if (host_bits < 0 || host_bits > static_cast<long long>(width - prefix)) {
    error = "cidrBits " + std::to_string(host_bits) + " does not fit in a /" + std::to_string(prefix) + " block";
    return false;
  }
  const unsigned subnet_bits = width - static_cast<unsigned>(host_bits) - prefix;
  const unsigned subnet_prefix = width - static_cast<unsigned>(host_bits);
  if (subnet_bits < 9 && count > (1LL << subnet_bits)) {
    error = "a /" + std::to_string(prefix) + " block holds only " + std::to_string(1LL << subnet_bits) +
            " subnets of /" + std::to_string(subnet_prefix);
    return false;
  }
  // Clear the host bits of the block (shifts by the full width are undefined, hence the guards).
  const Address all = v6 ? ~Address(0) : Address(0xffffffffu);
  const Address mask = prefix == 0 ? 0 : (all << (width - prefix)) & all;
  const Address base = address & mask;
  for (long long i = 0; i < count; ++i) {
    const Address subnet = base + (host_bits >= static_cast<long long>(width) ? 0 : Address(i) << host_bits);
    out.push_back((v6 ? format_ipv6(subnet) : format_ipv4(subnet)) + "/" + std::to_string(subnet_prefix));
  }
  return true;
}

bool scalar_to_string(const Value& value, std::string& out) {
  switch (value.kind()) {
    case ValueKind::String:
      out = value.as_string();
      return true;
    case ValueKind::Bool:
      out = value.as_bool() ? "true" : "false";
      return true;
    case ValueKind::Number: {
      const double n = value.as_number();
      char buf[32];
      if (std::isfinite(n) && n == std::floor(n) && std::fabs(n) < 1e15) {
        std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(n));
      } else {
        std::snprintf(buf, sizeof buf, "%.17g", n);
      }
      out = buf;
      return true;
    }
    default:
      return false;
  }
}

bool to_integer(const Value& value, long long& out) {
  if (value.is_number()) {
    const double n = value.as_number();
    if (!std::isfinite(n) || n != std::floor(n) || std::fabs(n) > 1e15) return false;
    out = static_cast<long long>(n);
    return true;
  }
  if (value.is_string()) {
    const std::string& s = value.as_string();
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && !s.empty() && end == s.data() + s.size();
  }
  return false;
}

namespace {

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void append_json(std::string& out, const Value& value) {
  std::string scalar;
  switch (value.kind()) {
    case ValueKind::Null:
      out += "null";
      break;
    case ValueKind::Bool:
    case ValueKind::Number:
      scalar_to_string(value, scalar);
      out += scalar;
      break;
    case ValueKind::String:
      append_json_string(out, value.as_string());
      break;
    case ValueKind::Unknown:
      out += "null";
      break;  // callers exclude unknowns
    case ValueKind::List: {
      out += '[';
      bool first = true;
      for (const Value& item : value.as_list()) {
        if (!first) out += ',';
        first = false;
        append_json(out, item);
      }
      out += ']';
      break;
    }
    case ValueKind::Object: {
      out += '{';
      bool first = true;
      for (const Member& member : value.as_object()) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, member.key);
        out += ':';
        append_json(out, member.value);
      }
      out += '}';
      break;
    }
  }
}

}  // namespace

std::string to_json(const Value& value) {
  std::string out;
  append_json(out, value);
  return out;
}

}  // namespace vouch::cloudformation::detail
