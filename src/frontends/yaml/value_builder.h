// Builds vouch Values from yaml-cpp's event stream. Private to the yaml stage.
#pragma once

#include <yaml-cpp/anchor.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/mark.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "frontends/yaml/source_text.h"
#include "frontends/yaml/yaml.h"

namespace vouch::yaml {

// Receives the events of one stream and appends its documents, tags and diagnostics
// to a Stream. It keeps one frame per open collection, so nesting costs heap, not
// stack, and it enforces the limits: a collection deeper than `max_depth` or an alias
// whose expansion would exceed `max_alias_nodes` becomes null, gets an error, and the
// rest of that document is skipped (what was read before is kept). After a syntax
// error the parser is restarted further on with the same builder (see load()).
class ValueBuilder final : public YAML::EventHandler {
 public:
  ValueBuilder(const SourceFile& file, const SourceText& text, const Limits& limits, Stream& out);

  // Where the parser's input begins in the text given to yaml-cpp (marks are relative
  // to it), and how that text maps back to the file.
  void set_input(size_t parse_offset, const OffsetMap& offsets) {
    parse_offset_ = parse_offset;
    offsets_ = &offsets;
    last_document_start_ = SourceText::npos;
  }
  // The file offset of a parser mark.
  size_t offset_of(const YAML::Mark& mark) const;
  // The parser threw inside a document: drop what was read of it.
  void abandon_document();
  // True when the document being read was already stopped by a limit (with an error).
  bool document_stopped() const { return stopped_; }
  // Adds an error at a parser mark (relative to the base offset).
  void report(const YAML::Mark& mark, std::string code, std::string message);

  void OnDocumentStart(const YAML::Mark& mark) override;
  void OnDocumentEnd() override;
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override;
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override;
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override;
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override;
  void OnSequenceEnd() override;
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override;
  void OnMapEnd() override;

 private:
  // A node that has been read completely and waits to be placed in its parent.
  struct Node {
    Value value;
    size_t nodes = 1;  // size of the tree, aliases expanded (for the alias budget)
    size_t start = 0;  // byte offsets in the file
    size_t end = 0;
    std::string key_text;  // how the node reads as a mapping key
    std::string tag;       // non-default tag, or ""
    bool plain_merge_key = false;
  };
  // An open sequence or mapping.
  struct Frame {
    bool is_map = false;
    bool flow = false;
    size_t start = 0;
    size_t last_end = 0;  // end of the last child so far
    YAML::anchor_t anchor = 0;
    std::string tag;
    size_t nodes = 1;
    size_t children = 0;
    List items;
    Object members;         // explicit members, in document order
    Object merged_members;  // from `<<: *anchor`, used where no explicit key exists
    bool has_key = false;
    Node key;
  };
  struct Anchored {
    Value value;
    size_t nodes = 1;
    std::string key_text;
    std::string tag;
  };

  SourceRange range(size_t start, size_t end) const;
  bool in_flow() const { return !frames_.empty() && frames_.back().flow; }
  bool expecting_key() const { return !frames_.empty() && frames_.back().is_map && !frames_.back().has_key; }

  void open(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, bool is_map,
            YAML::EmitterStyle::value style);
  void close(bool complete);
  void place(Node node, YAML::anchor_t anchor);
  void add_member(Frame& frame, Node value);
  // The members for Value::object, after reporting duplicate keys.
  Object finish_members(Frame& frame);
  // Closes every open collection with what it holds and skips the rest of the document.
  void stop_document();
  void add_diagnostic(DiagnosticLevel level, std::string code, std::string message, SourceRange where);

  const SourceFile& file_;
  const SourceText& text_;
  const Limits& limits_;
  Stream& out_;
  size_t parse_offset_ = 0;
  const OffsetMap* offsets_ = nullptr;

  std::vector<Frame> frames_;
  std::unordered_map<YAML::anchor_t, Anchored> anchors_;
  size_t alias_nodes_used_ = 0;
  size_t last_end_ = 0;  // end of the last node read; empty nulls are placed here
  Value root_;
  bool in_document_ = false;
  bool has_root_ = false;
  bool stopped_ = false;
  size_t tags_at_document_start_ = 0;
  size_t last_document_start_ = SourceText::npos;  // in this parser run; to detect a stuck parser
  unsigned next_index_ = 0;
};

}  // namespace vouch::yaml
