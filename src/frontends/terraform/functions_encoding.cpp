// Encoding functions: JSON and YAML both ways, base64, URL query escaping, CSV.
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>

#include "frontends/terraform/functions_support.h"
#include "frontends/yaml/yaml.h"

namespace vouch::terraform::fn {

namespace {

void append_json_string(std::string& out, std::string_view s) {
  static const char* hex = "0123456789abcdef";
  out += '"';
  for (std::string_view ch : characters(s)) {
    const auto c = static_cast<unsigned char>(ch[0]);
    if (ch.size() == 1) {
      switch (c) {
        case '"':
          out += "\\\"";
          continue;
        case '\\':
          out += "\\\\";
          continue;
        case '\n':
          out += "\\n";
          continue;
        case '\r':
          out += "\\r";
          continue;
        case '\t':
          out += "\\t";
          continue;
        default:
          break;
      }
      // Go escapes control characters and, for HTML safety, <, > and &.
      if (c < 0x20 || c == '<' || c == '>' || c == '&') {
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 0xF];
      } else if (c < 0x80) {
        out += static_cast<char>(c);
      } else {
        out += "\\ufffd";  // a stray byte of invalid UTF-8
      }
    } else if (ch == "\u2028" || ch == "\u2029") {
      out += ch == "\u2028" ? "\\u2028" : "\\u2029";
    } else {
      out += ch;
    }
  }
  out += '"';
}

bool append_json(std::string& out, const Value& v) {
  switch (v.kind()) {
    case ValueKind::Null:
      out += "null";
      return true;
    case ValueKind::Bool:
      out += v.as_bool() ? "true" : "false";
      return true;
    case ValueKind::Number:
      out += format_number(v.as_number());
      return true;
    case ValueKind::String:
      append_json_string(out, v.as_string());
      return true;
    case ValueKind::Unknown:
      return false;
    case ValueKind::List: {
      out += '[';
      bool first = true;
      for (const Value& item : v.as_list()) {
        if (!first) out += ',';
        first = false;
        if (!append_json(out, item)) return false;
      }
      out += ']';
      return true;
    }
    case ValueKind::Object: {
      out += '{';
      bool first = true;
      for (const Member& m : v.as_object()) {
        if (!first) out += ',';
        first = false;
        append_json_string(out, m.key);
        out += ':';
        if (!append_json(out, m.value)) return false;
      }
      out += '}';
      return true;
    }
  }
  return false;
}

}  // namespace

std::optional<std::string> json_encode(const Value& v) {
  std::string out;
  if (!append_json(out, v)) return std::nullopt;
  return out;
}

std::string base64_encode(std::string_view bytes) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t chunk = static_cast<uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (i + 1 < bytes.size()) chunk |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    if (i + 2 < bytes.size()) chunk |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[i + 2]));
    out += alphabet[(chunk >> 18) & 63];
    out += alphabet[(chunk >> 12) & 63];
    out += i + 1 < bytes.size() ? alphabet[(chunk >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? alphabet[chunk & 63] : '=';
  }
  return out;
}

namespace {

constexpr unsigned kMaxNesting = 256;

// Strict standard base64 with padding, as Go's StdEncoding (newlines are ignored).
std::optional<std::string> base64_decode(std::string_view text) {
  std::string clean;
  for (char c : text) {
    if (c != '\n' && c != '\r') clean += c;
  }
  if (clean.size() % 4 != 0) return std::nullopt;
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  for (size_t i = 0; i < clean.size(); i += 4) {
    const bool last = i + 4 == clean.size();
    int v[4];
    int padding = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = clean[i + static_cast<size_t>(k)];
      if (c == '=' && last && k >= 2) {
        v[k] = 0;
        ++padding;
        continue;
      }
      if (padding > 0) return std::nullopt;  // data after padding
      v[k] = value(c);
      if (v[k] < 0) return std::nullopt;
    }
    const uint32_t chunk = (static_cast<uint32_t>(v[0]) << 18) | (static_cast<uint32_t>(v[1]) << 12) |
                           (static_cast<uint32_t>(v[2]) << 6) | static_cast<uint32_t>(v[3]);
    out += static_cast<char>((chunk >> 16) & 0xFF);
    if (padding < 2) out += static_cast<char>((chunk >> 8) & 0xFF);
    if (padding < 1) out += static_cast<char>(chunk & 0xFF);
  }
  return out;
}

