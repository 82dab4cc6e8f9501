// Time functions. The clock, randomness and salted hashes (timestamp, uuid, bcrypt)
// only exist at apply time, so vouch reports them as unknown rather than guessing;
// arithmetic on a given RFC 3339 timestamp (timeadd, timecmp, formatdate) is exact.
#include <cstdio>

#include "frontends/terraform/functions_support.h"

namespace vouch::terraform::fn {
namespace {

Value fn_not_known_before_apply(Call& call) {
  return call.not_known_before_apply();
}

// An instant with the UTC offset it was written with (Go's time.Time, FixedZone).
struct Timestamp {
  int64_t seconds = 0;  // since 1970-01-01T00:00:00Z
  int64_t nanos = 0;
  int offset = 0;  // seconds east of UTC
};

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(int64_t z, int64_t& y, int& m, int& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = yoe + era * 400 + (m <= 2);
}

int days_in_month(int64_t y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

// RFC 3339 as Go's time.Parse(time.RFC3339) accepts it: fractional seconds allowed,
// 'T' and 'Z' upper-case.
std::optional<Timestamp> parse_rfc3339(std::string_view s, std::string& error) {
  size_t i = 0;
  auto digits = [&](size_t n, int& out, const char* what) {
    out = 0;
    for (size_t k = 0; k < n; ++k, ++i) {
      if (i >= s.size() || s[i] < '0' || s[i] > '9') {
        error =
            std::string("not a valid RFC3339 timestamp: cannot use \"") + std::string(s.substr(i, 1)) + "\" as " + what;
        return false;
      }
      out = out * 10 + (s[i] - '0');
    }
    return true;
  };
  auto literal = [&](char c) {
    if (i < s.size() && s[i] == c) {
      ++i;
      return true;
    }
    error = i >= s.size()
                ? std::string("not a valid RFC3339 timestamp: end of string where \"") + c + "\" is expected"
                : std::string("not a valid RFC3339 timestamp: found \"") + s[i] + "\" where \"" + c + "\" is expected";
    if (c == 'T') error = "not a valid RFC3339 timestamp: missing required time introducer 'T'";
    return false;
  };
  int year, month, day, hour, minute, second;
  if (!digits(4, year, "year") || !literal('-') || !digits(2, month, "month") || !literal('-') ||
      !digits(2, day, "day of month") || !literal('T') || !digits(2, hour, "hour") || !literal(':') ||
      !digits(2, minute, "minute") || !literal(':') || !digits(2, second, "second")) {
    return std::nullopt;
  }
  int64_t nanos = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    int count = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (count < 9) nanos = nanos * 10 + (s[i] - '0');
      ++count, ++i;
    }
    if (count == 0) {
      error = "not a valid RFC3339 timestamp: cannot use \".\" as second";
      return std::nullopt;
    }
    for (int k = count; k < 9; ++k) nanos *= 10;
  }
  int offset = 0;
  if (i < s.size() && s[i] == 'Z') {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    const int sign = s[i++] == '-' ? -1 : 1;
    int oh, om;
    if (!digits(2, oh, "UTC offset") || !literal(':') || !digits(2, om, "UTC offset")) return std::nullopt;
    offset = sign * (oh * 3600 + om * 60);
  } else {
    error = "not a valid RFC3339 timestamp: end of string before UTC offset";
    return std::nullopt;
  }
  if (i != s.size()) {
    error = "not a valid RFC3339 timestamp: extra text: \"" + std::string(s.substr(i)) + "\"";
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) || hour > 23 || minute > 59 ||
      second > 59) {
    error = "not a valid RFC3339 timestamp: a field is out of range";
    return std::nullopt;
  }
  Timestamp t;
  t.seconds = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset;
  t.nanos = nanos;
  t.offset = offset;
  return t;
}

struct Civil {
  int64_t year;
  int month, day, hour, minute, second, weekday;  // weekday 0 = Sunday
};

Civil to_civil(const Timestamp& t) {
  const int64_t local = t.seconds + t.offset;
  int64_t days = local / 86400, rest = local % 86400;
  if (rest < 0) rest += 86400, --days;
  Civil c{};
  civil_from_days(days, c.year, c.month, c.day);
  c.hour = static_cast<int>(rest / 3600);
  c.minute = static_cast<int>(rest / 60 % 60);
  c.second = static_cast<int>(rest % 60);
  c.weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
  return c;
}

