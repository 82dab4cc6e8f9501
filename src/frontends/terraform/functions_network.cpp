// CIDR functions for IPv4 and IPv6, with go-cidr's arithmetic (which Terraform uses):
// addresses are 128-bit integers, IPv4 simply using the low 32 bits.
#include <cstdio>

#include "frontends/terraform/functions_support.h"

namespace vouch::terraform::fn {
namespace {

__extension__ typedef unsigned __int128 u128;

struct Network {
  u128 address = 0;  // with the host bits cleared
  int prefix = 0;
  int bits = 32;  // 32 for IPv4, 128 for IPv6
};

u128 host_mask(int host_bits) {
  return host_bits >= 128 ? ~u128(0) : (u128(1) << host_bits) - 1;
}
u128 all_ones(int bits) {
  return host_mask(bits);
}

std::optional<uint32_t> parse_ipv4(std::string_view s) {
  uint32_t out = 0;
  int parts = 0;
  size_t i = 0;
  while (parts < 4) {
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return std::nullopt;
    uint32_t octet = 0;
    size_t digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && digits < 4)
      octet = octet * 10 + static_cast<uint32_t>(s[i++] - '0'), ++digits;
    if (octet > 255 || digits > 3) return std::nullopt;
    out = (out << 8) | octet;
    ++parts;
    if (parts < 4) {
      if (i >= s.size() || s[i] != '.') return std::nullopt;
      ++i;
    }
  }
  if (i != s.size()) return std::nullopt;
  return out;
}

std::optional<u128> parse_ipv6(std::string_view s) {
  std::vector<uint32_t> head, tail;
  bool compressed = false;
  if (s.starts_with("::")) {
    compressed = true;
    s.remove_prefix(2);
  }
  while (!s.empty()) {
    std::vector<uint32_t>& groups = compressed ? tail : head;
    const size_t colon = s.find(':');
    std::string_view part = s.substr(0, colon);
    if (part.find('.') != std::string_view::npos) {
      if (colon != std::string_view::npos) return std::nullopt;  // IPv4 only at the end
      auto v4 = parse_ipv4(part);
      if (!v4) return std::nullopt;
      groups.push_back(*v4 >> 16);
      groups.push_back(*v4 & 0xFFFF);
      s = {};
      break;
    }
    if (part.empty() || part.size() > 4) return std::nullopt;
    uint32_t group = 0;
    for (char c : part) {
      int d = c >= '0' && c <= '9'   ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                     : -1;
      if (d < 0) return std::nullopt;
      group = group * 16 + static_cast<uint32_t>(d);
    }
    groups.push_back(group);
    if (colon == std::string_view::npos) break;
    s.remove_prefix(colon + 1);
    if (s.starts_with(":")) {
      if (compressed) return std::nullopt;
      compressed = true;
      s.remove_prefix(1);
    } else if (s.empty()) {
      return std::nullopt;  // trailing single colon
    }
  }
  const size_t total = head.size() + tail.size();
  if (compressed ? total > 7 : total != 8) return std::nullopt;
  std::vector<uint32_t> groups = head;
  groups.resize(8 - tail.size(), 0);
  groups.insert(groups.end(), tail.begin(), tail.end());
  u128 out = 0;
  for (uint32_t g : groups) out = (out << 16) | g;
  return out;
}

std::optional<Network> parse_cidr(std::string_view text) {
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::string_view address = text.substr(0, slash), length = text.substr(slash + 1);
  if (length.empty() || length.size() > 3) return std::nullopt;
  int prefix = 0;
  for (char c : length) {
    if (c < '0' || c > '9') return std::nullopt;
    prefix = prefix * 10 + (c - '0');
  }
  Network n;
  if (auto v4 = parse_ipv4(address)) {
    n.address = *v4;
    n.bits = 32;
  } else if (auto v6 = parse_ipv6(address)) {
    n.address = *v6;
    n.bits = 128;
  } else {
    return std::nullopt;
  }
  if (prefix > n.bits) return std::nullopt;
  n.prefix = prefix;
  n.address &= ~host_mask(n.bits - prefix) & all_ones(n.bits);
  return n;
}

// Go's net.IP.String: dotted IPv4; IPv6 with the longest run of two or more zero
// groups (the first on a tie) written as "::".
std::string format_address(u128 address, int bits) {
  char buf[64];
  if (bits == 32) {
    const auto v = static_cast<uint32_t>(address);
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", v >> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255);
    return buf;
  }
  uint32_t groups[8];
  for (int i = 7; i >= 0; --i, address >>= 16) groups[i] = static_cast<uint32_t>(address & 0xFFFF);
  int best = -1, best_length = 1;
  for (int i = 0; i < 8;) {
    if (groups[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && groups[j] == 0) ++j;
    if (j - i > best_length) best = i, best_length = j - i;
    i = j;
  }
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_length - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(buf, sizeof buf, "%x", groups[i]);
    out += buf;
  }
  return out;
}

std::string format_network(u128 address, int prefix, int bits) {
  return format_address(address, bits) + "/" + std::to_string(prefix);
}

std::optional<Network> network_arg(Call& call, size_t i) {
  auto text = call.string(i);
  if (!text) return std::nullopt;
  auto n = parse_cidr(*text);
  if (!n) call.fail("invalid CIDR expression: invalid CIDR address: " + *text);
  return n;
}

Value fn_cidrsubnet(Call& call) {
  auto network = network_arg(call, 0);
  if (!network) return call.failure();
  auto newbits = call.integer(1);
  auto netnum = call.integer(2);
  if (!newbits || !netnum) return call.failure();
  if (*newbits < 0 || network->prefix + *newbits > network->bits) {
    return call.fail("insufficient address space to extend prefix of " + std::to_string(network->prefix) + " by " +
                     std::to_string(*newbits));
  }
  const int prefix = network->prefix + static_cast<int>(*newbits);
  if (*netnum < 0 || (*newbits < 63 && *netnum >= (int64_t{1} << *newbits))) {
    return call.fail("prefix extension of " + std::to_string(*newbits) + " does not accommodate a subnet numbered " +
                     std::to_string(*netnum));
  }
  const int shift = network->bits - prefix;
  const u128 subnet = network->address | (shift >= 128 ? 0 : u128(static_cast<uint64_t>(*netnum)) << shift);
  return Value::string(format_network(subnet, prefix, network->bits));
}

Value fn_cidrhost(Call& call) {
  auto network = network_arg(call, 0);
  auto hostnum = call.integer(1);
  if (!network || !hostnum) return call.failure();
  const int host_bits = network->bits - network->prefix;
  const u128 size_minus_one = host_mask(host_bits);
  const auto as_unsigned = static_cast<uint64_t>(*hostnum);
  const u128 magnitude = *hostnum < 0 ? u128(uint64_t{0} - as_unsigned) : u128(as_unsigned);
  u128 offset = 0;
  if (*hostnum >= 0) {
    if (magnitude > size_minus_one) {
      return call.fail("prefix of " + std::to_string(network->prefix) + " does not accommodate a host numbered " +
                       std::to_string(*hostnum));
    }
    offset = magnitude;
  } else {
    if (magnitude - 1 > size_minus_one) {
      return call.fail("prefix of " + std::to_string(network->prefix) + " does not accommodate a host numbered " +
                       std::to_string(*hostnum));
    }
    offset = size_minus_one - (magnitude - 1);  // -1 is the last address
  }
  return Value::string(format_address(network->address | offset, network->bits));
}

Value fn_cidrnetmask(Call& call) {
  auto network = network_arg(call, 0);
  if (!network) return call.failure();
  if (network->bits != 32) return call.fail("IPv6 addresses cannot have a netmask: " + call.arg(0).as_string());
  return Value::string(format_address(all_ones(32) & ~host_mask(32 - network->prefix), 32));
}

// Consecutive subnets of the given extra prefix lengths, each aligned to its own size,
// in go-cidr's PreviousSubnet / NextSubnet walk.
Value fn_cidrsubnets(Call& call) {
  auto network = network_arg(call, 0);
  if (!network) return call.failure();
  const int bits = network->bits;
  const u128 mask_all = all_ones(bits);
  auto prefix_mask = [&](int prefix) { return mask_all & ~host_mask(bits - prefix); };
  // The block of the network's own size just before it.
  u128 current = ((network->address - 1) & mask_all) & prefix_mask(network->prefix);
  int current_prefix = network->prefix;
  const u128 network_last = network->address | host_mask(bits - network->prefix);
  List out;
  for (size_t i = 1; i < call.size(); ++i) {
    auto newbits = call.integer(i);
    if (!newbits) return call.failure();
    if (*newbits < 1) return call.fail("must extend prefix by at least one bit");
    const int64_t length = network->prefix + *newbits;
    if (length > bits) {
      return call.fail("would extend prefix to " + std::to_string(length) + " bits, which is too long for an " +
                       (bits == 32 ? "IPv4" : "IPv6") + " address");
    }
    const int prefix = static_cast<int>(length);
    const u128 current_last = current | host_mask(bits - current_prefix);
    const u128 containing = current_last & prefix_mask(prefix);
    const u128 last = containing | host_mask(bits - prefix);
    const u128 next = (last + 1) & mask_all;
    if (next == 0 || next < network->address || next > network_last) {
      return call.fail("not enough remaining address space for a subnet with a prefix of " + std::to_string(prefix) +
                       " bits after " + format_network(current, current_prefix, bits));
    }
    current = next;
    current_prefix = prefix;
    out.push_back(Value::string(format_network(current, prefix, bits)));
  }
  return Value::list(std::move(out));
}

const Function kNetworkFunctions[] = {
    {"cidrhost", fn_cidrhost, 2, 2},
    {"cidrnetmask", fn_cidrnetmask, 1, 1},
    {"cidrsubnet", fn_cidrsubnet, 3, 3},
    {"cidrsubnets", fn_cidrsubnets, 1, kVariadic},
};

}  // namespace

std::span<const Function> network_functions() {
  return kNetworkFunctions;
}

}  // namespace vouch::terraform::fn