Value fn_jsonencode(Call& call) {
  return Value::string(*json_encode(call.arg(0)));
}

// Deeper nesting than a configuration needs is refused before parsing (bounded stack).
bool nesting_within(std::string_view text, unsigned limit) {
  unsigned depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return false;
    } else if (c == ']' || c == '}') {
      if (depth > 0) --depth;
    }
  }
  return true;
}

Value from_json(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::null:
      return Value::null();
    case nlohmann::json::value_t::boolean:
      return Value::boolean(j.get<bool>());
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return Value::number(j.get<double>());
    case nlohmann::json::value_t::string:
      return Value::string(j.get<std::string>());
    case nlohmann::json::value_t::array: {
      List items;
      items.reserve(j.size());
      for (const auto& item : j) items.push_back(from_json(item));
      return Value::list(std::move(items));
    }
    case nlohmann::json::value_t::object: {
      Object members;
      members.reserve(j.size());
      for (const auto& [key, item] : j.items()) members.push_back(Member{key, from_json(item), {}});
      return Value::object(std::move(members));
    }
    default:
      return Value::null();
  }
}

Value fn_jsondecode(Call& call) {
  auto text = call.string(0);
  if (!text) return call.failure();
  if (!nesting_within(*text, kMaxNesting)) return call.fail("JSON is nested more than 256 levels deep");
  try {
    return from_json(nlohmann::json::parse(*text));
  } catch (const nlohmann::json::exception& e) {
    return call.fail(std::string("invalid JSON: ") + e.what());
  }
}

// ---- YAML ---------------------------------------------------------------------------------

// Writes YAML the way go-yaml's emitter does for Terraform's yamlencode: block style,
// sequences in a mapping not indented, every string double-quoted (folded with a
// backslash-free line break at the first space past column 80), strings with line
// breaks as literal blocks, and "..." after a document that ends open (a plain root
// scalar or a "|+" block).
class YamlWriter {
 public:
  std::string finish(const Value& v) {
    if (is_block(v)) {
      block(v, 0, false);
    } else {
      scalar(v, 2, true);
      newline();
    }
    if (open_ended_) out_ += "...\n";
    return std::move(out_);
  }

 private:
  static constexpr size_t kWidth = 80;

  static bool is_block(const Value& v) {
    return (v.is_list() && !v.as_list().empty()) || (v.is_object() && !v.as_object().empty());
  }

  void put(std::string_view text) {
    out_ += text;
    column_ += characters(text).size();
  }
  void newline() {
    out_ += '\n';
    column_ = 0;
  }
  void indent_to(size_t indent) {
    out_.append(indent, ' ');
    column_ = indent;
  }

  // `inline_first`: the first entry continues the current line (after "- ").
  void block(const Value& v, size_t indent, bool inline_first) {
    bool first = true;
    if (v.is_list()) {
      for (const Value& item : v.as_list()) {
        if (!first || !inline_first) indent_to(indent);
        first = false;
        put("- ");
        if (is_block(item)) {
          block(item, indent + 2, true);
        } else {
          scalar(item, indent + 2, false);
          newline();
        }
      }
      return;
    }
    for (const Member& m : v.as_object()) {
      if (!first || !inline_first) indent_to(indent);
      first = false;
      quoted(m.key, indent + 2, false);
      put(":");
      if (m.value.is_object() && is_block(m.value)) {
        newline();
        block(m.value, indent + 2, false);
      } else if (is_block(m.value)) {
        newline();
        block(m.value, indent, false);  // go-yaml does not indent a sequence under a key
      } else {
        put(" ");
        scalar(m.value, indent + 2, false);
        newline();
      }
    }
  }

