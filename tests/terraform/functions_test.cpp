// Terraform built-in functions: exact results as Terraform prints them, plus the edge
// cases (unknown and bad arguments) for each function.
#include "frontends/terraform/functions.h"

#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <initializer_list>

using namespace vouch;
using vouch::terraform::call_function;
using vouch::terraform::FunctionContext;

namespace {

Value S(std::string s) {
  return Value::string(std::move(s));
}
Value N(double n) {
  return Value::number(n);
}
Value B(bool b) {
  return Value::boolean(b);
}
Value L(std::initializer_list<Value> items) {
  return Value::list(List(items));
}
Value O(std::initializer_list<std::pair<const char*, Value>> members) {
  Object out;
  for (const auto& [k, v] : members) out.push_back(Member{k, v, {}});
  return Value::object(std::move(out));
}
Value Null() {
  return Value::null();
}
Value U() {
  return Value::unknown("var.x is not set");
}

// Calls functions with a fresh context and keeps the diagnostics they report.
struct Harness {
  SourceFiles sources;
  std::vector<Diagnostic> diagnostics;
  FunctionContext ctx;

  Harness() {
    ctx.sources = &sources;
    ctx.diagnostics = &diagnostics;
    ctx.module_dir = ".";
    ctx.scan_root = ".";
  }

  Value call(std::string_view name, std::vector<Value> args) {
    auto result = call_function(name, args, ctx);
    REQUIRE(result.has_value());
    return *result;
  }
  // The result rendered as Value::to_display() does ("s" quoted, lists in brackets).
  std::string eval(std::string_view name, std::vector<Value> args) { return call(name, std::move(args)).to_display(); }

  // True when the call yields unknown together with a function-error diagnostic.
  bool fails(std::string_view name, std::vector<Value> args) {
    const size_t before = diagnostics.size();
    const Value v = call(name, std::move(args));
    return v.is_unknown() && diagnostics.size() == before + 1 && diagnostics.back().code == "function-error" &&
           diagnostics.back().level == DiagnosticLevel::Warning;
  }
  // True when the call yields unknown without reporting anything.
  bool quietly_unknown(std::string_view name, std::vector<Value> args) {
    const size_t before = diagnostics.size();
    const Value v = call(name, std::move(args));
    return v.is_unknown() && diagnostics.size() == before;
  }
};

}  // namespace

TEST_CASE("function table", "[terraform][functions]") {
  const auto& names = terraform::implemented_functions();
  CHECK(std::is_sorted(names.begin(), names.end()));
  CHECK(std::adjacent_find(names.begin(), names.end()) == names.end());
  for (const char* name : {"format", "cidrsubnet", "jsonencode", "lookup", "file", "timestamp", "yamldecode"}) {
    CHECK(std::binary_search(names.begin(), names.end(), std::string(name)));
  }
  // These belong to the evaluator.
  for (const char* name : {"templatefile", "try", "can"}) {
    CHECK_FALSE(std::binary_search(names.begin(), names.end(), std::string(name)));
  }
  Harness h;
  std::vector<Value> no_args;
  CHECK_FALSE(call_function("no_such_function", no_args, h.ctx).has_value());
  CHECK(h.diagnostics.empty());
}

TEST_CASE("arity and unknown propagation", "[terraform][functions]") {
  Harness h;
  CHECK(h.fails("upper", {}));
  CHECK(h.fails("upper", {S("a"), S("b")}));
  CHECK(h.diagnostics.back().message == "upper: expected 1 argument, got 2");

  const Value unknown = h.call("upper", {U()});
  CHECK(unknown.is_unknown());
  CHECK(unknown.unknown_reason() == "depends on an unknown value");
  CHECK(h.quietly_unknown("join", {S(","), L({S("a"), U()})}));

  SECTION("the result points at the call") {
    SourceFile file{"main.tf", "x"};
    h.ctx.call_range = SourceRange{&file, 3, 5, 3, 20};
    CHECK(h.call("upper", {S("a")}).range().start_line == 3);
    CHECK(h.fails("element", {L({}), N(0)}));
    CHECK(h.diagnostics.back().range.start_col == 5);
    CHECK(h.diagnostics.back().path == "main.tf");
  }
}

// ---- strings ----------------------------------------------------------------------------------