std::string format_offset(int offset, bool colon, bool z_for_utc) {
  if (offset == 0 && z_for_utc) return "Z";
  char buf[16];
  const int magnitude = offset < 0 ? -offset : offset;
  std::snprintf(buf, sizeof buf, colon ? "%c%02d:%02d" : "%c%02d%02d", offset < 0 ? '-' : '+', magnitude / 3600,
                magnitude / 60 % 60);
  return buf;
}

std::string format_rfc3339(const Timestamp& t) {
  const Civil c = to_civil(t);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02d", static_cast<long long>(c.year), c.month, c.day,
                c.hour, c.minute, c.second);
  return buf + format_offset(t.offset, true, true);
}

// Go's time.ParseDuration: [-+] then number+unit pairs ("1h30m", "1.5s", "-2h").
std::optional<int64_t> parse_duration(std::string_view s) {
  if (s == "0") return 0;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  long double total = 0;
  while (!s.empty()) {
    size_t i = 0;
    long double value = 0;
    bool any = false;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') value = value * 10 + (s[i++] - '0'), any = true;
    if (i < s.size() && s[i] == '.') {
      ++i;
      long double scale = 1;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') scale /= 10, value += (s[i++] - '0') * scale, any = true;
    }
    if (!any) return std::nullopt;
    size_t unit_end = i;
    while (unit_end < s.size() && !(s[unit_end] >= '0' && s[unit_end] <= '9') && s[unit_end] != '.') ++unit_end;
    const std::string_view unit = s.substr(i, unit_end - i);
    long double scale = 0;
    if (unit == "ns")
      scale = 1;
    else if (unit == "us" || unit == "\u00b5s" || unit == "\u03bcs")
      scale = 1e3;
    else if (unit == "ms")
      scale = 1e6;
    else if (unit == "s")
      scale = 1e9;
    else if (unit == "m")
      scale = 60e9;
    else if (unit == "h")
      scale = 3600e9;
    else
      return std::nullopt;
    total += value * scale;
    if (total > 9.2e18L) return std::nullopt;
    s.remove_prefix(unit_end);
  }
  const auto nanos = static_cast<int64_t>(total);
  return negative ? -nanos : nanos;
}

std::optional<Timestamp> timestamp_arg(Call& call, size_t i) {
  auto text = call.string(i);
  if (!text) return std::nullopt;
  std::string error;
  auto t = parse_rfc3339(*text, error);
  if (!t) call.fail(error);
  return t;
}

Value fn_timeadd(Call& call) {
  auto t = timestamp_arg(call, 0);
  if (!t) return call.failure();
  auto text = call.string(1);
  if (!text) return call.failure();
  auto duration = parse_duration(*text);
  if (!duration) return call.fail("time: invalid duration \"" + *text + "\"");
  int64_t nanos = t->nanos + *duration % 1000000000;
  int64_t seconds = t->seconds + *duration / 1000000000;
  if (nanos < 0) nanos += 1000000000, --seconds;
  if (nanos >= 1000000000) nanos -= 1000000000, ++seconds;
  return Value::string(format_rfc3339(Timestamp{seconds, nanos, t->offset}));
}

Value fn_timecmp(Call& call) {
  auto a = timestamp_arg(call, 0);
  if (!a) return call.failure();
  auto b = timestamp_arg(call, 1);
  if (!b) return call.failure();
  if (a->seconds != b->seconds) return Value::number(a->seconds < b->seconds ? -1 : 1);
  if (a->nanos != b->nanos) return Value::number(a->nanos < b->nanos ? -1 : 1);
  return Value::number(0);
}