  void scalar(const Value& v, size_t indent, bool root) {
    switch (v.kind()) {
      case ValueKind::String:
        if (v.as_string().find('\n') != std::string::npos && literal_allowed(v.as_string())) {
          literal(v.as_string(), indent);
        } else {
          quoted(v.as_string(), indent, true);
        }
        return;
      case ValueKind::List:
        put("[]");
        return;
      case ValueKind::Object:
        put("{}");
        return;
      case ValueKind::Null:
        put("null");
        break;
      case ValueKind::Bool:
        put(v.as_bool() ? "true" : "false");
        break;
      case ValueKind::Number: {
        const std::string n = format_number(v.as_number());
        put(n == "+Inf" ? "+.Inf" : n == "-Inf" ? "-.Inf" : n);
        break;
      }
      case ValueKind::Unknown:
        break;
    }
    if (root) open_ended_ = true;  // a plain scalar at the root leaves the document open
  }

  static bool printable(uint32_t c) {
    return c == 0x0A || (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF) || c >= 0x10000;
  }

  // libyaml refuses a block scalar for text with a space before a line break, a
  // trailing space or a character that must be escaped.
  static bool literal_allowed(std::string_view s) {
    if (!s.empty() && s.back() == ' ') return false;
    if (s.find(" \n") != std::string_view::npos) return false;
    for (std::string_view ch : characters(s)) {
      const uint32_t c = code_point(ch);
      if (!printable(c) || c == 0x85 || c == 0x2028 || c == 0x2029) return false;
    }
    return true;
  }

  void literal(std::string_view s, size_t indent) {
    // Chomping: "-" without a final newline, "+" when more than one ends the text.
    std::string header = "|";
    if (s.front() == ' ' || s.front() == '\n') header += "2";
    std::string_view body = s;
    if (body.back() != '\n') {
      header += "-";
    } else {
      body.remove_suffix(1);
      if (body.empty() || body.back() == '\n') header += "+";
    }
    open_ended_ = header.back() == '+';
    put(header);
    size_t start = 0;
    while (true) {
      const size_t end = body.find('\n', start);
      const std::string_view line =
          body.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
      newline();
      if (!line.empty()) {
        indent_to(indent);
        put(line);
      }
      if (end == std::string_view::npos) break;
      start = end + 1;
    }
  }

  void quoted(std::string_view s, size_t indent, bool allow_breaks) {
    static const char* hex = "0123456789ABCDEF";
    put("\"");
    const auto chars = characters(s);
    bool after_space = false;
    for (size_t i = 0; i < chars.size(); ++i) {
      const std::string_view ch = chars[i];
      const uint32_t c = valid_utf8(ch) ? code_point(ch) : 0xFFFD;
      const bool is_break = c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029;
      if (!printable(c) || is_break || c == '"' || c == '\\') {
        std::string escape = "\\";
        switch (c) {
          case 0x00:
            escape += '0';
            break;
          case 0x07:
            escape += 'a';
            break;
          case 0x08:
            escape += 'b';
            break;
          case 0x09:
            escape += 't';
            break;
          case 0x0A:
            escape += 'n';
            break;
          case 0x0B:
            escape += 'v';
            break;
          case 0x0C:
            escape += 'f';
            break;
          case 0x0D:
            escape += 'r';
            break;
          case 0x1B:
            escape += 'e';
            break;
          case '"':
            escape += '"';
            break;
          case '\\':
            escape += '\\';
            break;
          case 0x85:
            escape += 'N';
            break;
          case 0x2028:
            escape += 'L';
            break;
          case 0x2029:
            escape += 'P';
            break;
          default: {
            const int digits = c <= 0xFF ? 2 : c <= 0xFFFF ? 4 : 8;
            escape += digits == 2 ? 'x' : digits == 4 ? 'u' : 'U';
            for (int k = digits - 1; k >= 0; --k) escape += hex[(c >> (4 * k)) & 0xF];
          }
        }
        put(escape);
        after_space = false;
      } else if (c == ' ') {
        if (allow_breaks && !after_space && column_ > kWidth && i > 0 && i + 1 < chars.size()) {
          newline();
          indent_to(indent);
          if (chars[i + 1] == " ") put("\\");
        } else {
          put(" ");
        }
        after_space = true;
      } else {
        put(ch);
        after_space = false;
      }
    }
    put("\"");
  }

