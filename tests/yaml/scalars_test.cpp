// Scalar typing: plain scalars by the core schema, quoted and block scalars as strings,
// explicit standard tags honoured.
#include <catch2/catch.hpp>

#include "yaml_test_support.h"

using vouch::ValueKind;
using vouch::yaml::test::Loaded;

namespace {

// Loads `value: <text>` and returns the value.
vouch::Value scalar(const std::string& text) {
  Loaded loaded("scalar.yaml", "value: " + text + "\n");
  REQUIRE(loaded.stream.documents.size() == 1);
  const vouch::Value* value = loaded.root().get("value");
  REQUIRE(value);
  vouch::Value copy = *value;
  copy.set_range({});  // the range points into `loaded`, which goes away
  return copy;
}

}  // namespace

TEST_CASE("plain scalars resolve by the core schema", "[yaml][scalars]") {
  for (const char* text : {"~", "null", "Null", "NULL"}) {
    INFO(text);
    CHECK(scalar(text).is_null());
  }
  CHECK(scalar("").is_null());
  for (const char* text : {"true", "True", "TRUE"}) {
    INFO(text);
    REQUIRE(scalar(text).is_bool());
    CHECK(scalar(text).as_bool());
  }
  for (const char* text : {"false", "False", "FALSE"}) {
    INFO(text);
    REQUIRE(scalar(text).is_bool());
    CHECK_FALSE(scalar(text).as_bool());
  }
  struct Case {
    const char* text;
    double number;
  };
  for (Case c : {Case{"10", 10}, Case{"-3", -3}, Case{"+4", 4}, Case{"0", 0}, Case{"0x1F", 31}, Case{"0o17", 15},
                 Case{"0644", 420}, Case{"1.5", 1.5}, Case{"-.5", -0.5}, Case{"1.", 1}, Case{"1e3", 1000},
                 Case{"2.5E-1", 0.25}, Case{"123456789012", 123456789012.0}}) {
    INFO(c.text);
    vouch::Value value = scalar(c.text);
    REQUIRE(value.is_number());
    CHECK(value.as_number() == c.number);
  }
}

TEST_CASE("plain scalars that are not core-schema values stay strings", "[yaml][scalars]") {
  // YAML 1.1 booleans, special floats and 1.1 number forms are deliberately strings.
  for (const char* text : {"yes", "no",    "on",    "off", "y",     "n", ".inf", "-.inf", ".nan",  "1_000",  "0x",
                           "0o8", "12abc", "1.2.3", "1e",  "1e999", "+", ".",    "10:30", "nulls", "trueish"}) {
    INFO(text);
    vouch::Value value = scalar(text);
    REQUIRE(value.is_string());
    CHECK(value.as_string() == text);
  }
}

TEST_CASE("quoted and block scalars are always strings", "[yaml][scalars]") {
  CHECK(scalar("\"10\"").kind() == ValueKind::String);
  CHECK(scalar("\"10\"").as_string() == "10");
  CHECK(scalar("'true'").as_string() == "true");
  CHECK(scalar("'true'").is_string());
  CHECK(scalar("\"\"").is_string());
  CHECK(scalar("''").as_string().empty());
  CHECK(scalar("\"null\"").is_string());
  CHECK(scalar("|\n  10\n").as_string() == "10\n");
  CHECK(scalar(">-\n  true\n").as_string() == "true");
  CHECK(scalar(">-\n  true\n").is_string());
}

TEST_CASE("explicit standard tags are honoured", "[yaml][scalars]") {
  CHECK(scalar("!!str 10").is_string());
  CHECK(scalar("!!str 10").as_string() == "10");
  CHECK(scalar("!!str").as_string().empty());
  CHECK(scalar("!!int \"12\"").as_number() == 12);
  CHECK(scalar("!!float '1.5'").as_number() == 1.5);
  CHECK(scalar("!!bool \"true\"").as_bool());
  CHECK(scalar("!!null ''").is_null());
  CHECK(scalar("! 10").is_string());  // the non-specific tag makes a string

  Loaded mismatch("tags.yaml", "value: !!int abc\n");
  CHECK(mismatch.root().get("value")->as_string() == "abc");
  REQUIRE(mismatch.stream.diagnostics.size() == 1);
  CHECK(mismatch.stream.diagnostics[0].code == "yaml-tag-mismatch");
  CHECK(mismatch.stream.diagnostics[0].level == vouch::DiagnosticLevel::Warning);
}

TEST_CASE("custom tags keep scalars as strings", "[yaml][scalars]") {
  CHECK(scalar("!Ref 10").as_string() == "10");
  CHECK(scalar("!Ref 10").is_string());
  CHECK(scalar("!GetAZs ''").is_string());
}

TEST_CASE("mapping keys are read as written", "[yaml][scalars]") {
  Loaded loaded("keys.yaml", "1: one\ntrue: yes\n\"q\": quoted\n0x10: hex\n");
  REQUIRE(loaded.stream.diagnostics.empty());
  CHECK(loaded.root().get("1"));
  CHECK(loaded.root().get("true"));
  CHECK(loaded.root().get("q"));
  CHECK(loaded.root().get("0x10"));
}