TEST_CASE("format", "[terraform][functions]") {
  Harness h;
  CHECK(h.eval("format", {S("Hello, %s!"), S("Ander")}) == R"("Hello, Ander!")");
  CHECK(h.eval("format", {S("There are %d lights"), N(4)}) == R"("There are 4 lights")");
  CHECK(h.eval("format", {S("%.2f|%5.1f|%e"), N(3.14159), N(2.25), N(1234.5678)}) == R"("3.14|  2.2|1.234568e+03")");
  CHECK(h.eval("format", {S("%5d|%-5d|%05d|%+d"), N(42), N(42), N(42), N(42)}) == R"("   42|42   |00042|+42")");
  CHECK(h.eval("format", {S("%x %X %o %b %#x"), N(255), N(255), N(8), N(5), N(255)}) == R"("ff FF 10 101 0xff")");
  CHECK(h.eval("format", {S("%v %v %v %v"), S("s"), N(5), B(true), Null()}) == R"("s 5 true null")");
  CHECK(h.eval("format", {S("%v %v %v"), N(1000000), N(0.00001), N(-2.5)}) == R"("1e+06 1e-05 -2.5")");
  CHECK(h.eval("format", {S("%g %.3g %G"), N(100000), N(1234), N(1e21)}) == R"("100000 1.23e+03 1E+21")");
  CHECK(h.eval("format", {S("%#v"), O({{"a", N(1)}, {"b", L({S("x")})}})}) == R"("{\"a\":1,\"b\":[\"x\"]}")");
  CHECK(h.eval("format", {S("%q|%.2s|%6s|%-4s|"), S("a\"b"), S("hello"), S("abc"), S("ab")}) ==
        R"("\"a\\\"b\"|he|   abc|ab  |")");
  CHECK(h.eval("format", {S("%[2]s %[1]s %s"), S("a"), S("b")}) == R"("b a b")");
  CHECK(h.eval("format", {S("100%% %t"), S("true")}) == R"("100% true")");
  CHECK(h.eval("format", {S("%d"), S("12")}) == R"("12")");  // strings convert to numbers

  CHECK(h.fails("format", {S("%d"), N(1.5)}));
  CHECK(h.eval("format", {S("%d %.0d|%x"), N(1e20), N(0), N(-255)}) == R"("100000000000000000000 |-ff")");
  CHECK(h.fails("format", {S("%x"), N(1e20)}));
  CHECK(h.fails("format", {S("%s and %s"), S("a")}));
  CHECK(h.diagnostics.back().message == "format: not enough arguments for \"%s\" at 7: need index 2 but have 1 total");
  CHECK(h.fails("format", {S("no verbs"), S("a")}));
  CHECK(h.fails("format", {S("%s %s"), S("a"), S("b"), S("c")}));
  CHECK(h.fails("format", {S("%d"), Null()}));
  CHECK(h.fails("format", {S("%y"), N(1)}));
  CHECK(h.fails("format", {S("trailing %"), N(1)}));
  CHECK(h.fails("format", {S("%s"), L({})}));
  CHECK(h.quietly_unknown("format", {S("%s"), U()}));
}

TEST_CASE("formatlist", "[terraform][functions]") {
  Harness h;
  CHECK(h.eval("formatlist", {S("Hello, %s!"), L({S("Valentina"), S("Ander")})}) ==
        R"(["Hello, Valentina!", "Hello, Ander!"])");
  CHECK(h.eval("formatlist", {S("%s, %s!"), S("Salutations"), L({S("a"), S("b")})}) ==
        R"(["Salutations, a!", "Salutations, b!"])");
  CHECK(h.eval("formatlist", {S("%s"), S("single")}) == R"(["single"])");
  CHECK(h.eval("formatlist", {S("%s"), L({})}) == "[]");
  // An unknown element makes only its own result unknown.
  const Value partly = h.call("formatlist", {S("%s"), L({U(), S("b")})});
  REQUIRE(partly.is_list());
  CHECK(partly.as_list()[0].is_unknown());
  CHECK(partly.as_list()[1].as_string() == "b");
  CHECK(h.fails("formatlist", {S("%s %s"), L({S("a")}), L({S("b"), S("c")})}));
  CHECK(h.quietly_unknown("formatlist", {S("%s"), U()}));
}

TEST_CASE("join and split", "[terraform][functions]") {
  Harness h;
  CHECK(h.eval("join", {S(", "), L({S("foo"), S("bar"), S("baz")})}) == R"("foo, bar, baz")");
  CHECK(h.eval("join", {S("-"), L({S("a")}), L({N(1), B(true)})}) == R"("a-1-true")");
  CHECK(h.eval("join", {S(","), L({})}) == R"("")");
  CHECK(h.fails("join", {S(",")}));
  CHECK(h.fails("join", {S(","), L({S("a"), Null()})}));
  CHECK(h.fails("join", {S(","), S("not a list")}));

  CHECK(h.eval("split", {S(","), S("foo,bar,baz")}) == R"(["foo", "bar", "baz"])");
  CHECK(h.eval("split", {S(","), S("foo")}) == R"(["foo"])");
  CHECK(h.eval("split", {S(","), S("")}) == R"([""])");
  CHECK(h.eval("split", {S(""), S("añb")}) == R"(["a", "ñ", "b"])");
  CHECK(h.eval("split", {S(","), S("a,,b,")}) == R"(["a", "", "b", ""])");
  CHECK(h.fails("split", {S(","), Null()}));
  CHECK(h.quietly_unknown("split", {S(","), U()}));
}

TEST_CASE("replace", "[terraform][functions]") {
  Harness h;
  CHECK(h.eval("replace", {S("1 + 2 + 3"), S("+"), S("-")}) == R"("1 - 2 - 3")");
  CHECK(h.eval("replace", {S("hello world"), S("/w.*d/"), S("everybody")}) == R"("hello everybody")");
  CHECK(h.eval("replace", {S("a-1 b-2"), S("/([a-z])-(\\d)/"), S("$2$1")}) == R"("1a 2b")");
  CHECK(h.eval("replace", {S("key=val"), S("/(?P<k>\\w+)=(?P<v>\\w+)/"), S("${v}:${k}")}) == R"("val:key")");
  CHECK(h.eval("replace", {S("abc"), S("/x*/"), S("-")}) == R"("-a-b-c-")");
  CHECK(h.eval("replace", {S("abc"), S(""), S("-")}) == R"("-a-b-c-")");
  CHECK(h.eval("replace", {S("cost 5"), S("/\\d/"), S("$$9")}) == R"("cost $9")");
  CHECK(h.eval("replace", {S("/"), S("/"), S("x")}) == R"("x")");  // a lone slash is not a regex
  CHECK(h.fails("replace", {S("abc"), S("/(/"), S("x")}));
  // Hostile growth is refused instead of exhausting memory.
  CHECK(h.fails("replace", {S(std::string(1000, 'x')), S(""), S(std::string(100000, 'y'))}));
  CHECK(h.fails("replace", {S(std::string(1000, 'x')), S("/x/"), S(std::string(100000, 'y'))}));
  CHECK(h.quietly_unknown("replace", {U(), S("a"), S("b")}));
}

TEST_CASE("regex and regexall", "[terraform][functions]") {
  Harness h;
  CHECK(h.eval("regex", {S("[a-z]+"), S("53453453.345345aaabbbccc23454")}) == R"("aaabbbccc")");
  CHECK(h.eval("regex", {S("(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)"), S("2019-02-01")}) == R"(["2019", "02", "01"])");
  CHECK(h.eval("regex", {S("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?"),
                         S("https://terraform.io/docs/")}) == R"({authority = "terraform.io", scheme = "https"})");
  CHECK(h.eval("regex", {S("(a)|(b)"), S("b")}) == R"([null, "b"])");
  CHECK(h.fails("regex", {S("[a-z]+"), S("123")}));
  CHECK(h.diagnostics.back().message == "regex: pattern did not match any part of the given string");
  CHECK(h.fails("regex", {S("(?P<a>x)(y)"), S("xy")}));
  CHECK(h.fails("regex", {S("("), S("x")}));

  CHECK(h.eval("regexall", {S("[a-z]+"), S("1234abcd5678efgh9")}) == R"(["abcd", "efgh"])");
  CHECK(h.eval("regexall", {S("[a-z]+"), S("123")}) == "[]");
  CHECK(h.eval("regexall", {S("(\\w)=(\\d)"), S("a=1 b=2")}) == R"([["a", "1"], ["b", "2"]])");
  CHECK(h.eval("regexall", {S("x*"), S("ab")}) == R"(["", "", ""])");
  // The same pattern again (served from the compiled-pattern cache) gives the same answer.
  CHECK(h.eval("regexall", {S("x*"), S("ab")}) == R"(["", "", ""])");
  CHECK(h.fails("regex", {S("("), S("x")}));
  CHECK(h.quietly_unknown("regexall", {S("a"), U()}));
}

TEST_CASE("case and trimming", "[terraform][functions]") {
  Harness h;
  CHECK(h.eval("lower", {S("HELLO Ünïcode ΑΒΓ")}) == R"("hello ünïcode αβγ")");
  CHECK(h.eval("upper", {S("hello ünïcode жж")}) == R"("HELLO ÜNÏCODE ЖЖ")");
  CHECK(h.eval("upper", {S("łódź čeština ς")}) == R"("ŁÓDŹ ČEŠTINA Σ")");
  CHECK(h.eval("lower", {S("ŁÓDŹ ČEŠTINA")}) == R"("łódź čeština")");
  CHECK(h.eval("title", {S("hello world-wide_web o'neil")}) == R"("Hello World-Wide_web O'Neil")");
  CHECK(h.eval("trim", {S("?!hello?!"), S("!?")}) == R"("hello")");
  CHECK(h.eval("trim", {S("foobar"), S("far")}) == R"("oob")");
  CHECK(h.eval("trimspace", {S("  \thello\n\u00a0")}) == R"("hello")");
  CHECK(h.eval("trimprefix", {S("helloworld"), S("hello")}) == R"("world")");
  CHECK(h.eval("trimprefix", {S("helloworld"), S("cat")}) == R"("helloworld")");
  CHECK(h.eval("trimsuffix", {S("helloworld"), S("world")}) == R"("hello")");
  CHECK(h.eval("chomp", {S("hello\r\n\n")}) == R"("hello")");
  CHECK(h.eval("chomp", {S("hel\nlo")}) == R"("hel\nlo")");
  CHECK(h.eval("indent", {N(2), S("[\n  foo,\n]\n")}) == R"("[\n    foo,\n  ]\n  ")");
  CHECK(h.eval("strrev", {S("héllo")}) == R"("olléh")");
  CHECK(h.eval("strrev", {S("ae\u0301")}) == "\"e\u0301a\"");
  CHECK(h.eval("lower", {N(5)}) == R"("5")");  // numbers convert to strings
  CHECK(h.fails("lower", {L({})}));
  CHECK(h.fails("trimspace", {Null()}));
  CHECK(h.fails("indent", {N(-1), S("x")}));
  CHECK(h.fails("indent", {N(10000), S(std::string(10000, '\n'))}));
  CHECK(h.fails("indent", {N(1.5), S("x")}));
  CHECK(h.quietly_unknown("title", {U()}));
}

TEST_CASE("substr", "[terraform][functions]") {
  Harness h;
  CHECK(h.eval("substr", {S("hello world"), N(1), N(4)}) == R"("ello")");
  CHECK(h.eval("substr", {S("🤔🤷"), N(0), N(1)}) == R"("🤔")");
  CHECK(h.eval("substr", {S("hello world"), N(-5), N(3)}) == R"("wor")");
  CHECK(h.eval("substr", {S("hello world"), N(6), N(-1)}) == R"("world")");
  CHECK(h.eval("substr", {S("hello"), N(10), N(2)}) == R"("")");
  CHECK(h.eval("substr", {S("hello"), N(2), N(100)}) == R"("llo")");
  CHECK(h.eval("substr", {S("hello"), N(-10), N(2)}) == R"("he")");
  CHECK(h.eval("substr", {S("hello"), N(1), N(0)}) == R"("")");
  // Characters are user-perceived: a combining accent or an emoji modifier stays attached.
  CHECK(h.eval("substr", {S("e\u0301tude"), N(0), N(1)}) == "\"e\u0301\"");
  CHECK(h.eval("substr", {S("a\U0001F44D\U0001F3FDb"), N(1), N(1)}) == "\"\U0001F44D\U0001F3FD\"");
  CHECK(h.fails("substr", {S("hello"), N(0.5), N(1)}));
  CHECK(h.quietly_unknown("substr", {S("hello"), U(), N(1)}));
}

TEST_CASE("startswith, endswith, strcontains", "[terraform][functions]") {
  Harness h;
  CHECK(h.eval("startswith", {S("hello world"), S("hello")}) == "true");
  CHECK(h.eval("startswith", {S("hello world"), S("world")}) == "false");
  CHECK(h.eval("endswith", {S("hello world"), S("world")}) == "true");
  CHECK(h.eval("endswith", {S("hello"), S("")}) == "true");
  CHECK(h.eval("strcontains", {S("hello world"), S("o w")}) == "true");
  CHECK(h.eval("strcontains", {S("hello world"), S("x")}) == "false");
  CHECK(h.fails("startswith", {Null(), S("a")}));
  CHECK(h.quietly_unknown("endswith", {U(), S("a")}));
}

// ---- collections ------------------------------------------------------------------------------

TEST_CASE("concat, merge, lookup", "[terraform][functions]") {
  Harness h;
  CHECK(h.eval("concat", {L({S("a"), S("")}), L({S("b"), S("c")})}) == R"(["a", "", "b", "c"])");
  CHECK(h.eval("concat", {L({U()}), L({N(1)})}) == "[<unknown>, 1]");  // elements may be unknown
  CHECK(h.fails("concat", {L({}), S("x")}));
  CHECK(h.quietly_unknown("concat", {L({}), U()}));

  CHECK(h.eval("merge", {O({{"a", S("b")}, {"c", S("d")}}), O({{"e", S("f")}, {"c", S("z")}})}) ==
        R"({a = "b", c = "z", e = "f"})");
  CHECK(h.eval("merge", {O({{"a", N(1)}}), Null(), O({{"b", U()}})}) == "{a = 1, b = <unknown>}");
  CHECK(h.eval("merge", {}) == "{}");
  SECTION("merged members keep the range they were written at") {
    SourceFile file{"main.tf", ""};
    Object members{Member{"encrypted", B(true), SourceRange{&file, 7, 3, 7, 19}}};
    const Value merged = h.call("merge", {O({{"a", N(1)}}), Value::object(members)});
    REQUIRE(merged.find("encrypted") != nullptr);
    CHECK(merged.find("encrypted")->range.start_line == 7);
  }
  CHECK(h.fails("merge", {O({}), L({})}));
  CHECK(h.quietly_unknown("merge", {O({}), U()}));

  CHECK(h.eval("lookup", {O({{"a", S("ay")}, {"b", S("bee")}}), S("a"), S("what?")}) == R"("ay")");
  CHECK(h.eval("lookup", {O({{"a", S("ay")}}), S("c"), S("what?")}) == R"("what?")");
  CHECK(h.eval("lookup", {O({{"a", U()}, {"b", N(2)}}), S("b")}) == "2");
  CHECK(h.eval("lookup", {O({{"b", N(2)}}), S("b"), U()}) == "2");
  CHECK(h.quietly_unknown("lookup", {O({}), S("b"), U()}));
  CHECK(h.fails("lookup", {O({{"a", S("ay")}}), S("c")}));
  CHECK(h.diagnostics.back().message == "lookup: lookup failed to find key \"c\"");
  CHECK(h.fails("lookup", {Null(), S("c"), S("d")}));
  CHECK(h.quietly_unknown("lookup", {O({}), U(), S("d")}));
}

TEST_CASE("element, index, slice, reverse, one", "[terraform][functions]") {
  Harness h;
  CHECK(h.eval("element", {L({S("a"), S("b"), S("c")}), N(1)}) == R"("b")");
  CHECK(h.eval("element", {L({S("a"), S("b"), S("c")}), N(3)}) == R"("a")");  // wraps around
  CHECK(h.fails("element", {L({}), N(0)}));
  CHECK(h.fails("element", {L({S("a")}), N(-1)}));

  CHECK(h.eval("index", {L({S("a"), S("b"), S("c")}), S("b")}) == "1");
  CHECK(h.eval("index", {L({N(1), N(2)}), S("2")}) == "1");
  CHECK(h.fails("index", {L({S("a")}), S("z")}));
  CHECK(h.fails("index", {L({}), S("z")}));

  CHECK(h.eval("slice", {L({S("a"), S("b"), S("c"), S("d")}), N(1), N(3)}) == R"(["b", "c"])");
  CHECK(h.eval("slice", {L({S("a")}), N(1), N(1)}) == "[]");
  CHECK(h.fails("slice", {L({S("a")}), N(0), N(2)}));
  CHECK(h.fails("slice", {L({S("a"), S("b")}), N(2), N(1)}));
  CHECK(h.fails("slice", {L({S("a")}), N(-1), N(1)}));

  CHECK(h.eval("reverse", {L({N(1), N(2), N(3)})}) == "[3, 2, 1]");
  CHECK(h.fails("reverse", {S("abc")}));

  CHECK(h.eval("one", {L({S("hello")})}) == R"("hello")");
  CHECK(h.eval("one", {L({})}) == "null");
  CHECK(h.fails("one", {L({S("a"), S("b")})}));
  CHECK(h.quietly_unknown("one", {U()}));
}

TEST_CASE("keys, values, length", "[terraform][functions]") {
  Harness h;
  const Value map = O({{"c", N(3)}, {"a", N(1)}, {"b", U()}});
  CHECK(h.eval("keys", {map}) == R"(["a", "b", "c"])");
  CHECK(h.eval("values", {O({{"c", N(3)}, {"a", N(1)}})}) == "[1, 3]");
  CHECK(h.fails("keys", {L({})}));

  CHECK(h.eval("length", {L({N(1), U()})}) == "2");  // known even with unknown elements
  CHECK(h.eval("length", {map}) == "3");
  CHECK(h.eval("length", {S("héllo")}) == "5");
  CHECK(h.eval("length", {S("e\u0301")}) == "1");
  CHECK(h.eval("length", {S("\U0001F1E9\U0001F1EA\U0001F468\u200D\U0001F469\r\n")}) == "3");  // flag, family, CR LF
  CHECK(h.eval("length", {L({})}) == "0");
  CHECK(h.fails("length", {Null()}));
  CHECK(h.fails("length", {N(5)}));
  CHECK(h.quietly_unknown("length", {U()}));
}

TEST_CASE("contains, distinct, flatten, compact", "[terraform][functions]") {
  Harness h;
  CHECK(h.eval("contains", {L({S("a"), S("b")}), S("a")}) == "true");
  CHECK(h.eval("contains", {L({S("a"), S("b")}), S("c")}) == "false");
  CHECK(h.eval("contains", {L({N(1), N(2)}), N(2)}) == "true");
  CHECK(h.quietly_unknown("contains", {L({U()}), S("a")}));
  CHECK(h.fails("contains", {Null(), S("a")}));

  CHECK(h.eval("distinct", {L({S("a"), S("b"), S("a"), S("c"), S("d"), S("b")})}) == R"(["a", "b", "c", "d"])");
  CHECK(h.fails("distinct", {O({})}));

  CHECK(h.eval("flatten", {L({L({S("a"), S("b")}), L({}), L({S("c")})})}) == R"(["a", "b", "c"])");
  CHECK(h.eval("flatten", {L({L({L({S("a")}), S("b")}), S("c"), O({{"k", L({N(1)})}})})}) ==
        R"(["a", "b", "c", {k = [1]}])");
  CHECK(h.quietly_unknown("flatten", {L({L({S("a")}), U()})}));
  CHECK(h.fails("flatten", {S("x")}));

  CHECK(h.eval("compact", {L({S("a"), S(""), S("b"), Null(), S("c")})}) == R"(["a", "b", "c"])");
  CHECK(h.fails("compact", {L({L({})})}));
}

TEST_CASE("coalesce and coalescelist", "[terraform][functions]") {
  Harness h;
  CHECK(h.eval("coalesce", {S("a"), S("b")}) == R"("a")");
  CHECK(h.eval("coalesce", {S(""), S("b")}) == R"("b")");
  CHECK(h.eval("coalesce", {Null(), N(1), N(2)}) == "1");
  CHECK(h.eval("coalesce", {N(1), S("two")}) == R"("1")");  // unified to string
  CHECK(h.eval("coalesce", {S("a"), U()}) == R"("a")");     // a known answer before the unknown
  CHECK(h.quietly_unknown("coalesce", {Null(), U(), S("b")}));
  CHECK(h.fails("coalesce", {Null(), S("")}));
  CHECK(h.fails("coalesce", {S("a"), L({S("b")})}));

  CHECK(h.eval("coalescelist", {L({}), L({S("c"), S("d")})}) == R"(["c", "d"])");
  CHECK(h.eval("coalescelist", {L({S("a")}), U()}) == R"(["a"])");
  CHECK(h.quietly_unknown("coalescelist", {U(), L({S("a")})}));
  CHECK(h.fails("coalescelist", {L({}), L({})}));
  CHECK(h.fails("coalescelist", {S("x")}));
}

TEST_CASE("sort and sets", "[terraform][functions]") {
  Harness h;
  CHECK(h.eval("sort", {L({S("e"), S("d"), S("a"), S("x")})}) == R"(["a", "d", "e", "x"])");
  CHECK(h.eval("sort", {L({N(10), N(9), N(1)})}) == R"(["1", "10", "9"])");  // lexical, as strings
  CHECK(h.fails("sort", {L({S("a"), Null()})}));
  CHECK(h.quietly_unknown("sort", {L({S("a"), U()})}));

  CHECK(h.eval("toset", {L({S("c"), S("b"), S("b")})}) == R"(["b", "c"])");
  CHECK(h.eval("toset", {L({S("a"), N(1), B(true)})}) == R"(["1", "a", "true"])");
  CHECK(h.eval("toset", {Null()}) == "null");
  CHECK(h.fails("toset", {L({S("a"), L({})})}));

  CHECK(h.eval("setunion", {L({S("a"), S("b")}), L({S("b"), S("c")}), L({S("d")})}) == R"(["a", "b", "c", "d"])");
  CHECK(h.eval("setintersection", {L({S("a"), S("b")}), L({S("b"), S("c")}), L({S("b"), S("d")})}) == R"(["b"])");
  CHECK(h.eval("setsubtract", {L({S("a"), S("b"), S("c")}), L({S("a"), S("c")})}) == R"(["b"])");
  CHECK(h.eval("setunion", {L({N(10), N(2)}), L({N(1)})}) == "[1, 2, 10]");  // numbers in numeric order
  CHECK(h.eval("setproduct", {L({S("development"), S("staging")}), L({S("app1"), S("app2")})}) ==
        R"([["development", "app1"], ["development", "app2"], ["staging", "app1"], ["staging", "app2"]])");
  CHECK(h.eval("setproduct", {L({S("a")}), L({})}) == "[]");
  CHECK(h.fails("setproduct", {L({S("a")})}));
  CHECK(h.fails("setunion", {L({}), S("x")}));
  CHECK(h.quietly_unknown("setintersection", {L({U()}), L({S("a")})}));
}

TEST_CASE("zipmap, tolist, tomap, transpose, matchkeys, chunklist", "[terraform][functions]") {
  Harness h;
  CHECK(h.eval("zipmap", {L({S("a"), S("b")}), L({N(1), N(2)})}) == "{a = 1, b = 2}");
  CHECK(h.eval("zipmap", {L({S("a"), S("a")}), L({N(1), N(2)})}) == "{a = 2}");  // later wins
  CHECK(h.eval("zipmap", {L({S("a")}), L({U()})}) == "{a = <unknown>}");
  CHECK(h.fails("zipmap", {L({S("a")}), L({})}));
  CHECK(h.quietly_unknown("zipmap", {L({U()}), L({N(1)})}));

  CHECK(h.eval("tolist", {L({S("a"), N(1)})}) == R"(["a", "1"])");
  CHECK(h.eval("tolist", {Null()}) == "null");
  CHECK(h.fails("tolist", {O({})}));
  CHECK(h.eval("tomap", {O({{"a", S("b")}, {"c", N(1)}})}) == R"({a = "b", c = "1"})");
  CHECK(h.fails("tomap", {L({})}));

  CHECK(h.eval("transpose", {O({{"a", L({S("1"), S("2")})}, {"b", L({S("2"), S("3")})}})}) ==
        R"({1 = ["a"], 2 = ["a", "b"], 3 = ["b"]})");
  CHECK(h.fails("transpose", {O({{"a", S("x")}})}));

  CHECK(h.eval("matchkeys", {L({S("i-123"), S("i-abc"), S("i-def")}), L({S("us-west"), S("us-east"), S("us-east")}),
                             L({S("us-east")})}) == R"(["i-abc", "i-def"])");
  CHECK(h.fails("matchkeys", {L({S("a")}), L({}), L({})}));

  CHECK(h.eval("chunklist", {L({S("a"), S("b"), S("c"), S("d"), S("e")}), N(2)}) ==
        R"([["a", "b"], ["c", "d"], ["e"]])");
  CHECK(h.eval("chunklist", {L({S("a"), S("b")}), N(0)}) == R"([["a", "b"]])");
  CHECK(h.eval("chunklist", {L({}), N(3)}) == "[]");
  CHECK(h.eval("chunklist", {L({}), N(-1)}) == "[]");
  CHECK(h.fails("chunklist", {L({S("a")}), N(-1)}));
}

TEST_CASE("range", "[terraform][functions]") {
  Harness h;
  CHECK(h.eval("range", {N(3)}) == "[0, 1, 2]");
  CHECK(h.eval("range", {N(1), N(4)}) == "[1, 2, 3]");
  CHECK(h.eval("range", {N(1), N(8), N(2)}) == "[1, 3, 5, 7]");
  CHECK(h.eval("range", {N(4), N(1)}) == "[4, 3, 2]");
  CHECK(h.eval("range", {N(10), N(5), N(-2)}) == "[10, 8, 6]");
  CHECK(h.eval("range", {N(0)}) == "[]");
  CHECK(h.fails("range", {N(1), N(4), N(0)}));
  CHECK(h.fails("range", {N(1), N(4), N(-1)}));
  CHECK(h.fails("range", {N(5000)}));
  CHECK(h.quietly_unknown("range", {U()}));
}

TEST_CASE("alltrue, anytrue, sum", "[terraform][functions]") {
  Harness h;
  CHECK(h.eval("alltrue", {L({S("true"), B(true)})}) == "true");
  CHECK(h.eval("alltrue", {L({B(true), B(false)})}) == "false");
  CHECK(h.eval("alltrue", {L({})}) == "true");
  CHECK(h.eval("alltrue", {L({B(false), U()})}) == "false");
  CHECK(h.quietly_unknown("alltrue", {L({B(true), U()})}));
  CHECK(h.fails("alltrue", {L({S("yes")})}));

  CHECK(h.eval("anytrue", {L({S("true"), B(false)})}) == "true");
  CHECK(h.eval("anytrue", {L({})}) == "false");
  CHECK(h.eval("anytrue", {L({U(), B(true)})}) == "true");
  CHECK(h.quietly_unknown("anytrue", {L({U(), B(false)})}));

  CHECK(h.eval("sum", {L({N(10), N(13), N(6), N(20)})}) == "49");
  CHECK(h.eval("sum", {L({N(1.5), S("2")})}) == "3.5");
  CHECK(h.fails("sum", {L({})}));
  CHECK(h.fails("sum", {L({S("x")})}));
}

// ---- numbers and conversions ------------------------------------------------------------------

TEST_CASE("numeric functions", "[terraform][functions]") {
  Harness h;
  CHECK(h.eval("min", {N(12), N(54), N(3)}) == "3");
  CHECK(h.eval("max", {N(12), N(54), S("3")}) == "54");
  CHECK(h.fails("max", {}));
  CHECK(h.eval("abs", {N(-12.4)}) == "12.4");
  CHECK(h.eval("ceil", {N(5.1)}) == "6");
  CHECK(h.eval("floor", {N(-4.9)}) == "-5");
  CHECK(h.eval("log", {N(16), N(2)}) == "4");
  CHECK(h.eval("pow", {N(3), N(2)}) == "9");
  CHECK(h.eval("signum", {N(-13)}) == "-1");
  CHECK(h.eval("signum", {N(0)}) == "0");
  CHECK(h.eval("parseint", {S("100"), N(10)}) == "100");
  CHECK(h.eval("parseint", {S("FF"), N(16)}) == "255");
  CHECK(h.eval("parseint", {S("-10"), N(16)}) == "-16");
  CHECK(h.eval("parseint", {S("1011111011101111"), N(2)}) == "48879");
  CHECK(h.eval("parseint", {S("aA"), N(62)}) == "656");
  CHECK(h.fails("parseint", {S("12"), N(2)}));
  CHECK(h.fails("parseint", {S("1"), N(1)}));
  CHECK(h.fails("abs", {S("abc")}));
  CHECK(h.quietly_unknown("ceil", {U()}));
}

TEST_CASE("type conversions", "[terraform][functions]") {
  Harness h;
  CHECK(h.eval("tostring", {N(5)}) == R"("5")");
  CHECK(h.eval("tostring", {N(0.1)}) == R"("0.1")");
  CHECK(h.eval("tostring", {N(1e21)}) == R"("1000000000000000000000")");
  CHECK(h.eval("tostring", {N(-2.5)}) == R"("-2.5")");
  CHECK(h.eval("tostring", {B(true)}) == R"("true")");
  CHECK(h.eval("tostring", {Null()}) == "null");
  CHECK(h.fails("tostring", {L({})}));
  CHECK(h.eval("tonumber", {S("1e3")}) == "1000");
  CHECK(h.eval("tonumber", {S("-0.5")}) == "-0.5");
  CHECK(h.fails("tonumber", {S("no")}));
  CHECK(h.fails("tonumber", {S(" 1")}));
  CHECK(h.fails("tonumber", {S("+-1")}));
  CHECK(h.eval("tonumber", {S("+1.5")}) == "1.5");
  CHECK(h.eval("tobool", {S("false")}) == "false");
  CHECK(h.fails("tobool", {S("yes")}));
  CHECK(h.eval("sensitive", {S("x")}) == R"("x")");
  CHECK(h.eval("nonsensitive", {U()}) == "<unknown>");
  CHECK(h.quietly_unknown("tostring", {U()}));
}

// ---- encodings --------------------------------------------------------------------------------

TEST_CASE("jsonencode and jsondecode", "[terraform][functions]") {
  Harness h;
  CHECK(h.call("jsonencode", {O({{"hello", S("world")}, {"a", L({N(1), N(2.5), B(true), Null()})}})}).as_string() ==
        R"({"a":[1,2.5,true,null],"hello":"world"})");
  CHECK(h.call("jsonencode", {S("<b> & \"q\"\n")}).as_string() == R"("\u003cb\u003e \u0026 \"q\"\n")");
  CHECK(h.quietly_unknown("jsonencode", {L({U()})}));

  CHECK(h.eval("jsondecode", {S(R"({"hello": "world", "n": [1, 2.5e1, null, false]})")}) ==
        R"({hello = "world", n = [1, 25, null, false]})");
  CHECK(h.eval("jsondecode", {S("true")}) == "true");
  CHECK(h.fails("jsondecode", {S("{")}));
  CHECK(h.fails("jsondecode", {S(std::string(1000, '['))}));
}

TEST_CASE("yamlencode and yamldecode", "[terraform][functions]") {
  Harness h;
  CHECK(h.call("yamlencode", {O({{"a", S("b")}, {"c", S("d")}})}).as_string() == "\"a\": \"b\"\n\"c\": \"d\"\n");
  CHECK(h.call("yamlencode", {O({{"foo", L({N(1), N(2), N(3)})}, {"bar", S("baz")}})}).as_string() ==
        "\"bar\": \"baz\"\n\"foo\":\n- 1\n- 2\n- 3\n");
  CHECK(h.call("yamlencode", {O({{"foo", L({N(1), O({{"a", S("b")}, {"c", S("d")}}), N(3)})}, {"bar", S("baz")}})})
            .as_string() == "\"bar\": \"baz\"\n\"foo\":\n- 1\n- \"a\": \"b\"\n  \"c\": \"d\"\n- 3\n");
  CHECK(h.call("yamlencode", {O({{"m", O({{"k", L({})}})}})}).as_string() == "\"m\":\n  \"k\": []\n");
  CHECK(h.call("yamlencode", {S("x")}).as_string() == "\"x\"\n");
  // go-yaml closes a document that ends in a plain root scalar with "..."
  CHECK(h.call("yamlencode", {B(true)}).as_string() == "true\n...\n");
  CHECK(h.call("yamlencode", {N(0)}).as_string() == "0\n...\n");
  CHECK(h.call("yamlencode", {Null()}).as_string() == "null\n...\n");
  CHECK(h.call("yamlencode", {O({})}).as_string() == "{}\n");
  CHECK(h.call("yamlencode", {L({S("b")})}).as_string() == "- \"b\"\n");
  CHECK(h.call("yamlencode", {L({L({N(1), N(2)}), O({{"k", Null()}})})}).as_string() ==
        "- - 1\n  - 2\n- \"k\": null\n");
  // Text with line breaks becomes a literal block, with the chomping it needs.
  CHECK(h.call("yamlencode", {O({{"a", S("x\ny")}})}).as_string() == "\"a\": |-\n  x\n  y\n");
  CHECK(h.call("yamlencode", {O({{"a", S("x\n\ny\n")}})}).as_string() == "\"a\": |\n  x\n\n  y\n");
  CHECK(h.call("yamlencode", {L({S("x\n\n")})}).as_string() == "- |+\n  x\n\n...\n");
  CHECK(h.call("yamlencode", {O({{"a", S(" x\ny")}})}).as_string() == "\"a\": |2-\n   x\n  y\n");
  CHECK(h.call("yamlencode", {O({{"a", S("x\ty\n")}})}).as_string() == "\"a\": \"x\\ty\\n\"\n");
  CHECK(h.call("yamlencode", {S("\u00e9\x01")}).as_string() == "\"\u00e9\\x01\"\n");
  // Long strings fold at the first space past column 80 (opentofu/opentofu#4433).
  const std::string command =
      "mkdir -p /app/storage/database /app/storage/framework/cache/data /app/storage/framework/sessions "
      "/app/storage/framework/views /app/storage/logs";
  CHECK(h.call("yamlencode", {O({{"command", S(command)}})}).as_string() ==
        "\"command\": \"mkdir -p /app/storage/database /app/storage/framework/cache/data "
        "/app/storage/framework/sessions\n"
        "  /app/storage/framework/views /app/storage/logs\"\n");
  CHECK(h.quietly_unknown("yamlencode", {O({{"a", U()}})}));

  CHECK(h.eval("yamldecode", {S("hello: world\nlist: [1, true, \"2\", ~]\n")}) ==
        R"({hello = "world", list = [1, true, "2", null]})");
  CHECK(h.eval("yamldecode", {S("")}) == "null");
  CHECK(h.fails("yamldecode", {S("a: [1, 2")}));
  CHECK(h.fails("yamldecode", {S("a: 1\n---\nb: 2\n")}));
}

TEST_CASE("base64, urlencode, csvdecode", "[terraform][functions]") {
  Harness h;
  CHECK(h.eval("base64encode", {S("Hello World")}) == R"("SGVsbG8gV29ybGQ=")");
  CHECK(h.eval("base64encode", {S("")}) == R"("")");
  CHECK(h.eval("base64decode", {S("SGVsbG8gV29ybGQ=")}) == R"("Hello World")");
  CHECK(h.eval("base64decode", {S("YWI=")}) == R"("ab")");
  CHECK(h.fails("base64decode", {S("SGVsbG8")}));
  CHECK(h.fails("base64decode", {S("/w==")}));  // 0xFF is not UTF-8
  CHECK(h.eval("urlencode", {S("Hello World/~ü&x=1")}) == R"("Hello+World%2F~%C3%BC%26x%3D1")");
  CHECK(h.eval("textencodebase64", {S("Hello World"), S("UTF-16LE")}) == R"("SABlAGwAbABvACAAVwBvAHIAbABkAA==")");
  CHECK(h.eval("textencodebase64", {S("é😀"), S("utf-16be")}) == R"("AOnYPd4A")");
  CHECK(h.eval("textencodebase64", {S("é"), S("ISO-8859-1")}) == R"("6Q==")");
  CHECK(h.eval("textdecodebase64", {S("SABlAGwAbABvACAAVwBvAHIAbABkAA=="), S("UTF-16LE")}) == R"("Hello World")");
  CHECK(h.eval("textdecodebase64", {S("AOnYPd4A"), S("UTF-16BE")}) == R"("é😀")");
  CHECK(h.eval("textdecodebase64", {S("6Q=="), S("latin1")}) == R"("é")");
  CHECK(h.fails("textencodebase64", {S("😀"), S("ISO-8859-1")}));
  CHECK(h.fails("textencodebase64", {S("x"), S("no such encoding!")}));
  CHECK(h.fails("textdecodebase64", {S("%%%"), S("UTF-8")}));
  const Value shift_jis = h.call("textencodebase64", {S("x"), S("Shift_JIS")});
  CHECK(shift_jis.is_unknown());
  CHECK(h.diagnostics.back().code == "unknown-function");
  CHECK(h.eval("csvdecode", {S("a,b,c\n1,2,3\n4,\"5,x\",\"6\"\"\"\n")}) ==
        R"([{a = "1", b = "2", c = "3"}, {a = "4", b = "5,x", c = "6\""}])");
  CHECK(h.eval("csvdecode", {S("a,b\n")}) == "[]");
  CHECK(h.fails("csvdecode", {S("a,b\n1,2,3\n")}));
  CHECK(h.fails("csvdecode", {S("")}));
  CHECK(h.quietly_unknown("base64encode", {U()}));
}

