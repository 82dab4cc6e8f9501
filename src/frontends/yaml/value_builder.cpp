#include "frontends/yaml/value_builder.h"

#include <yaml-cpp/exceptions.h>

#include <algorithm>
#include <numeric>

#include "frontends/yaml/scalar_schema.h"

namespace vouch::yaml {

ValueBuilder::ValueBuilder(const SourceFile& file, const SourceText& text, const Limits& limits, Stream& out)
    : file_(file), text_(text), limits_(limits), out_(out) {}

size_t ValueBuilder::offset_of(const YAML::Mark& mark) const {
  size_t relative = mark.pos < 0 ? 0 : static_cast<size_t>(mark.pos);
  return std::min(offsets_->to_file(parse_offset_ + relative), text_.size());
}

SourceRange ValueBuilder::range(size_t start, size_t end) const {
  SourceText::Position from = text_.position(start);
  SourceText::Position to = text_.position(std::max(start, end));
  return SourceRange{&file_, from.line, from.col, to.line, to.col};
}

void ValueBuilder::add_diagnostic(DiagnosticLevel level, std::string code, std::string message, SourceRange where) {
  out_.diagnostics.push_back(Diagnostic{level, std::move(code), std::move(message), file_.path, where});
}

void ValueBuilder::report(const YAML::Mark& mark, std::string code, std::string message) {
  size_t start = offset_of(mark);
  size_t end = start < text_.size() && text_.text()[start] != '\n' && text_.text()[start] != '\r' ? start + 1 : start;
  add_diagnostic(DiagnosticLevel::Error, std::move(code), std::move(message), range(start, end));
}

void ValueBuilder::OnDocumentStart(const YAML::Mark& mark) {
  size_t start = offset_of(mark);
  // yaml-cpp 0.7 loops forever on some broken input (a line starting with `,`),
  // yielding empty documents that all start at the same place.
  if (last_document_start_ != SourceText::npos && start <= last_document_start_) {
    throw YAML::ParserException(mark, "unexpected character; the YAML parser cannot continue here");
  }
  last_document_start_ = start;
  frames_.clear();
  anchors_.clear();  // anchors are scoped to their document
  root_ = Value();
  has_root_ = false;
  stopped_ = false;
  in_document_ = true;
  tags_at_document_start_ = out_.tags.size();
  last_end_ = start;
}

void ValueBuilder::OnDocumentEnd() {
  if (!in_document_) return;
  while (!frames_.empty()) close(false);  // not expected from a well-formed event stream
  out_.documents.push_back(Document{has_root_ ? root_ : Value(), next_index_++});
  in_document_ = false;
  stopped_ = false;
}

void ValueBuilder::abandon_document() {
  frames_.clear();
  root_ = Value();
  has_root_ = false;
  stopped_ = false;
  if (in_document_) out_.tags.resize(tags_at_document_start_);
  in_document_ = false;
  ++next_index_;  // the broken document keeps its place in the numbering
}

void ValueBuilder::OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) {
  if (stopped_) return;
  Node node;
  size_t start = offset_of(mark);
  size_t word_end = text_.null_word_end(start, expecting_key());
  if (word_end != SourceText::npos) {
    node.start = start;
    node.end = word_end;
    node.key_text = std::string(text_.text().substr(start, word_end - start));
  } else {
    // An empty node (`key:` with nothing after it): yaml-cpp reports it at the next
    // token, which may be lines later, so it is placed where the previous node ended.
    node.start = node.end = last_end_;
  }
  node.value = Value::null(range(node.start, node.end));
  place(std::move(node), anchor);
}