  std::string out_;
  size_t column_ = 0;
  bool open_ended_ = false;
};

Value fn_yamlencode(Call& call) {
  return Value::string(YamlWriter().finish(call.arg(0)));
}

// Drops the source ranges yaml::load gave the decoded value: they point into the
// argument string, not into a file anyone can open.
Value without_ranges(const Value& v) {
  switch (v.kind()) {
    case ValueKind::List: {
      List items;
      for (const Value& item : v.as_list()) items.push_back(without_ranges(item));
      return Value::list(std::move(items));
    }
    case ValueKind::Object: {
      Object members;
      for (const Member& m : v.as_object()) members.push_back(Member{m.key, without_ranges(m.value), {}});
      return Value::object(std::move(members));
    }
    case ValueKind::Bool:
      return Value::boolean(v.as_bool());
    case ValueKind::Number:
      return Value::number(v.as_number());
    case ValueKind::String:
      return Value::string(v.as_string());
    default:
      return Value::null();
  }
}

Value fn_yamldecode(Call& call) {
  auto text = call.string(0);
  if (!text) return call.failure();
  const SourceFile file{"<yamldecode argument>", *text};
  yaml::Stream stream = yaml::load(file);
  for (const Diagnostic& d : stream.diagnostics) {
    if (d.level == DiagnosticLevel::Error) {
      std::string where;
      if (d.range.start_line > 0) {
        where = " at line " + std::to_string(d.range.start_line) + ", column " + std::to_string(d.range.start_col);
      }
      return call.fail("invalid YAML" + where + ": " + d.message);
    }
  }
  if (stream.documents.size() > 1) return call.fail("unexpected extra content after value");
  if (stream.documents.empty()) return Value::null();
  return without_ranges(stream.documents.front().root);
}

// ---- base64, URLs, CSV -------------------------------------------------------------------

Value fn_base64encode(Call& call) {
  auto s = call.string(0);
  return s ? Value::string(base64_encode(*s)) : call.failure();
}

Value fn_base64decode(Call& call) {
  auto s = call.string(0);
  if (!s) return call.failure();
  auto decoded = base64_decode(*s);
  if (!decoded) return call.fail("failed to decode base64 data");
  if (!valid_utf8(*decoded)) return call.fail("the result of decoding the provided string is not valid UTF-8");
  return Value::string(std::move(*decoded));
}

// Go's url.QueryEscape: unreserved characters stay, spaces become '+', the rest %XX.
Value fn_urlencode(Call& call) {
  auto s = call.string(0);
  if (!s) return call.failure();
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (char ch : *s) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += ch;
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 0xF];
    }
  }
  return Value::string(std::move(out));
}

// ---- text encodings ----------------------------------------------------------------------

// The IANA character sets Terraform accepts that infrastructure code uses (UTF-16LE for
// Windows user data above all). Others are reported as not implemented.
enum class Charset { Utf8, Utf16Le, Utf16Be, Utf16Bom, Latin1, Unsupported, Invalid };

Charset charset_named(std::string_view name) {
  std::string n;
  for (char c : name) n += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (n == "utf-8" || n == "utf8" || n == "csutf8") return Charset::Utf8;
  if (n == "utf-16le" || n == "csutf16le") return Charset::Utf16Le;
  if (n == "utf-16be" || n == "csutf16be") return Charset::Utf16Be;
  if (n == "utf-16" || n == "csutf16") return Charset::Utf16Bom;
  if (n == "iso-8859-1" || n == "iso_8859-1" || n == "iso_8859-1:1987" || n == "latin1" || n == "l1" || n == "ibm819" ||
      n == "cp819" || n == "csisolatin1" || n == "iso-ir-100") {
    return Charset::Latin1;
  }
  // Names of other IANA character sets look like these; anything else is no charset at all.
  if (n.empty() || n.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_:.()+") != std::string::npos) {
    return Charset::Invalid;
  }
  return Charset::Unsupported;
}