// ---- network ----------------------------------------------------------------------------------

TEST_CASE("cidr functions on IPv4", "[terraform][functions]") {
  Harness h;
  CHECK(h.eval("cidrsubnet", {S("172.16.0.0/12"), N(4), N(2)}) == R"("172.18.0.0/16")");
  CHECK(h.eval("cidrsubnet", {S("10.1.2.0/24"), N(4), N(15)}) == R"("10.1.2.240/28")");
  CHECK(h.eval("cidrsubnet", {S("10.1.2.3/16"), N(8), N(5)}) == R"("10.1.5.0/24")");  // host bits ignored
  CHECK(h.eval("cidrsubnet", {S("10.0.0.0/8"), N(0), N(0)}) == R"("10.0.0.0/8")");
  CHECK(h.fails("cidrsubnet", {S("10.0.0.0/30"), N(4), N(0)}));
  CHECK(h.fails("cidrsubnet", {S("10.0.0.0/16"), N(2), N(4)}));
  CHECK(h.fails("cidrsubnet", {S("10.0.0.256/16"), N(2), N(1)}));
  CHECK(h.fails("cidrsubnet", {S("10.0.0.0"), N(2), N(1)}));

  CHECK(h.eval("cidrhost", {S("10.12.112.0/20"), N(16)}) == R"("10.12.112.16")");
  CHECK(h.eval("cidrhost", {S("10.12.112.0/20"), N(268)}) == R"("10.12.113.12")");
  CHECK(h.eval("cidrhost", {S("10.0.0.0/24"), N(-1)}) == R"("10.0.0.255")");
  CHECK(h.fails("cidrhost", {S("10.0.0.0/24"), N(256)}));
  CHECK(h.fails("cidrhost", {S("10.0.0.0/24"), N(-257)}));

  CHECK(h.eval("cidrnetmask", {S("172.16.0.0/12")}) == R"("255.240.0.0")");
  CHECK(h.eval("cidrnetmask", {S("10.0.0.0/32")}) == R"("255.255.255.255")");
  CHECK(h.eval("cidrnetmask", {S("0.0.0.0/0")}) == R"("0.0.0.0")");

  CHECK(h.eval("cidrsubnets", {S("10.1.0.0/16"), N(4), N(4), N(8), N(4)}) ==
        R"(["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"])");
  CHECK(h.eval("cidrsubnets", {S("10.1.0.0/16")}) == "[]");
  CHECK(h.fails("cidrsubnets", {S("10.1.0.0/16"), N(1), N(1), N(1)}));
  CHECK(h.fails("cidrsubnets", {S("10.1.0.0/16"), N(0)}));
  CHECK(h.fails("cidrsubnets", {S("10.1.0.0/16"), N(17)}));
  CHECK(h.quietly_unknown("cidrsubnet", {U(), N(4), N(2)}));
}