void ValueBuilder::OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                            const std::string& value) {
  if (stopped_) return;
  Node node;
  node.start = offset_of(mark);
  node.end = text_.scalar_end(node.start, value, in_flow());
  SourceRange where = range(node.start, node.end);
  // yaml-cpp reports "?" for plain scalars and "!" for quoted and block ones.
  if (tag == "?") {
    node.value = resolve_plain_scalar(value, where);
    node.plain_merge_key = value == "<<";
  } else if (tag.starts_with(kStandardTagPrefix)) {
    bool mismatch = false;
    node.value = resolve_standard_tag(tag, value, where, mismatch);
    if (mismatch) {
      add_diagnostic(DiagnosticLevel::Warning, "yaml-tag-mismatch",
                     "\"" + value + "\" is not a valid " + tag.substr(kStandardTagPrefix.size()) + "; read as a string",
                     where);
    }
  } else {
    node.value = Value::string(value, where);  // quoted, block, or a custom tag such as !Ref
    if (!is_default_tag(tag)) node.tag = tag;
  }
  node.key_text = value;
  place(std::move(node), anchor);
}

void ValueBuilder::OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) {
  if (stopped_) return;
  Node node;
  node.start = offset_of(mark);
  node.end = text_.property_end(node.start);
  SourceRange where = range(node.start, node.end);
  auto found = anchors_.find(anchor);
  if (found == anchors_.end()) {
    // yaml-cpp rejects undefined anchors itself; what is left is an alias inside the
    // node it names (`&a [*a]`), which cannot be expanded.
    add_diagnostic(DiagnosticLevel::Warning, "yaml-recursive-alias",
                   "alias refers to a node that contains it; read as null", where);
    node.value = Value::null(where);
    place(std::move(node), 0);
    return;
  }
  const Anchored& anchored = found->second;
  if (anchored.nodes > limits_.max_alias_nodes || alias_nodes_used_ > limits_.max_alias_nodes - anchored.nodes) {
    add_diagnostic(DiagnosticLevel::Error, "yaml-alias-budget",
                   "alias expansion exceeds the limit of " + std::to_string(limits_.max_alias_nodes) +
                       " nodes (an alias bomb?); the rest of the document is not read",
                   where);
    node.value = Value::null(where);
    place(std::move(node), 0);
    stop_document();
    return;
  }
  alias_nodes_used_ += anchored.nodes;
  // The copy shares the anchored tree; only its top node moves to where the alias is written.
  node.value = anchored.value;
  node.value.set_range(where);
  node.nodes = anchored.nodes;
  node.key_text = anchored.key_text;
  node.tag = anchored.tag;
  place(std::move(node), 0);
}

void ValueBuilder::OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                                   YAML::EmitterStyle::value style) {
  open(mark, tag, anchor, false, style);
}

void ValueBuilder::OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                              YAML::EmitterStyle::value style) {
  open(mark, tag, anchor, true, style);
}

void ValueBuilder::OnSequenceEnd() {
  if (!stopped_) close(true);
}

void ValueBuilder::OnMapEnd() {
  if (!stopped_) close(true);
}

void ValueBuilder::open(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, bool is_map,
                        YAML::EmitterStyle::value style) {
  if (stopped_) return;
  size_t start = offset_of(mark);
  if (frames_.size() >= limits_.max_depth) {
    SourceRange where = range(start, start);
    add_diagnostic(
        DiagnosticLevel::Error, "yaml-too-deep",
        "nesting deeper than " + std::to_string(limits_.max_depth) + " levels; the rest of the document is not read",
        where);
    Node node;
    node.start = node.end = start;
    node.value = Value::null(where);
    place(std::move(node), 0);
    stop_document();
    return;
  }
  Frame frame;
  frame.is_map = is_map;
  frame.flow = style == YAML::EmitterStyle::Flow;
  frame.start = start;
  frame.last_end = start;
  frame.anchor = anchor;
  if (!is_default_tag(tag)) frame.tag = tag;
  frames_.push_back(std::move(frame));
  last_end_ = start;
}