bool is_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// cty's formatdate: runs of one letter are verbs, '…' quotes literal text.
Value fn_formatdate(Call& call) {
  auto format = call.string(0);
  if (!format) return call.failure();
  auto t = timestamp_arg(call, 1);
  if (!t) return call.failure();
  static const char* months[] = {"January", "February", "March",     "April",   "May",      "June",
                                 "July",    "August",   "September", "October", "November", "December"};
  static const char* weekdays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
  const Civil c = to_civil(*t);
  const std::string_view f = *format;
  std::string out;
  char buf[32];
  auto number = [&](long long v, size_t width) {
    std::snprintf(buf, sizeof buf, width == 2 ? "%02lld" : width == 4 ? "%04lld" : "%lld", v);
    out += buf;
  };
  for (size_t i = 0; i < f.size();) {
    if (f[i] == '\'') {
      if (i + 1 < f.size() && f[i + 1] == '\'') {
        out += '\'';
        i += 2;
        continue;
      }
      size_t k = i + 1;
      bool closed = false;
      for (; k < f.size(); ++k) {
        if (f[k] != '\'') {
          out += f[k];
        } else if (k + 1 < f.size() && f[k + 1] == '\'') {
          out += '\'';
          ++k;
        } else {
          closed = true;
          break;
        }
      }
      if (!closed) return call.fail("unterminated literal '");
      i = k + 1;
      continue;
    }
    if (!is_letter(f[i])) {
      out += f[i++];
      continue;
    }
    size_t n = 1;
    while (i + n < f.size() && f[i + n] == f[i]) ++n;
    const std::string verb(f.substr(i, n));
    const char letter = f[i];
    i += n;
    auto bad = [&](const std::string& why) {
      return call.fail("invalid date format verb \"" + verb + "\"" + (why.empty() ? "" : ": " + why));
    };
    switch (letter) {
      case 'Y':
        if (n == 2)
          number(c.year % 100, 2);
        else if (n == 4)
          number(c.year, 4);
        else
          return bad("year must either be \"YY\" or \"YYYY\"");
        break;
      case 'M':
        if (n <= 2)
          number(c.month, n);
        else if (n == 3)
          out += std::string(months[c.month - 1]).substr(0, 3);
        else if (n == 4)
          out += months[c.month - 1];
        else
          return bad("month must be \"M\", \"MM\", \"MMM\", or \"MMMM\"");
        break;
      case 'D':
        if (n > 2) return bad("day of month must either be \"D\" or \"DD\"");
        number(c.day, n);
        break;
      case 'E':
        if (n == 3)
          out += std::string(weekdays[c.weekday]).substr(0, 3);
        else if (n == 4)
          out += weekdays[c.weekday];
        else
          return bad("day of week must either be \"EEE\" or \"EEEE\"");
        break;
      case 'h':
        if (n > 2) return bad("24-hour must either be \"h\" or \"hh\"");
        number(c.hour, n);
        break;
      case 'H':
        if (n > 2) return bad("12-hour must either be \"H\" or \"HH\"");
        number(c.hour % 12 == 0 ? 12 : c.hour % 12, n);
        break;
      case 'A':
      case 'a':
        if (n != 2) return bad(std::string("must be \"") + letter + letter + "\"");
        out += c.hour < 12 ? (letter == 'A' ? "AM" : "am") : (letter == 'A' ? "PM" : "pm");
        break;
      case 'm':
        if (n > 2) return bad("minute must either be \"m\" or \"mm\"");
        number(c.minute, n);
        break;
      case 's':
        if (n > 2) return bad("second must either be \"s\" or \"ss\"");
        number(c.second, n);
        break;
      case 'Z':
        if (n == 1)
          out += format_offset(t->offset, true, true);
        else if (n == 3)
          out += t->offset == 0 ? "UTC" : format_offset(t->offset, false, false);
        else if (n == 4)
          out += format_offset(t->offset, false, false);
        else if (n == 5)
          out += format_offset(t->offset, true, false);
        else
          return bad("timezone must be Z, ZZZZ, or ZZZZZ");
        break;
      default:
        return bad("");
    }
  }
  return Value::string(std::move(out));
}

const Function kTimeFunctions[] = {
    {"bcrypt", fn_not_known_before_apply, 1, 2, Unknowns::Handled},
    {"formatdate", fn_formatdate, 2, 2},
    {"plantimestamp", fn_not_known_before_apply, 0, 0, Unknowns::Handled},
    {"timeadd", fn_timeadd, 2, 2},
    {"timecmp", fn_timecmp, 2, 2},
    {"timestamp", fn_not_known_before_apply, 0, 0, Unknowns::Handled},
    {"uuid", fn_not_known_before_apply, 0, 0, Unknowns::Handled},
};

}  // namespace

std::span<const Function> time_functions() {
  return kTimeFunctions;
}

}  // namespace vouch::terraform::fn
