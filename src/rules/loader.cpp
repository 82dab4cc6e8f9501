// RuleSet::load: strict parsing of rule files (docs/rule-format.md). Every problem
// becomes a RuleError with the file, line and column of the offending key or value;
// loading goes on so one run reports every error of a pack.
#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <map>
#include <set>

#include "frontends/yaml/yaml.h"
#include "rules/rules.h"

namespace vouch {
namespace {

constexpr unsigned kMaxConditionDepth = 64;

bool is_kebab_case(std::string_view text) {
  if (text.empty() || text.front() == '-' || text.back() == '-') return false;
  char previous = 0;
  for (char c : text) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || (c == '-' && previous == '-')) return false;
    previous = c;
  }
  return true;
}

std::string file_stem(std::string_view path) {
  size_t slash = path.find_last_of('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  if (name.ends_with(".yaml")) name.remove_suffix(5);
  return std::string(name);
}

// The pack is the folder above the service folder: rulepacks/<pack>/<service>/<id>.yaml.
// Shallower paths fall back to the nearest folder, or "".
std::string pack_of(std::string_view path) {
  std::vector<std::string_view> folders;
  size_t start = 0;
  for (size_t slash; (slash = path.find('/', start)) != std::string_view::npos; start = slash + 1) {
    if (slash > start) folders.push_back(path.substr(start, slash - start));
  }
  if (folders.size() >= 2) return std::string(folders[folders.size() - 2]);
  if (folders.size() == 1) return std::string(folders[0]);
  return "";
}

// Rule arguments outlive the loaded file, so they must not point into it.
Value without_ranges(const Value& value) {
  switch (value.kind()) {
    case ValueKind::Null:
      return Value::null();
    case ValueKind::Bool:
      return Value::boolean(value.as_bool());
    case ValueKind::Number:
      return Value::number(value.as_number());
    case ValueKind::String:
      return Value::string(value.as_string());
    case ValueKind::Unknown:
      return Value::unknown(value.unknown_reason());
    case ValueKind::List: {
      List items;
      for (const Value& item : value.as_list()) items.push_back(without_ranges(item));
      return Value::list(std::move(items));
    }
    case ValueKind::Object: {
      Object members;
      for (const Member& m : value.as_object()) members.push_back({m.key, without_ranges(m.value), {}});
      return Value::object(std::move(members));
    }
  }
  return Value::null();
}

bool is_scalar(const Value& value) {
  return value.is_null() || value.is_bool() || value.is_number() || value.is_string();
}

struct OperatorName {
  std::string_view name;
  Condition::Op op;
};
constexpr OperatorName kOperators[] = {
    {"exists", Condition::Op::Exists},     {"equals", Condition::Op::Equals},
    {"one_of", Condition::Op::OneOf},      {"matches", Condition::Op::Matches},
    {"contains", Condition::Op::Contains}, {"gt", Condition::Op::Gt},
    {"gte", Condition::Op::Gte},           {"lt", Condition::Op::Lt},
    {"lte", Condition::Op::Lte},           {"cidr_allows_internet", Condition::Op::CidrAllowsInternet},
};

struct ShapeName {
  std::string_view name;
  Condition::Kind kind;
};
constexpr ShapeName kShapes[] = {
    {"all", Condition::Kind::All},
    {"any", Condition::Kind::Any},
    {"not", Condition::Kind::Not},
    {"attribute", Condition::Kind::Attribute},
    {"port_range", Condition::Kind::PortRange},
    {"resource_type", Condition::Kind::ResourceType},
    {"some", Condition::Kind::Some},
    {"every", Condition::Kind::Every},
    {"none", Condition::Kind::None},
    {"referenced_by", Condition::Kind::ReferencedBy},
    {"references", Condition::Kind::References},
};

const std::set<std::string_view> kPlaceholders = {"address", "type", "attribute", "value"};
const std::set<std::string_view> kPrecisions = {"very-high", "high", "medium", "low"};

// Parses one rule file. Errors go to `errors`; `ok()` says whether the rule is usable.
class RuleParser {
 public:
  RuleParser(const RuleSource& source, std::vector<RuleError>& errors) : source_(source), errors_(errors) {}

  // Where the id and each alias are written, for duplicate errors across files.
  struct NamePosition {
    std::string name;
    uint32_t line = 0;
    uint32_t col = 0;
  };
  const std::vector<NamePosition>& name_positions() const { return name_positions_; }

  std::optional<Rule> parse() {
    SourceFile file{source_.path, source_.text};
    yaml::Stream stream = yaml::load(file);
    for (const Diagnostic& d : stream.diagnostics) error(d.range, d.message);
    if (failed_) return std::nullopt;
    if (stream.documents.size() != 1) {
      error_at(1, 1, stream.documents.empty() ? "rule file is empty" : "rule file must hold exactly one yaml document");
      return std::nullopt;
    }
    const Value& root = stream.documents[0].root;
    if (!root.is_object()) {
      error(root.range(), "a rule file must be a mapping");
      return std::nullopt;
    }
    Rule rule = parse_rule(root);
    if (failed_) return std::nullopt;
    return rule;
  }

 private:
  void error(const SourceRange& range, std::string message) {
    error_at(range.start_line, range.start_col, std::move(message));
  }
  void error_at(uint32_t line, uint32_t col, std::string message) {
    failed_ = true;
    errors_.push_back({source_.path, line, col, std::move(message)});
  }

  void missing(const Value& mapping, std::string_view what, std::string_view key) {
    error(mapping.range(), "missing required key `" + std::string(key) + "` in " + std::string(what));
  }

  bool read_string(const Member& m, std::string& out, bool allow_empty = false) {
    if (!m.value.is_string()) {
      error(m.value.range(), "`" + m.key + "` must be a string");
      return false;
    }
    if (!allow_empty && m.value.as_string().empty()) {
      error(m.value.range(), "`" + m.key + "` must not be empty");
      return false;
    }
    out = m.value.as_string();
    return true;
  }

  bool read_bool(const Member& m, bool& out) {
    if (!m.value.is_bool()) {
      error(m.value.range(), "`" + m.key + "` must be true or false");
      return false;
    }
    out = m.value.as_bool();
    return true;
  }

  // A list of non-empty strings; a single string is accepted where `allow_single`.
  bool read_strings(const Member& m, std::vector<std::string>& out, bool allow_single, bool non_empty) {
    out.clear();
    if (allow_single && m.value.is_string() && !m.value.as_string().empty()) {
      out.push_back(m.value.as_string());
      return true;
    }
    if (!m.value.is_list()) {
      error(m.value.range(), "`" + m.key + "` must be a list of strings");
      return false;
    }
    bool ok = true;
    for (const Value& item : m.value.as_list()) {
      if (!item.is_string() || item.as_string().empty()) {
        error(item.range(), "`" + m.key + "` must be a list of non-empty strings");
        ok = false;
        continue;
      }
      out.push_back(item.as_string());
    }
    if (ok && non_empty && out.empty()) {
      error(m.value.range(), "`" + m.key + "` must not be empty");
      ok = false;
    }
    return ok;
  }

  bool read_path(const Value& value, std::string_view key, AttributePath& out) {
    if (!value.is_string() || value.as_string().empty()) {
      error(value.range(), "`" + std::string(key) + "` must be an attribute path");
      return false;
    }
    std::string why;
    bool parsed = false;
    try {
      parsed = parse_attribute_path(value.as_string(), out, why);
    } catch (const std::exception&) {  // an index too large for a number
      why = "malformed attribute path '" + value.as_string() + "': index out of range";
    }
    if (!parsed) {
      error(value.range(), why);
      return false;
    }
    return true;
  }

  void check_message(const Member& m) {
    const std::string& text = m.value.as_string();
    bool has_address = false;
    for (size_t open = text.find('{'); open != std::string::npos; open = text.find('{', open + 1)) {
      size_t close = text.find('}', open);
      if (close == std::string::npos) {
        error(m.value.range(), "unclosed placeholder in message");
        return;
      }
      std::string_view name(text.data() + open + 1, close - open - 1);
      if (!kPlaceholders.count(name)) {
        error(m.value.range(), "unknown placeholder `{" + std::string(name) +
                                   "}` in message (use {address}, {type}, {attribute}, {value})");
      }
      if (name == "address") has_address = true;
    }
    if (!has_address) error(m.value.range(), "message must name the resource with `{address}`");
    if (!text.empty() && text.back() == '.') error(m.value.range(), "message must not end with a period");
  }

  Rule parse_rule(const Value& root) {
    Rule rule;
    rule.source_path = source_.path;
    rule.pack = pack_of(source_.path);
    std::set<std::string_view> seen;
    for (const Member& m : root.as_object()) {
      seen.insert(m.key);
      if (m.key == "id") {
        if (read_string(m, rule.id)) {
          name_positions_.push_back({rule.id, m.value.range().start_line, m.value.range().start_col});
          if (!is_kebab_case(rule.id)) {
            error(m.value.range(), "id `" + rule.id + "` is not kebab-case");
          } else if (rule.id != file_stem(source_.path)) {
            error(m.value.range(), "id `" + rule.id + "` differs from the file stem `" + file_stem(source_.path) + "`");
          }
        }
      } else if (m.key == "aliases") {
        if (read_strings(m, rule.aliases, false, false)) {
          for (size_t i = 0; i < rule.aliases.size(); ++i) {
            const SourceRange& at = m.value.as_list()[i].range();
            name_positions_.push_back({rule.aliases[i], at.start_line, at.start_col});
            if (!is_kebab_case(rule.aliases[i])) {
              error(m.value.as_list()[i].range(), "alias `" + rule.aliases[i] + "` is not kebab-case");
            }
          }
        }
      } else if (m.key == "title") {
        read_string(m, rule.title);
      } else if (m.key == "severity") {
        std::string text;
        if (read_string(m, text)) {
          if (auto s = parse_severity(text)) {
            rule.severity = *s;
          } else {
            error(m.value.range(), "unknown severity `" + text + "` (low, medium, high, critical)");
          }
        }
      } else if (m.key == "theme") {
        std::string text;
        if (read_string(m, text)) {
          if (auto t = parse_theme(text)) {
            rule.theme = *t;
          } else {
            error(m.value.range(),
                  "unknown theme `" + text + "` (encryption-at-rest, network-exposure, logging, workload-isolation)");
          }
        }
      } else if (m.key == "controls") {
        read_strings(m, rule.controls, false, false);
      } else if (m.key == "precision") {
        if (read_string(m, rule.precision) && !kPrecisions.count(rule.precision)) {
          error(m.value.range(), "unknown precision `" + rule.precision + "` (very-high, high, medium, low)");
        }
      } else if (m.key == "message") {
        if (read_string(m, rule.message)) check_message(m);
      } else if (m.key == "rationale") {
        read_string(m, rule.rationale);
      } else if (m.key == "remediation") {
        read_string(m, rule.remediation);
      } else if (m.key == "references") {
        read_strings(m, rule.references, false, false);
      } else if (m.key == "conditions") {
        parse_conditions(m, rule);
      } else {
        error(m.range, "unknown key `" + m.key + "` in rule");
      }
    }
    for (std::string_view key : {"id", "title", "severity", "theme", "controls", "message", "rationale", "remediation",
                                 "references", "conditions"}) {
      if (!seen.count(key)) missing(root, "rule", key);
    }
    return rule;
  }

  void parse_conditions(const Member& m, Rule& rule) {
    if (!m.value.is_object() || m.value.as_object().empty()) {
      error(m.value.range(), "`conditions` must map at least one platform to its check");
      return;
    }
    for (const Member& p : m.value.as_object()) {
      std::optional<Platform> platform;
      for (Platform candidate : {Platform::Terraform, Platform::Kubernetes, Platform::CloudFormation}) {
        if (to_string(candidate) == p.key) platform = candidate;
      }
      if (!platform) {
        error(p.range, "unknown platform `" + p.key + "` (terraform, cloudformation, kubernetes)");
        continue;
      }
      if (std::optional<PlatformCheck> check = parse_check(p, *platform)) rule.checks.push_back(std::move(*check));
    }
    std::sort(rule.checks.begin(), rule.checks.end(),
              [](const PlatformCheck& a, const PlatformCheck& b) { return a.platform < b.platform; });
  }

  std::optional<PlatformCheck> parse_check(const Member& p, Platform platform) {
    PlatformCheck check;
    check.platform = platform;
    check.line = p.range.start_line;
    if (!p.value.is_object()) {
      error(p.value.range(), "the `" + p.key + "` check must be a mapping");
      return std::nullopt;
    }
    bool ok = true;
    bool has_resources = false, has_require = false;
    for (const Member& m : p.value.as_object()) {
      if (m.key == "resources") {
        has_resources = true;
        ok &= read_strings(m, check.resources, false, true);
      } else if (m.key == "data_sources") {
        ok &= read_bool(m, check.data_sources);
        if (platform != Platform::Terraform) {
          error(m.range, "`data_sources` applies to terraform checks only");
          ok = false;
        }
      } else if (m.key == "where") {
        check.where = parse_condition(m.value, 0);
        ok &= check.where.has_value();
      } else if (m.key == "require") {
        has_require = true;
        std::optional<Condition> require = parse_condition(m.value, 0);
        if (require) check.require = std::move(*require);
        ok &= require.has_value();
      } else if (m.key == "message") {
        if (read_string(m, check.message)) {
          check_message(m);
        } else {
          ok = false;
        }
      } else if (m.key == "fix") {
        ok &= parse_fix(m, check);
      } else {
        error(m.range, "unknown key `" + m.key + "` in the " + p.key + " check");
        ok = false;
      }
    }
    if (!has_resources) missing(p.value, "the " + p.key + " check", "resources");
    if (!has_require) missing(p.value, "the " + p.key + " check", "require");
    if (!ok || !has_resources || !has_require) return std::nullopt;
    return check;
  }

  bool parse_fix(const Member& m, PlatformCheck& check) {
    if (!m.value.is_object() || m.value.as_object().empty()) {
      error(m.value.range(), "`fix` must be a mapping with `insert` and/or `replace`");
      return false;
    }
    FixTemplate fix;
    bool ok = true;
    for (const Member& f : m.value.as_object()) {
      if (f.key == "insert") {
        ok &= read_string(f, fix.insert);
      } else if (f.key == "replace") {
        ok &= read_string(f, fix.replace);
      } else {
        error(f.range, "unknown key `" + f.key + "` in fix");
        ok = false;
      }
    }
    check.fix = std::move(fix);
    return ok;
  }

  // --- conditions -------------------------------------------------------------

  std::optional<Condition> parse_condition(const Value& value, unsigned depth) {
    if (depth > kMaxConditionDepth) {
      error(value.range(), "condition nested too deeply");
      return std::nullopt;
    }
    if (!value.is_object() || value.as_object().empty()) {
      error(value.range(),
            "a condition must be a mapping with one shape (all, any, not, attribute, "
            "port_range, resource_type, some, every, none, referenced_by, references)");
      return std::nullopt;
    }
    const Member* shape = nullptr;
    Condition::Kind kind = Condition::Kind::All;
    const Member* op_member = nullptr;
    Condition::Op op = Condition::Op::Exists;
    const Member* covers_any = nullptr;
    const Member* where = nullptr;
    bool ok = true;
    // Members are sorted by key; report a second shape or operator at the later line.
    std::vector<const Member*> members;
    for (const Member& m : value.as_object()) members.push_back(&m);
    std::sort(members.begin(), members.end(), [](const Member* a, const Member* b) {
      return std::pair(a->range.start_line, a->range.start_col) < std::pair(b->range.start_line, b->range.start_col);
    });
    for (const Member* m : members) {
      auto is_shape =
          std::find_if(std::begin(kShapes), std::end(kShapes), [&](const ShapeName& s) { return s.name == m->key; });
      auto is_op = std::find_if(std::begin(kOperators), std::end(kOperators),
                                [&](const OperatorName& o) { return o.name == m->key; });
      if (is_shape != std::end(kShapes)) {
        if (shape) {
          error(m->range, "a condition has exactly one shape, found `" + shape->key + "` and `" + m->key + "`");
          ok = false;
        } else {
          shape = m;
          kind = is_shape->kind;
        }
      } else if (is_op != std::end(kOperators)) {
        if (op_member) {
          error(m->range, "a leaf has exactly one operator, found `" + op_member->key + "` and `" + m->key + "`");
          ok = false;
        } else {
          op_member = m;
          op = is_op->op;
        }
      } else if (m->key == "covers_any") {
        covers_any = m;
      } else if (m->key == "where") {
        where = m;
      } else {
        error(m->range, "unknown key `" + m->key + "` in condition");
        ok = false;
      }
    }
    if (!ok) return std::nullopt;
    if (!shape) {
      if (covers_any) {
        error(covers_any->range, "`covers_any` needs `port_range`");
      } else if (op_member) {
        error(op_member->range, "operator `" + op_member->key + "` needs `attribute`");
      } else {
        error(value.range(), "`where` needs `some`, `every` or `none`");
      }
      return std::nullopt;
    }
    bool leaf = kind == Condition::Kind::Attribute;
    bool port = kind == Condition::Kind::PortRange;
    bool quantifier = kind == Condition::Kind::Some || kind == Condition::Kind::Every || kind == Condition::Kind::None;
    if (op_member && !leaf) {
      error(op_member->range, "operator `" + op_member->key + "` needs `attribute`, not `" + shape->key + "`");
      ok = false;
    }
    if (covers_any && !port) {
      error(covers_any->range, "`covers_any` needs `port_range`");
      ok = false;
    }
    if (where && !quantifier) {
      error(where->range, "`where` goes with `some`, `every` or `none`, not `" + shape->key + "`");
      ok = false;
    }
    if (leaf && !op_member && !covers_any) {
      error(shape->range,
            "`attribute` needs one operator (exists, equals, one_of, matches, contains, gt, gte, "
            "lt, lte, cidr_allows_internet)");
      ok = false;
    }
    if (port && !covers_any) {
      error(shape->range, "`port_range` needs `covers_any`");
      ok = false;
    }
    if (quantifier && !where) {
      error(shape->range, "`" + shape->key + "` needs `where`");
      ok = false;
    }
    if (!ok) return std::nullopt;

    Condition c;
    c.kind = kind;
    c.line = shape->range.start_line;
    switch (kind) {
      case Condition::Kind::All:
      case Condition::Kind::Any:
        if (!shape->value.is_list() || shape->value.as_list().empty()) {
          error(shape->value.range(), "`" + shape->key + "` must be a non-empty list of conditions");
          return std::nullopt;
        }
        for (const Value& child : shape->value.as_list()) {
          std::optional<Condition> parsed = parse_condition(child, depth + 1);
          if (parsed)
            c.children.push_back(std::move(*parsed));
          else
            ok = false;
        }
        break;
      case Condition::Kind::Not: {
        std::optional<Condition> parsed = parse_condition(shape->value, depth + 1);
        if (!parsed) return std::nullopt;
        c.children.push_back(std::move(*parsed));
        break;
      }
      case Condition::Kind::Attribute:
        ok &= read_path(shape->value, shape->key, c.path);
        c.op = op;
        ok &= parse_operator_argument(*op_member, c);
        break;
      case Condition::Kind::PortRange:
        ok &= parse_port_range(*shape, *covers_any, c);
        break;
      case Condition::Kind::ResourceType: {
        Member copy = *shape;
        ok &= read_strings(copy, c.types, true, true);
        break;
      }
      case Condition::Kind::Some:
      case Condition::Kind::Every:
      case Condition::Kind::None: {
        ok &= read_path(shape->value, shape->key, c.path);
        std::optional<Condition> parsed = parse_condition(where->value, depth + 1);
        if (parsed)
          c.children.push_back(std::move(*parsed));
        else
          ok = false;
        break;
      }
      case Condition::Kind::ReferencedBy:
      case Condition::Kind::References:
        ok &= parse_graph_query(*shape, c, depth);
        break;
    }
    if (!ok) return std::nullopt;
    return c;
  }

  bool parse_operator_argument(const Member& m, Condition& c) {
    const Value& v = m.value;
    switch (c.op) {
      case Condition::Op::Exists:
      case Condition::Op::CidrAllowsInternet:
        if (!v.is_bool()) {
          error(v.range(), "`" + m.key + "` takes true or false");
          return false;
        }
        break;
      case Condition::Op::Equals:
      case Condition::Op::Contains:
        if (!is_scalar(v)) {
          error(v.range(), "`" + m.key + "` takes a string, number, bool or null");
          return false;
        }
        break;
      case Condition::Op::OneOf:
        if (!v.is_list() || v.as_list().empty() || !std::all_of(v.as_list().begin(), v.as_list().end(), is_scalar)) {
          error(v.range(), "`one_of` takes a non-empty list of strings, numbers, bools or null");
          return false;
        }
        break;
      case Condition::Op::Matches: {
        if (!v.is_string()) {
          error(v.range(), "`matches` takes a regular expression string");
          return false;
        }
        RE2::Options options;
        options.set_log_errors(false);
        auto regex = std::make_shared<const RE2>(v.as_string(), options);
        if (!regex->ok()) {
          error(v.range(), "regular expression rejected by re2: " + regex->error());
          return false;
        }
        c.regex = std::move(regex);
        break;
      }
      case Condition::Op::Gt:
      case Condition::Op::Gte:
      case Condition::Op::Lt:
      case Condition::Op::Lte:
        if (!v.is_number()) {
          error(v.range(), "`" + m.key + "` takes a number");
          return false;
        }
        break;
      case Condition::Op::CoversAny:
        break;
    }
    c.argument = without_ranges(v);
    return true;
  }

  bool parse_port_range(const Member& shape, const Member& covers_any, Condition& c) {
    bool ok = true;
    c.op = Condition::Op::CoversAny;
    if (!shape.value.is_object()) {
      error(shape.value.range(), "`port_range` must be a mapping with `from`, `to` and optional `protocol`");
      return false;
    }
    bool has_from = false, has_to = false;
    for (const Member& m : shape.value.as_object()) {
      if (m.key == "from") {
        has_from = true;
        ok &= read_path(m.value, m.key, c.from_port);
      } else if (m.key == "to") {
        has_to = true;
        ok &= read_path(m.value, m.key, c.to_port);
      } else if (m.key == "protocol") {
        ok &= read_path(m.value, m.key, c.protocol);
      } else {
        error(m.range, "unknown key `" + m.key + "` in port_range");
        ok = false;
      }
    }
    if (!has_from) missing(shape.value, "port_range", "from");
    if (!has_to) missing(shape.value, "port_range", "to");
    ok = ok && has_from && has_to;
    const Value& ports = covers_any.value;
    if (!ports.is_list() || ports.as_list().empty()) {
      error(ports.range(), "`covers_any` takes a non-empty list of port numbers");
      return false;
    }
    for (const Value& port : ports.as_list()) {
      if (!port.is_number() || port.as_number() < 0 || port.as_number() > 65535 ||
          port.as_number() != std::floor(port.as_number())) {
        error(port.range(), "`covers_any` takes port numbers from 0 to 65535");
        ok = false;
        continue;
      }
      c.ports.push_back(port.as_number());
    }
    return ok;
  }

  bool parse_graph_query(const Member& shape, Condition& c, unsigned depth) {
    if (!shape.value.is_object()) {
      error(shape.value.range(), "`" + shape.key + "` must be a mapping with `type`, `via` and optional `where`");
      return false;
    }
    bool ok = true;
    bool has_type = false, has_via = false;
    for (const Member& m : shape.value.as_object()) {
      if (m.key == "type") {
        has_type = true;
        ok &= read_strings(m, c.types, true, true);
      } else if (m.key == "via") {
        has_via = true;
        ok &= read_path(m.value, m.key, c.path);
      } else if (m.key == "where") {
        std::optional<Condition> parsed = parse_condition(m.value, depth + 1);
        if (parsed)
          c.children.push_back(std::move(*parsed));
        else
          ok = false;
      } else {
        error(m.range, "unknown key `" + m.key + "` in " + shape.key);
        ok = false;
      }
    }
    if (!has_type) missing(shape.value, shape.key, "type");
    if (!has_via) missing(shape.value, shape.key, "via");
    return ok && has_type && has_via;
  }

  const RuleSource& source_;
  std::vector<RuleError>& errors_;
  bool failed_ = false;
  std::vector<NamePosition> name_positions_;
};

struct NameSite {
  std::string path;
  std::string rule_id;
};

}  // namespace

RuleSet RuleSet::load(const std::vector<RuleSource>& sources, std::vector<RuleError>& errors) {
  RuleSet set;
  std::map<std::string, NameSite> names;  // every id and alias → where it was first defined
  for (const RuleSource& source : sources) {
    RuleParser parser(source, errors);
    std::optional<Rule> rule = parser.parse();
    if (!rule) continue;
    bool duplicate = false;
    std::set<std::string> own;
    for (const auto& [name, line, col] : parser.name_positions()) {
      if (!own.insert(name).second) {
        errors.push_back({source.path, line, col, "`" + name + "` is listed twice in rule `" + rule->id + "`"});
        duplicate = true;
        continue;
      }
      auto [it, inserted] = names.emplace(name, NameSite{source.path, rule->id});
      if (!inserted) {
        errors.push_back({source.path, line, col,
                          "duplicate rule id or alias `" + name + "` (already used by rule `" + it->second.rule_id +
                              "` in " + it->second.path + ")"});
        duplicate = true;
      }
    }
    if (!duplicate) set.rules_.push_back(std::move(*rule));
  }
  std::sort(set.rules_.begin(), set.rules_.end(), [](const Rule& a, const Rule& b) { return a.id < b.id; });
  return set;
}

}  // namespace vouch
