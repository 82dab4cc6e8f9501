#include "frontends/yaml/yaml.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <istream>
#include <streambuf>

#include "frontends/yaml/source_text.h"
#include "frontends/yaml/value_builder.h"

namespace vouch::yaml {
namespace {

// Lets yaml-cpp read the file text in place, without copying it into a stringstream.
class MemoryBuffer : public std::streambuf {
 public:
  explicit MemoryBuffer(std::string_view text) {
    char* begin = const_cast<char*>(text.data());  // read-only: the get area is never written
    setg(begin, begin, begin + text.size());
  }
};

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool tagged_node_less(const TaggedNode& a, const TaggedNode& b) {
  return a.line != b.line ? a.line < b.line : a.col < b.col;
}

}  // namespace

std::string_view Stream::tag_at(const SourceRange& range) const {
  TaggedNode probe{range.start_line, range.start_col, {}};
  auto found = std::lower_bound(tags.begin(), tags.end(), probe, tagged_node_less);
  if (found == tags.end() || found->line != range.start_line || found->col != range.start_col) return {};
  return found->tag;
}

namespace {

// One pass of yaml-cpp over `parse_text` (the file text, or a rewrite of it).
Stream read_stream(const SourceFile& file, const SourceText& text, std::string_view parse_text,
                   const OffsetMap& offsets, const Limits& limits) {
  Stream out;
  ValueBuilder builder(file, text, limits, out);
  // yaml-cpp skips a byte-order mark without counting it in its marks.
  size_t offset = parse_text.starts_with(kUtf8Bom) ? kUtf8Bom.size() : 0;
  while (offset < parse_text.size()) {
    MemoryBuffer buffer(parse_text.substr(offset));
    std::istream input(&buffer);
    builder.set_input(offset, offsets);
    YAML::Mark error_mark;
    try {
      YAML::Parser parser(input);
      while (parser.HandleNextDocument(builder)) {
      }
      break;
    } catch (const YAML::DeepRecursion& error) {
      // yaml-cpp's own nesting guard; when our limit is lower it has already reported.
      if (!builder.document_stopped()) {
        builder.report(error.mark, "yaml-too-deep", "nesting too deep for the YAML parser; the document is not read");
      }
      error_mark = error.mark;
    } catch (const YAML::ParserException& error) {
      builder.report(error.mark, "yaml-syntax-error", error.msg);
      error_mark = error.mark;
    }
    // A syntax error ends the document it is in; reading resumes at the next `---`.
    builder.abandon_document();
    size_t resume = text.next_document_start(builder.offset_of(error_mark), offsets.to_file(offset));
    if (resume == SourceText::npos) break;
    offset = offsets.to_parse(resume);
  }
  return out;
}

bool failed_on_invalid_unicode(const Stream& stream) {
  return std::any_of(stream.diagnostics.begin(), stream.diagnostics.end(), [](const Diagnostic& diagnostic) {
    return diagnostic.code == "yaml-syntax-error" && diagnostic.message.starts_with("invalid unicode");
  });
}

}  // namespace

Stream load(const SourceFile& file, const Limits& limits) {
  SourceText text(file.text);
  OffsetMap identity;
  Stream out = read_stream(file, text, file.text, identity, limits);
  if (failed_on_invalid_unicode(out)) {
    // yaml-cpp 0.7 rejects JSON's escaped surrogate pairs; read again with them rewritten.
    std::string rewritten;
    OffsetMap offsets;
    if (rewrite_surrogate_pairs(file.text, rewritten, offsets))
      out = read_stream(file, text, rewritten, offsets, limits);
  }
  std::stable_sort(out.tags.begin(), out.tags.end(), tagged_node_less);
  std::stable_sort(out.diagnostics.begin(), out.diagnostics.end(), diagnostic_less);
  return out;
}

}  // namespace vouch::yaml