TEST_CASE("cidr functions on IPv6", "[terraform][functions]") {
  Harness h;
  CHECK(h.eval("cidrsubnet", {S("fd00:fd12:3456:7890::/56"), N(16), N(162)}) == R"("fd00:fd12:3456:7800:a200::/72")");
  CHECK(h.eval("cidrsubnet", {S("2001:db8::/32"), N(16), N(1)}) == R"("2001:db8:1::/48")");
  CHECK(h.eval("cidrhost", {S("fd00:fd12:3456:7890:00a2::/72"), N(34)}) == R"("fd00:fd12:3456:7890::22")");
  CHECK(h.eval("cidrhost", {S("2001:db8::/64"), N(-1)}) == R"("2001:db8::ffff:ffff:ffff:ffff")");
  CHECK(h.eval("cidrhost", {S("::/0"), N(1)}) == R"("::1")");
  CHECK(
      h.eval("cidrsubnets", {S("fd00:fd12:3456:7890::/56"), N(16), N(16), N(16), N(32)}) ==
      R"(["fd00:fd12:3456:7800::/72", "fd00:fd12:3456:7800:100::/72", "fd00:fd12:3456:7800:200::/72", "fd00:fd12:3456:7800:300::/88"])");
  CHECK(h.fails("cidrnetmask", {S("2001:db8::/32")}));
  CHECK(h.fails("cidrsubnet", {S("2001:db8::/120"), N(16), N(0)}));
  CHECK(h.fails("cidrsubnet", {S("2001:db8:::1/64"), N(1), N(0)}));
}