std::optional<std::string> encode_text(std::string_view utf8, Charset charset) {
  std::string out;
  if (charset == Charset::Utf8) return std::string(utf8);
  if (charset == Charset::Utf16Bom) out += "\xFE\xFF";
  for (std::string_view ch : characters(utf8)) {
    const uint32_t c = valid_utf8(ch) ? code_point(ch) : 0xFFFD;
    if (charset == Charset::Latin1) {
      if (c > 0xFF) return std::nullopt;
      out += static_cast<char>(c);
      continue;
    }
    auto unit = [&](uint32_t u) {
      const char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xFF);
      if (charset == Charset::Utf16Le) {
        out += lo;
        out += hi;
      } else {
        out += hi;
        out += lo;
      }
    };
    if (c >= 0x10000) {
      unit(0xD800 + ((c - 0x10000) >> 10));
      unit(0xDC00 + ((c - 0x10000) & 0x3FF));
    } else {
      unit(c);
    }
  }
  return out;
}

// Decodes to UTF-8; malformed input becomes U+FFFD, as golang.org/x/text does.
std::string decode_text(std::string_view bytes, Charset charset) {
  std::string out;
  if (charset == Charset::Utf8) {
    for (std::string_view ch : characters(bytes)) {
      if (valid_utf8(ch))
        out += ch;
      else
        append_utf8(out, 0xFFFD);
    }
    return out;
  }
  if (charset == Charset::Latin1) {
    for (char c : bytes) append_utf8(out, static_cast<unsigned char>(c));
    return out;
  }
  bool little = charset == Charset::Utf16Le;
  size_t i = 0;
  if (charset == Charset::Utf16Bom && bytes.size() >= 2) {
    const auto b0 = static_cast<unsigned char>(bytes[0]), b1 = static_cast<unsigned char>(bytes[1]);
    if (b0 == 0xFF && b1 == 0xFE)
      little = true, i = 2;
    else if (b0 == 0xFE && b1 == 0xFF)
      i = 2;
  }
  auto unit_at = [&](size_t k) {
    const auto a = static_cast<unsigned char>(bytes[k]), b = static_cast<unsigned char>(bytes[k + 1]);
    return little ? static_cast<uint32_t>(a | (b << 8)) : static_cast<uint32_t>((a << 8) | b);
  };
  for (; i + 1 < bytes.size(); i += 2) {
    const uint32_t u = unit_at(i);
    if (u >= 0xD800 && u < 0xDC00 && i + 3 < bytes.size()) {
      const uint32_t low = unit_at(i + 2);
      if (low >= 0xDC00 && low < 0xE000) {
        append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
        i += 2;
        continue;
      }
    }
    append_utf8(out, u >= 0xD800 && u < 0xE000 ? 0xFFFD : u);
  }
  if (i < bytes.size()) append_utf8(out, 0xFFFD);  // an odd trailing byte
  return out;
}

std::optional<Charset> charset_arg(Call& call, size_t i) {
  auto name = call.string(i);
  if (!name) return std::nullopt;
  const Charset charset = charset_named(*name);
  if (charset == Charset::Invalid) {
    call.fail("\"" + *name + "\" is not a supported IANA encoding name or alias");
    return std::nullopt;
  }
  return charset;
}

// An encoding Terraform knows but vouch does not: unknown, reported like a missing function.
Value unsupported_charset(Call& call, const std::string& name) {
  FunctionContext& ctx = call.context();
  const std::string message =
      "function " + std::string(call.name()) + " is not implemented for the encoding \"" + name + "\"";
  if (ctx.diagnostics) {
    ctx.diagnostics->push_back(Diagnostic{DiagnosticLevel::Warning, "unknown-function", message,
                                          std::string(ctx.call_range.path()), ctx.call_range});
  }
  return Value::unknown(message, ctx.call_range);
}

