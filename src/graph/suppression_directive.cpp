// The inline suppression directive shared by every syntax that has comments.

#include <string>
#include <string_view>

#include "graph/graph.h"

namespace vouch {

bool parse_ignore_directive(std::string_view comment, InlineSuppression& out) {
  const size_t at = comment.find("vouch:ignore");
  if (at == std::string_view::npos) return false;
  out = InlineSuppression{};
  std::string_view rest = comment.substr(at + 12);
  if (!rest.empty() && rest.front() != ' ' && rest.front() != '\t') {
    out.parse_error = "is malformed: expected a space after vouch:ignore";
    return true;
  }
  auto skip_space = [&] {
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
  };
  auto take_word = [&] {
    size_t n = 0;
    while (n < rest.size() && rest[n] != ' ' && rest[n] != '\t' && rest[n] != '=') ++n;
    std::string_view word = rest.substr(0, n);
    rest.remove_prefix(n);
    return word;
  };
  skip_space();
  std::string_view rule = take_word();
  if (rule.empty() || (!rest.empty() && rest.front() == '=')) {
    out.parse_error = "names no rule (write vouch:ignore <rule-id> reason=\"…\")";
    return true;
  }
  out.rule_id = std::string(rule);
  for (;;) {
    skip_space();
    if (rest.empty() || rest.substr(0, 2) == "*/") break;
    std::string_view key = take_word();
    if (rest.empty() || rest.front() != '=') {
      out.parse_error = "is malformed: expected key=value after the rule id, found '" + std::string(key) + "'";
      return true;
    }
    rest.remove_prefix(1);
    std::string value;
    if (!rest.empty() && rest.front() == '"') {
      const size_t close = rest.find('"', 1);
      if (close == std::string_view::npos) {
        out.parse_error = "is malformed: unterminated quote in " + std::string(key);
        return true;
      }
      value = std::string(rest.substr(1, close - 1));
      rest.remove_prefix(close + 1);
    } else {
      value = std::string(take_word());
    }
    if (key == "reason") {
      out.reason = value;
    } else if (key == "expires") {
      out.expires = value;
    } else {
      out.parse_error = "is malformed: unknown key '" + std::string(key) + "' (expected reason or expires)";
      return true;
    }
  }
  return true;
}

}  // namespace vouch
