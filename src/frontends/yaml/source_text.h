// Byte-level view of a YAML file. yaml-cpp reports only where a node starts, so the
// loader recovers where scalars and flow collections end from the text itself.
// Private to the yaml stage.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vouch::yaml {

// The text of one file with its line table. Offsets are byte offsets into the whole
// file (a byte-order mark included); every scan is bounded by the node it measures.
class SourceText {
 public:
  static constexpr size_t npos = static_cast<size_t>(-1);

  explicit SourceText(std::string_view text);

  std::string_view text() const { return text_; }
  size_t size() const { return text_.size(); }

  // 1-based line and byte column of `offset` (clamped to the end of the text).
  struct Position {
    uint32_t line = 0;
    uint32_t col = 0;
  };
  Position position(size_t offset) const;
  // Offset of the first byte of the 1-based `line`, or npos past the last line.
  size_t line_start(uint32_t line) const;

  // Offset just past the node properties (`!tag`, `&anchor`) written at `offset`.
  // When the content follows on a later line and `content_expected`, comments and
  // line breaks are skipped too; otherwise the result stays on the same line.
  size_t skip_properties(size_t offset, bool content_expected) const;

  // End (exclusive) of the scalar whose node starts at `offset` and whose loaded
  // value is `value`: a quoted scalar ends after its closing quote, a block scalar
  // after its last content line, a plain scalar after its last character.
  size_t scalar_end(size_t offset, std::string_view value, bool in_flow) const;

  // Scanning from `offset` over blanks, comments and separators (`,` `:` `?`), the
  // offset just past `close` (`]` or `}`), or npos when something else comes first.
  size_t flow_close_end(size_t offset, char close) const;

  // End of the tag, anchor or alias written at `offset` (`!Ref`, `&name`, `*name`).
  size_t property_end(size_t offset) const;

  // When a YAML null word (`~`, `null`, `Null`, `NULL`) is written at `offset`, its
  // end; otherwise npos. `as_key` accepts a word followed by `:` (a null key).
  size_t null_word_end(size_t offset, bool as_key) const;

  // The first line at or after the line holding `offset` that starts a document
  // (`---` at column 1) and lies after `not_before`; npos when there is none.
  size_t next_document_start(size_t offset, size_t not_before) const;

 private:
  size_t line_end(size_t offset) const;  // offset of the '\n' (or '\r'), or size()
  size_t plain_segment_end(size_t offset, bool in_flow) const;
  size_t quoted_end(size_t offset) const;
  size_t block_scalar_end(size_t offset, std::string_view value) const;
  size_t plain_end(size_t offset, std::string_view value, bool in_flow) const;

  std::string_view text_;
  std::vector<size_t> line_starts_;
};

// Maps offsets in the text handed to yaml-cpp back to the file, when the loader had to
// rewrite escapes that yaml-cpp 0.7 cannot read (JSON's UTF-16 surrogate pairs, see
// rewrite_surrogate_pairs). Without rewrites both are the same.
class OffsetMap {
 public:
  // Records that the rewritten text from `parse_end` on corresponds to the file from `file_end` on.
  void add(size_t parse_end, size_t file_end) { shifts_.push_back({parse_end, file_end}); }
  size_t to_file(size_t parse_offset) const;
  size_t to_parse(size_t file_offset) const;

 private:
  struct Shift {
    size_t parse_end;
    size_t file_end;
  };
  std::vector<Shift> shifts_;  // in increasing order of both offsets
};

// Rewrites each escaped surrogate pair in double-quoted text (`\ud83d\ude00`, as JSON
// writes characters beyond the BMP) as the YAML escape for the same character
// (`\U0001F600`), recording the shifts in `map`. Returns false when there is none.
bool rewrite_surrogate_pairs(std::string_view text, std::string& out, OffsetMap& map);

}  // namespace vouch::yaml