Value fn_textencodebase64(Call& call) {
  auto text = call.string(0);
  auto charset = charset_arg(call, 1);
  if (!text || !charset) return call.failure();
  if (*charset == Charset::Unsupported) return unsupported_charset(call, call.arg(1).as_string());
  auto encoded = encode_text(*text, *charset);
  if (!encoded) {
    return call.fail("the given string contains characters that cannot be represented in " + call.arg(1).as_string());
  }
  return Value::string(base64_encode(*encoded));
}

Value fn_textdecodebase64(Call& call) {
  auto text = call.string(0);
  auto charset = charset_arg(call, 1);
  if (!text || !charset) return call.failure();
  auto bytes = base64_decode(*text);
  if (!bytes) return call.fail("the given value has an invalid base64 symbol");
  if (*charset == Charset::Unsupported) return unsupported_charset(call, call.arg(1).as_string());
  return Value::string(decode_text(*bytes, *charset));
}

// RFC 4180 records, as Go's encoding/csv reads them (quotes may span lines).
std::optional<std::vector<std::vector<std::string>>> parse_csv(std::string_view text, std::string& error) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  size_t line = 1;
  size_t i = 0;
  bool row_open = false;
  while (i < text.size()) {
    if (text[i] == '"' && field.empty()) {
      ++i;
      row_open = true;
      while (true) {
        if (i >= text.size()) {
          error = "extraneous or missing \" in quoted-field on line " + std::to_string(line);
          return std::nullopt;
        }
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (text[i] == '\n') ++line;
        field += text[i++];
      }
      if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
        error = "extraneous or missing \" in quoted-field on line " + std::to_string(line);
        return std::nullopt;
      }
      continue;
    }
    const char c = text[i];
    if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
      row_open = true;
      ++i;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++i;
      if (row_open || !field.empty()) {
        row.push_back(std::move(field));
        field.clear();
        rows.push_back(std::move(row));
        row.clear();
      }
      row_open = false;
      ++line;
    } else if (c == '"') {
      error = "bare \" in non-quoted-field on line " + std::to_string(line);
      return std::nullopt;
    } else {
      field += c;
      row_open = true;
      ++i;
    }
  }
  if (row_open || !field.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

Value fn_csvdecode(Call& call) {
  auto text = call.string(0);
  if (!text) return call.failure();
  std::string error;
  auto rows = parse_csv(*text, error);
  if (!rows) return call.fail(error);
  if (rows->empty()) return call.fail("missing header line");
  const std::vector<std::string>& header = rows->front();
  List out;
  for (size_t r = 1; r < rows->size(); ++r) {
    const auto& row = (*rows)[r];
    if (row.size() != header.size()) {
      return call.fail("record on line " + std::to_string(r + 1) + ": wrong number of fields");
    }
    Object members;
    for (size_t c = 0; c < header.size(); ++c) members.push_back(Member{header[c], Value::string(row[c]), {}});
    out.push_back(Value::object(std::move(members)));
  }
  return Value::list(std::move(out));
}

const Function kEncodingFunctions[] = {
    {"base64decode", fn_base64decode, 1, 1},
    {"base64encode", fn_base64encode, 1, 1},
    {"csvdecode", fn_csvdecode, 1, 1},
    {"jsondecode", fn_jsondecode, 1, 1},
    {"jsonencode", fn_jsonencode, 1, 1},
    {"textdecodebase64", fn_textdecodebase64, 2, 2},
    {"textencodebase64", fn_textencodebase64, 2, 2},
    {"urlencode", fn_urlencode, 1, 1},
    {"yamldecode", fn_yamldecode, 1, 1},
    {"yamlencode", fn_yamlencode, 1, 1},
};

}  // namespace

std::span<const Function> encoding_functions() {
  return kEncodingFunctions;
}

}  // namespace vouch::terraform::fn