void ValueBuilder::close(bool complete) {
  Frame frame = std::move(frames_.back());
  frames_.pop_back();

  size_t end = frame.last_end;
  if (frame.flow && complete) {
    size_t from = frame.last_end;
    if (frame.children == 0) from = text_.skip_properties(frame.start, true) + 1;  // past the `[` or `{`
    size_t close_end = text_.flow_close_end(from, frame.is_map ? '}' : ']');
    if (close_end != SourceText::npos) end = close_end;
  }

  Node node;
  node.start = frame.start;
  node.end = end;
  node.nodes = frame.nodes;
  node.tag = std::move(frame.tag);
  SourceRange where = range(node.start, node.end);
  if (frame.is_map) {
    node.value = Value::object(finish_members(frame), where);
  } else {
    node.value = Value::list(std::move(frame.items), where);
  }
  place(std::move(node), frame.anchor);
}

void ValueBuilder::place(Node node, YAML::anchor_t anchor) {
  if (!node.tag.empty()) {
    SourceText::Position at = text_.position(node.start);
    out_.tags.push_back(TaggedNode{at.line, at.col, node.tag});
  }
  bool is_collection = node.value.is_list() || node.value.is_object();
  // A collection used as a mapping key (rare) is named by its rendering; computed only
  // then, because rendering every collection would cost as much as the load.
  if (is_collection && node.key_text.empty() && expecting_key()) {
    node.key_text = node.value.to_display();
  }
  if (anchor != 0) anchors_[anchor] = Anchored{node.value, node.nodes, node.key_text, node.tag};
  last_end_ = node.end;

  if (frames_.empty()) {
    root_ = std::move(node.value);
    has_root_ = true;
    return;
  }
  Frame& parent = frames_.back();
  parent.nodes += node.nodes;
  parent.children += 1;
  parent.last_end = std::max(parent.last_end, node.end);
  if (!parent.is_map) {
    parent.items.push_back(std::move(node.value));
  } else if (!parent.has_key) {
    parent.key = std::move(node);
    parent.has_key = true;
  } else {
    add_member(parent, std::move(node));
    parent.has_key = false;
  }
}

void ValueBuilder::add_member(Frame& frame, Node value) {
  SourceRange where = range(frame.key.start, std::max(frame.key.end, value.end));
  if (frame.key.plain_merge_key && (value.value.is_object() || value.value.is_list())) {
    // `<<: *base` (YAML 1.1 merge keys, which Kubernetes' go-yaml honours): the merged
    // members apply where no explicit key exists; earlier maps of a list win.
    if (value.value.is_object()) {
      for (const Member& member : value.value.as_object()) frame.merged_members.push_back(member);
      return;
    }
    bool all_objects = std::all_of(value.value.as_list().begin(), value.value.as_list().end(),
                                   [](const Value& item) { return item.is_object(); });
    if (all_objects) {
      for (const Value& item : value.value.as_list()) {
        for (const Member& member : item.as_object()) frame.merged_members.push_back(member);
      }
      return;
    }
  }
  frame.members.push_back(Member{std::move(frame.key.key_text), std::move(value.value), where});
}

Object ValueBuilder::finish_members(Frame& frame) {
  Object& members = frame.members;
  std::vector<size_t> order(members.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return members[a].key < members[b].key; });
  size_t first_of_key = 0;  // in `order`: the first (kept) member with the current key
  for (size_t i = 1; i < order.size(); ++i) {
    const Member& again = members[order[i]];
    if (members[order[first_of_key]].key != again.key) {
      first_of_key = i;
      continue;
    }
    add_diagnostic(DiagnosticLevel::Warning, "duplicate-key",
                   "duplicate key \"" + again.key + "\"; the first one, on line " +
                       std::to_string(members[order[first_of_key]].range.start_line) + ", is used",
                   again.range);
  }
  // Explicit members come first, so Value::object keeps them over merged ones.
  Object all = std::move(members);
  all.insert(all.end(), std::make_move_iterator(frame.merged_members.begin()),
             std::make_move_iterator(frame.merged_members.end()));
  return all;
}

void ValueBuilder::stop_document() {
  while (!frames_.empty()) close(false);
  stopped_ = true;
}

}  // namespace vouch::yaml
