#include "frontends/yaml/source_text.h"

#include <algorithm>
#include <cstdio>

namespace vouch::yaml {
namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}
bool is_break(char c) {
  return c == '\n' || c == '\r';
}
bool is_flow_indicator(char c) {
  return c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}

}  // namespace

SourceText::SourceText(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

SourceText::Position SourceText::position(size_t offset) const {
  offset = std::min(offset, text_.size());
  auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  size_t line_index = static_cast<size_t>(after - line_starts_.begin()) - 1;
  return {static_cast<uint32_t>(line_index + 1), static_cast<uint32_t>(offset - line_starts_[line_index] + 1)};
}

size_t SourceText::line_start(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return npos;
  return line_starts_[line - 1];
}

size_t SourceText::line_end(size_t offset) const {
  size_t i = offset;
  while (i < text_.size() && !is_break(text_[i])) ++i;
  return i;
}

size_t SourceText::skip_properties(size_t offset, bool content_expected) const {
  size_t i = offset;
  while (i < text_.size() && (text_[i] == '!' || text_[i] == '&')) {
    i = property_end(i);
    size_t after_blanks = i;
    while (after_blanks < text_.size() && is_blank(text_[after_blanks])) ++after_blanks;
    if (after_blanks < text_.size() && (text_[after_blanks] == '!' || text_[after_blanks] == '&')) {
      i = after_blanks;
      continue;
    }
    bool content_on_this_line =
        after_blanks < text_.size() && !is_break(text_[after_blanks]) && text_[after_blanks] != '#';
    if (content_on_this_line) return after_blanks;
    if (!content_expected) return i;
    i = after_blanks;
    // The content may follow on a later line, after comments.
    while (i < text_.size()) {
      if (is_blank(text_[i]) || is_break(text_[i])) {
        ++i;
      } else if (text_[i] == '#') {
        i = line_end(i);
      } else {
        break;
      }
    }
  }
  return i;
}

size_t SourceText::scalar_end(size_t offset, std::string_view value, bool in_flow) const {
  size_t start = skip_properties(offset, !value.empty());
  if (start >= text_.size()) return text_.size();
  char c = text_[start];
  if (c == '"' || c == '\'') return quoted_end(start);
  if (c == '|' || c == '>') return block_scalar_end(start, value);
  if (value.empty()) return start;  // an empty tagged scalar (`!Ref` alone) ends with its tag
  return plain_end(start, value, in_flow);
}

size_t SourceText::quoted_end(size_t offset) const {
  char quote = text_[offset];
  size_t i = offset + 1;
  while (i < text_.size()) {
    char c = text_[i];
    if (quote == '"' && c == '\\') {
      i += 2;
    } else if (c == quote) {
      if (quote == '\'' && i + 1 < text_.size() && text_[i + 1] == '\'') {
        i += 2;  // '' is an escaped quote inside a single-quoted scalar
      } else {
        return i + 1;
      }
    } else {
      ++i;
    }
  }
  return text_.size();
}

size_t SourceText::block_scalar_end(size_t offset, std::string_view value) const {
  // The header (`|`, `>-`, `|2 # comment`) ends the scalar when it has no content.
  size_t header_end = offset + 1;
  while (header_end < text_.size() && !is_blank(text_[header_end]) && !is_break(text_[header_end])) ++header_end;
  bool has_content = value.find_first_not_of("\n") != std::string_view::npos;
  if (!has_content) return header_end;

  size_t last_content_end = header_end;
  size_t content_indent = npos;
  size_t i = line_end(offset);
  while (i < text_.size()) {
    // Step over the line break ("\r\n" or "\n") to the next line.
    if (text_[i] == '\r') ++i;
    if (i < text_.size() && text_[i] == '\n') ++i;
    if (i >= text_.size()) break;
    size_t end = line_end(i);
    size_t indent = 0;
    while (i + indent < end && text_[i + indent] == ' ') ++indent;
    size_t content = i + indent;
    while (content < end && is_blank(text_[content])) ++content;
    if (content == end) {  // a blank line belongs to the scalar only if content follows
      i = end;
      continue;
    }
    if (indent == 0 && (text_.substr(i, 3) == "---" || text_.substr(i, 3) == "...")) break;
    if (content_indent == npos) content_indent = indent;
    if (indent < content_indent) break;
    size_t trimmed = end;
    while (trimmed > content && is_blank(text_[trimmed - 1])) --trimmed;
    last_content_end = trimmed;
    i = end;
  }
  return last_content_end;
}

size_t SourceText::plain_segment_end(size_t offset, bool in_flow) const {
  size_t i = offset;
  while (i < text_.size()) {
    char c = text_[i];
    if (is_break(c)) break;
    if (c == '#' && i > offset && is_blank(text_[i - 1])) break;
    if (c == ':') {
      char next = i + 1 < text_.size() ? text_[i + 1] : '\n';
      if (is_blank(next) || is_break(next) || (in_flow && is_flow_indicator(next))) break;
    }
    if (in_flow && is_flow_indicator(c)) break;
    ++i;
  }
  while (i > offset && is_blank(text_[i - 1])) --i;
  return i;
}

size_t SourceText::plain_end(size_t offset, std::string_view value, bool in_flow) const {
  // A plain scalar on one line is its own text: the common, exact case.
  if (text_.compare(offset, value.size(), value) == 0) return offset + value.size();

  // A multi-line plain scalar: its lines are folded into `value` (one break becomes a
  // space, n blank lines become n-1 newlines), so follow lines until `value` is used up.
  size_t end = plain_segment_end(offset, in_flow);
  size_t consumed = end - offset;
  bool after_blank_line = false;
  size_t i = line_end(end);
  while (consumed < value.size() && i < text_.size()) {
    if (text_[i] == '\r') ++i;
    if (i < text_.size() && text_[i] == '\n') ++i;
    size_t content = i;
    while (content < text_.size() && is_blank(text_[content])) ++content;
    if (content >= text_.size()) break;
    if (is_break(text_[content])) {
      consumed += 1;
      after_blank_line = true;
      i = content;
      continue;
    }
    if (text_[content] == '#') break;
    size_t segment_end = plain_segment_end(content, in_flow);
    if (segment_end == content) break;
    if (!after_blank_line) consumed += 1;
    consumed += segment_end - content;
    after_blank_line = false;
    end = segment_end;
    i = line_end(segment_end);
  }
  return end;
}

size_t SourceText::flow_close_end(size_t offset, char close) const {
  size_t i = offset;
  while (i < text_.size()) {
    char c = text_[i];
    if (c == close) return i + 1;
    if (is_blank(c) || is_break(c) || c == ',' || c == ':' || c == '?') {
      ++i;
    } else if (c == '#') {
      i = line_end(i);
    } else {
      return npos;
    }
  }
  return npos;
}

size_t SourceText::property_end(size_t offset) const {
  size_t i = offset + 1;  // past '!', '&' or '*'
  if (text_[offset] == '!' && i < text_.size() && text_[i] == '<') {
    // A verbatim tag (`!<tag:example.com,2000:x>`) may hold any character but blanks.
    while (i < text_.size() && text_[i] != '>' && !is_blank(text_[i]) && !is_break(text_[i])) ++i;
    return i < text_.size() && text_[i] == '>' ? i + 1 : i;
  }
  // Tag shorthands and anchor names end at a blank or a flow indicator.
  while (i < text_.size() && !is_blank(text_[i]) && !is_break(text_[i]) && !is_flow_indicator(text_[i])) ++i;
  return i;
}

size_t SourceText::null_word_end(size_t offset, bool as_key) const {
  if (offset >= text_.size()) return npos;
  size_t end = npos;
  for (std::string_view word : {"~", "null", "Null", "NULL"}) {
    if (text_.compare(offset, word.size(), word) == 0) {
      end = offset + word.size();
      break;
    }
  }
  if (end == npos) return npos;
  if (end < text_.size()) {
    char c = text_[end];
    if (!is_blank(c) && !is_break(c) && !is_flow_indicator(c) && c != ':' && c != '#') return npos;
  }
  if (!as_key) {
    // `key:` with no value is reported at the next token; a following `null:` is a key.
    size_t next = end;
    while (next < text_.size() && is_blank(text_[next])) ++next;
    if (next < text_.size() && text_[next] == ':') return npos;
  }
  return end;
}

size_t SourceText::next_document_start(size_t offset, size_t not_before) const {
  uint32_t line = position(offset).line;
  for (size_t index = line - 1; index < line_starts_.size(); ++index) {
    size_t start = line_starts_[index];
    if (start <= not_before) continue;
    if (text_.compare(start, 3, "---") != 0) continue;
    char after = start + 3 < text_.size() ? text_[start + 3] : '\n';
    if (is_blank(after) || is_break(after)) return start;
  }
  return npos;
}

size_t OffsetMap::to_file(size_t parse_offset) const {
  auto after = std::upper_bound(shifts_.begin(), shifts_.end(), parse_offset,
                                [](size_t offset, const Shift& shift) { return offset < shift.parse_end; });
  if (after == shifts_.begin()) return parse_offset;
  const Shift& shift = *(after - 1);
  return parse_offset - shift.parse_end + shift.file_end;
}

size_t OffsetMap::to_parse(size_t file_offset) const {
  auto after = std::upper_bound(shifts_.begin(), shifts_.end(), file_offset,
                                [](size_t offset, const Shift& shift) { return offset < shift.file_end; });
  if (after == shifts_.begin()) return file_offset;
  const Shift& shift = *(after - 1);
  return file_offset - shift.file_end + shift.parse_end;
}

namespace {

// The UTF-16 unit of a `\uXXXX` escape at `offset`, or -1.
long utf16_escape_at(std::string_view text, size_t offset) {
  if (offset + 6 > text.size() || text[offset] != '\\' || text[offset + 1] != 'u') return -1;
  long unit = 0;
  for (size_t i = offset + 2; i < offset + 6; ++i) {
    char c = text[i];
    int digit = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
    if (digit < 0) return -1;
    unit = unit * 16 + digit;
  }
  return unit;
}

}  // namespace

bool rewrite_surrogate_pairs(std::string_view text, std::string& out, OffsetMap& map) {
  out.clear();
  bool rewritten = false;
  size_t copied = 0;
  size_t backslashes = 0;  // consecutive backslashes before the current byte
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      backslashes = 0;
      continue;
    }
    bool escaped = backslashes % 2 == 1;  // `\\u…` is a backslash followed by "u…"
    ++backslashes;
    if (escaped) continue;
    long high = utf16_escape_at(text, i);
    if (high < 0xD800 || high > 0xDBFF) continue;
    long low = utf16_escape_at(text, i + 6);
    if (low < 0xDC00 || low > 0xDFFF) continue;
    long code_point = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
    char escape[16];
    std::snprintf(escape, sizeof escape, "\\U%08lX", code_point);
    if (!rewritten) out.reserve(text.size());
    out.append(text.substr(copied, i - copied));
    out.append(escape);
    copied = i + 12;
    map.add(out.size(), copied);
    rewritten = true;
    i += 11;
    backslashes = 0;
  }
  if (!rewritten) return false;
  out.append(text.substr(copied));
  return true;
}

}  // namespace vouch::yaml