// ---- hashing ----------------------------------------------------------------------------------

TEST_CASE("hash functions match the standard test vectors", "[terraform][functions]") {
  Harness h;
  auto hash = [&](const char* name, std::string input) { return h.call(name, {S(std::move(input))}).as_string(); };
  CHECK(hash("md5", "") == "d41d8cd98f00b204e9800998ecf8427e");
  CHECK(hash("md5", "abc") == "900150983cd24fb0d6963f7d28e17f72");
  CHECK(hash("md5", "The quick brown fox jumps over the lazy dog") == "9e107d9d372bb6826bd81d3542a419d6");
  CHECK(hash("sha1", "abc") == "a9993e364706816aba3e25717850c26c9cd0d89d");
  CHECK(hash("sha1", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  CHECK(hash("sha256", "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(hash("sha256", "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(hash("sha256", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(hash("sha512", "") ==
        "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a"
        "81a538327af927da3e");
  CHECK(hash("sha512", "abc") ==
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce8"
        "0e2a9ac94fa54ca49f");
  const std::string million(1000000, 'a');  // many blocks
  CHECK(hash("md5", million) == "7707d6ae4e027c70eea2a935c2296f21");
  CHECK(hash("sha1", million) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
  CHECK(hash("sha256", million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  CHECK(hash("sha512", million) ==
        "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa"
        "2e4eadb217ad8cc09b");
  CHECK(hash("base64sha256", "hello world") == "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=");
  CHECK(hash("base64sha512", "hello world") ==
        "MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw==");
  CHECK(h.eval("uuidv5", {S("dns"), S("www.example.com")}) == R"("2ed6657d-e927-568b-95e1-2665a8aea6a2")");
  CHECK(h.eval("uuidv5", {S("6ba7b811-9dad-11d1-80b4-00c04fd430c8"), S("https://www.terraform.io/")}) ==
        R"("9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5")");
  CHECK(h.fails("uuidv5", {S("nope"), S("x")}));
  CHECK(h.fails("md5", {L({})}));
  CHECK(h.quietly_unknown("sha256", {U()}));
}

// ---- time and randomness ------------------------------------------------------------------------

TEST_CASE("apply-time functions are unknown", "[terraform][functions]") {
  Harness h;
  for (const char* name : {"timestamp", "uuid", "plantimestamp"}) {
    const Value v = h.call(name, {});
    CHECK(v.is_unknown());
    CHECK(v.unknown_reason() == std::string(name) + "() is not known before apply");
  }
  CHECK(h.call("bcrypt", {S("secret")}).is_unknown());
  CHECK(h.diagnostics.empty());
}

TEST_CASE("timeadd, timecmp, formatdate", "[terraform][functions]") {
  Harness h;
  CHECK(h.eval("timeadd", {S("2017-11-22T00:00:00Z"), S("10m")}) == R"("2017-11-22T00:10:00Z")");
  CHECK(h.eval("timeadd", {S("2017-11-22T00:00:00Z"), S("-1.5h")}) == R"("2017-11-21T22:30:00Z")");
  CHECK(h.eval("timeadd", {S("2024-02-28T23:30:00+01:00"), S("1h")}) == R"("2024-02-29T00:30:00+01:00")");
  CHECK(h.eval("timeadd", {S("2023-12-31T23:59:59.5Z"), S("500ms")}) == R"("2024-01-01T00:00:00Z")");
  CHECK(h.eval("timeadd", {S("2017-11-22T00:00:00+00:00"), S("1h1m1s")}) == R"("2017-11-22T01:01:01Z")");
  CHECK(h.fails("timeadd", {S("2017-11-22"), S("1h")}));
  CHECK(h.fails("timeadd", {S("2017-11-22T00:00:00Z"), S("1 day")}));
  CHECK(h.fails("timeadd", {S("2017-02-30T00:00:00Z"), S("1h")}));
  CHECK(h.quietly_unknown("timeadd", {U(), S("1h")}));

  CHECK(h.eval("timecmp", {S("2017-11-22T00:00:00Z"), S("2017-11-22T01:00:00+01:00")}) == "0");
  CHECK(h.eval("timecmp", {S("2017-11-22T00:00:00Z"), S("2017-11-22T00:00:00.1Z")}) == "-1");
  CHECK(h.eval("timecmp", {S("2017-11-23T00:00:00Z"), S("2017-11-22T00:00:00Z")}) == "1");
  CHECK(h.fails("timecmp", {S("yesterday"), S("2017-11-22T00:00:00Z")}));

  const Value utc = S("2018-01-02T23:12:01Z"), pacific = S("2018-01-02T23:12:01-08:00");
  CHECK(h.eval("formatdate", {S("DD MMM YYYY hh:mm ZZZ"), utc}) == R"("02 Jan 2018 23:12 UTC")");
  CHECK(h.eval("formatdate", {S("EEEE, DD-MMM-YY hh:mm:ss ZZZ"), utc}) == R"("Tuesday, 02-Jan-18 23:12:01 UTC")");
  CHECK(h.eval("formatdate", {S("EEE, DD MMM YYYY hh:mm:ss ZZZ"), pacific}) == R"("Tue, 02 Jan 2018 23:12:01 -0800")");
  CHECK(h.eval("formatdate", {S("MMMM D, YYYY"), utc}) == R"("January 2, 2018")");
  CHECK(h.eval("formatdate", {S("HH:mmaa"), utc}) == R"("11:12pm")");
  CHECK(h.eval("formatdate", {S("h'h'mm"), pacific}) == R"("23h12")");
  CHECK(h.eval("formatdate", {S("'it''s' Z ZZZZZ"), pacific}) == R"("it's -08:00 -08:00")");
  CHECK(h.eval("formatdate", {S("YYYY-MM-DD'T'hh:mm:ssZ"), utc}) == R"("2018-01-02T23:12:01Z")");
  CHECK(h.fails("formatdate", {S("YYY"), utc}));
  CHECK(h.fails("formatdate", {S("'open"), utc}));
  CHECK(h.fails("formatdate", {S("x"), utc}));
  CHECK(h.fails("formatdate", {S("YYYY"), S("2018-01-02 23:12:01Z")}));
}

// ---- filesystem -------------------------------------------------------------------------------

namespace {
namespace fs = std::filesystem;

// A scratch tree: root/module/{a.txt, b.json, sub/c.txt, bin.dat} and root/outside.txt.
struct Tree {
  fs::path root = fs::temp_directory_path() / ("vouch-fn-test-" + std::to_string(::getpid()));
  Tree() {
    fs::remove_all(root);
    fs::create_directories(root / "scan" / "module" / "sub");
    write(root / "scan" / "module" / "a.txt", "hello\n");
    write(root / "scan" / "module" / "b.json", "{}");
    write(root / "scan" / "module" / "sub" / "c.txt", "c");
    write(root / "scan" / "module" / "bin.dat", std::string("\xff\xfe", 2));
    write(root / "outside.txt", "secret");
  }
  ~Tree() { fs::remove_all(root); }
  static void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }
};
}  // namespace

TEST_CASE("filesystem functions stay inside the scan root", "[terraform][functions]") {
  Tree tree;
  Harness h;
  h.ctx.scan_root = (tree.root / "scan").string();
  h.ctx.module_dir = (tree.root / "scan" / "module").string();

  CHECK(h.eval("file", {S("a.txt")}) == R"("hello\n")");
  CHECK(h.sources.find((tree.root / "scan" / "module" / "a.txt").generic_string()) != nullptr);
  CHECK(h.eval("filebase64", {S("bin.dat")}) == R"("//4=")");
  CHECK(h.eval("filemd5", {S("sub/c.txt")}) == R"("4a8a08f09d37b73795649038408b5f33")");
  CHECK(h.eval("filesha256", {S("sub/c.txt")}) ==
        R"("2e7d2c03a9507ae265ecf5b5356885a53393a2029d241394997265a1a25aefc6")");
  CHECK(h.eval("fileexists", {S("a.txt")}) == "true");
  CHECK(h.eval("fileexists", {S("missing.txt")}) == "false");
  CHECK(h.eval("fileset", {S("."), S("*.txt")}) == R"(["a.txt"])");
  CHECK(h.eval("fileset", {S("."), S("**/*.txt")}) == R"(["a.txt", "sub/c.txt"])");
  CHECK(h.eval("fileset", {S("."), S("{a,b}.*")}) == R"(["a.txt", "b.json"])");
  CHECK(h.eval("fileset", {S("sub"), S("*")}) == R"(["c.txt"])");
  CHECK(h.eval("fileset", {S("nowhere"), S("*")}) == "[]");

  CHECK(h.fails("file", {S("missing.txt")}));
  CHECK(h.fails("file", {S("bin.dat")}));  // not UTF-8
  CHECK(h.fails("file", {S("../../outside.txt")}));
  CHECK(h.fails("file", {S((tree.root / "outside.txt").string())}));
  CHECK(h.fails("fileexists", {S("../../outside.txt")}));
  CHECK(h.fails("fileexists", {S("sub")}));
  CHECK(h.fails("fileset", {S("../.."), S("*")}));
  CHECK(h.quietly_unknown("file", {U()}));

  h.ctx.allow_outside_root = true;
  CHECK(h.eval("file", {S("../../outside.txt")}) == R"("secret")");
}

TEST_CASE("basename and dirname", "[terraform][functions]") {
  Harness h;
  CHECK(h.eval("basename", {S("foo/bar/baz.txt")}) == R"("baz.txt")");
  CHECK(h.eval("basename", {S("foo/bar/")}) == R"("bar")");
  CHECK(h.eval("basename", {S("")}) == R"(".")");
  CHECK(h.eval("basename", {S("/")}) == R"("/")");
  CHECK(h.eval("dirname", {S("foo/bar/baz.txt")}) == R"("foo/bar")");
  CHECK(h.eval("dirname", {S("baz.txt")}) == R"(".")");
  CHECK(h.eval("dirname", {S("/baz.txt")}) == R"("/")");
  CHECK(h.eval("dirname", {S("a//b/../c/d")}) == R"("a/c")");
  CHECK(h.fails("basename", {Null()}));
}

// Every function, every arity up to three, arguments from a pool of awkward values:
// nothing may throw or crash, and a reported error always comes with an unknown result.
TEST_CASE("every function survives awkward arguments", "[terraform][functions]") {
  const fs::path empty = fs::temp_directory_path() / ("vouch-fn-empty-" + std::to_string(::getpid()));
  fs::create_directories(empty);
  const std::vector<Value> pool = {
      Null(),
      U(),
      S(""),
      S("/(x)/"),
      S("10.0.0.0/8"),
      S("%[2]v %d"),
      N(-1),
      N(1e300),
      N(0.5),
      B(true),
      L({}),
      L({S("a"), N(1), Null(), U()}),
      O({}),
      O({{"k", L({S("v")})}}),
      S("2018-01-02T23:12:01Z"),
      S("\xff\xfe"),
  };
  size_t calls = 0;
  for (const std::string& name : terraform::implemented_functions()) {
    Harness h;
    h.ctx.module_dir = empty.string();
    h.ctx.scan_root = empty.string();
    std::vector<size_t> index;
    for (size_t arity = 0; arity <= 3; ++arity) {
      index.assign(arity, 0);
      while (true) {
        std::vector<Value> args;
        for (size_t i : index) args.push_back(pool[i]);
        const size_t before = h.diagnostics.size();
        std::optional<Value> result;
        ++calls;
        try {
          result = call_function(name, args, h.ctx);
        } catch (const std::exception& e) {
          FAIL(name << " threw " << e.what());
        }
        // Checked by hand: a Catch assertion per call would dominate the run time.
        if (!result || (h.diagnostics.size() > before && !result->is_unknown())) {
          FAIL(name << " with " << arity << " arguments returned a known value after reporting an error");
        }
        size_t k = 0;
        while (k < arity && ++index[k] == pool.size()) index[k++] = 0;
        if (k == arity) break;
      }
    }
  }
  CHECK(calls == terraform::implemented_functions().size() * (1 + 16 + 16 * 16 + 16 * 16 * 16));
  fs::remove_all(empty);
}
