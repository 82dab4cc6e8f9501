// Evaluation: each expression kind with its exact value, unknowns, variables, locals,
// provenance and cycles.
#include <catch2/catch.hpp>

#include "terraform/module_harness.h"

using vouch::Value;
using vouch::test::evaluate;

namespace {
// Evaluates `expr` as attribute `v` of a resource, with `extra` beside it.
Value value_of(const std::string& expr, const std::string& extra = "") {
  auto m = evaluate(extra + "\nresource \"test_thing\" \"t\" {\n  v = " + expr + "\n}\n");
  return m.at("test_thing.t", "v");
}
}  // namespace

TEST_CASE("literals") {
  CHECK(value_of("42").as_number() == 42);
  CHECK(value_of("1.5e3").as_number() == 1500);
  CHECK(value_of("true").as_bool() == true);
  CHECK(value_of("null").is_null());
  CHECK(value_of("\"a\\tb\\\"c\\u00e9\"").as_string() == "a\tb\"c\xc3\xa9");
  CHECK(value_of("\"$${literal}\"").as_string() == "${literal}");
}

TEST_CASE("lists and objects") {
  Value list = value_of("[1, \"two\", [3]]");
  REQUIRE(list.is_list());
  REQUIRE(list.as_list().size() == 3);
  CHECK(list.as_list()[1].as_string() == "two");
  CHECK(list.as_list()[2].as_list()[0].as_number() == 3);
  Value object = value_of("{ name = \"x\", \"quoted key\" = 2, nested = { a = true } }");
  REQUIRE(object.is_object());
  CHECK(object.get("name")->as_string() == "x");
  CHECK(object.get("quoted key")->as_number() == 2);
  CHECK(object.get("nested")->get("a")->as_bool());
}

TEST_CASE("string templates interpolate and keep single interpolations unconverted") {
  CHECK(value_of("\"${local.a}-${local.n}\"", "locals {\n a = \"x\"\n n = 3\n}\n").as_string() == "x-3");
  CHECK(value_of("\"${local.n}\"", "locals {\n n = 3\n}\n").as_number() == 3);
  CHECK(value_of("\"%{ if local.on }yes%{ else }no%{ endif }\"", "locals {\n on = false\n}\n").as_string() == "no");
  CHECK(value_of("\"%{ for x in local.xs }[${x}]%{ endfor }\"", "locals {\n xs = [1, 2]\n}\n").as_string() == "[1][2]");
}

TEST_CASE("heredocs, with and without indentation stripping") {
  CHECK(value_of("<<EOT\nline ${local.a}\n  two\nEOT\n", "locals {\n a = 1\n}\n").as_string() == "line 1\n  two\n");
  CHECK(value_of("<<-EOT\n    {\n      \"k\": 1\n    }\n    EOT\n").as_string() == "{\n  \"k\": 1\n}\n");
}

TEST_CASE("arithmetic, comparison and logic") {
  CHECK(value_of("1 + 2 * 3").as_number() == 7);
  CHECK(value_of("(1 + 2) * 3").as_number() == 9);
  CHECK(value_of("10 % 4 - -1").as_number() == 3);
  CHECK(value_of("7 / 2").as_number() == 3.5);
  CHECK(value_of("3 >= 3 && 2 < 1").as_bool() == false);
  CHECK(value_of("!false || false").as_bool() == true);
  CHECK(value_of("\"a\" == \"a\"").as_bool() == true);
  CHECK(value_of("1 == \"1\"").as_bool() == false);
  CHECK(value_of("[1, 2] != [1, 2]").as_bool() == false);
}

TEST_CASE("conditionals choose a branch; an unknown condition gives unknown") {
  CHECK(value_of("1 > 0 ? \"yes\" : \"no\"").as_string() == "yes");
  CHECK(value_of("var.unset ? \"yes\" : \"no\"", "variable \"unset\" {}\n").is_unknown());
  // Both branches agree: the condition does not matter.
  CHECK(value_of("var.unset ? \"same\" : \"same\"", "variable \"unset\" {}\n").as_string() == "same");
  // A known false settles && even when the other side is unknown.
  CHECK(value_of("false && var.unset", "variable \"unset\" {}\n").as_bool() == false);
}

TEST_CASE("index and attribute access") {
  std::string locals = "locals {\n m = { a = [10, 20], b = { c = \"deep\" } }\n}\n";
  CHECK(value_of("local.m.a[1]", locals).as_number() == 20);
  CHECK(value_of("local.m[\"b\"].c", locals).as_string() == "deep");
  CHECK(value_of("local.m.a.0", locals).as_number() == 10);
}

TEST_CASE("for expressions and splats") {
  std::string locals = "locals {\n xs = [1, 2, 3]\n m = { a = 1, b = 2 }\n objs = [{ n = \"p\" }, { n = \"q\" }]\n}\n";
  Value doubled = value_of("[for x in local.xs : x * 2 if x != 2]", locals);
  REQUIRE(doubled.as_list().size() == 2);
  CHECK(doubled.as_list()[1].as_number() == 6);
  Value inverted = value_of("{ for k, v in local.m : \"k-${k}\" => v + 1 }", locals);
  CHECK(inverted.get("k-b")->as_number() == 3);
  Value grouped = value_of("{ for x in local.xs : (x > 1 ? \"big\" : \"small\") => x... }", locals);
  CHECK(grouped.get("big")->as_list().size() == 2);
  Value names = value_of("local.objs[*].n", locals);
  REQUIRE(names.as_list().size() == 2);
  CHECK(names.as_list()[1].as_string() == "q");
  CHECK(value_of("local.objs.*.n", locals).as_list()[0].as_string() == "p");
}

TEST_CASE("variables: defaults are known, unset ones are unknown with a reason") {
  std::string vars = "variable \"with_default\" {\n  default = \"d\"\n}\nvariable \"without\" {\n  type = string\n}\n";
  CHECK(value_of("var.with_default", vars).as_string() == "d");
  Value unset = value_of("var.without", vars);
  REQUIRE(unset.is_unknown());
  CHECK(unset.unknown_reason() == "var.without has no value");
  CHECK(value_of("\"prefix-${var.without}\"", vars).is_unknown());
}

TEST_CASE("tfvars, --var-file and --var override defaults in that order") {
  std::map<std::string, std::string> files = {
      {"main.tf",
       "variable \"a\" {\n default = \"default\"\n}\nvariable \"b\" {}\nvariable \"c\" {}\nvariable \"n\" {\n type = "
       "number\n}\n"
       "resource \"test_thing\" \"t\" {\n  a = var.a\n  b = var.b\n  c = var.c\n  n = var.n\n}\n"},
      {"terraform.tfvars", "a = \"from-tfvars\"\nb = \"from-tfvars\"\n"},
      {"x.auto.tfvars", "b = \"from-auto\"\n"},
      {"extra.tfvars", "c = \"from-var-file\"\n"}};
  vouch::terraform::Options options;
  options.var_files = {"extra.tfvars"};
  options.vars = {{"n", "5"}};
  auto m = evaluate(files, options);
  CHECK(m.at("test_thing.t", "a").as_string() == "from-tfvars");
  CHECK(m.at("test_thing.t", "b").as_string() == "from-auto");
  CHECK(m.at("test_thing.t", "c").as_string() == "from-var-file");
  CHECK(m.at("test_thing.t", "n").as_number() == 5);
  // Provenance: the value remembers the tfvars line it was written on.
  Value a = m.at("test_thing.t", "a");
  REQUIRE(a.origins().size() == 1);
  CHECK(a.origins()[0].what == "var.a (terraform.tfvars)");
  CHECK(a.origins()[0].range.start_line == 1);
  CHECK(a.origins()[0].range.path() == m.dir + "/terraform.tfvars");
}

TEST_CASE("values through locals and variables record their origins, use first") {
  auto m = evaluate(
      "variable \"encrypted\" {\n"
      "  default = true\n"
      "}\n"
      "locals {\n"
      "  enc = var.encrypted\n"
      "}\n"
      "resource \"aws_db_instance\" \"db\" {\n"
      "  storage_encrypted = local.enc\n"
      "}\n");
  Value v = m.at("aws_db_instance.db", "storage_encrypted");
  CHECK(v.as_bool() == true);
  CHECK(v.range().start_line == 8);  // the value points at its use
  REQUIRE(v.origins().size() == 2);
  CHECK(v.origins()[0].what == "local.enc");
  CHECK(v.origins()[0].range.start_line == 5);
  CHECK(v.origins()[1].what == "var.encrypted");
  CHECK(v.origins()[1].range.start_line == 2);
}

TEST_CASE("resource attributes: written ones are known, others computed by the provider") {
  auto m = evaluate(
      "resource \"aws_kms_key\" \"k\" {\n"
      "  description = \"key\"\n"
      "}\n"
      "resource \"test_thing\" \"t\" {\n"
      "  written  = aws_kms_key.k.description\n"
      "  computed = aws_kms_key.k.arn\n"
      "}\n");
  CHECK(m.at("test_thing.t", "written").as_string() == "key");
  Value computed = m.at("test_thing.t", "computed");
  REQUIRE(computed.is_unknown());
  CHECK(computed.unknown_reason() == "aws_kms_key.k.arn is computed by the provider");
}

TEST_CASE("a reference cycle among locals is a diagnostic naming it and its values are unknown") {
  auto m = evaluate(
      "locals {\n"
      "  a = local.b\n"
      "  b = \"${local.a}x\"\n"
      "}\n"
      "resource \"test_thing\" \"t\" {\n"
      "  v = local.a\n"
      "}\n");
  auto cycles = m.diagnostics("reference-cycle");
  REQUIRE(cycles.size() == 1);
  CHECK(cycles[0].message == "reference cycle: local.a -> local.b -> local.a");
  CHECK(m.at("test_thing.t", "v").is_unknown());
}

TEST_CASE("functions are called through the function library") {
  CHECK(value_of("upper(\"abc\")").as_string() == "ABC");
  CHECK(value_of("max([1, 5, 3]...)").as_number() == 5);
}

TEST_CASE("an unimplemented function is unknown with a warning") {
  auto m = evaluate("resource \"test_thing\" \"t\" {\n  v = no_such_function(1)\n}\n");
  CHECK(m.at("test_thing.t", "v").is_unknown());
  auto warnings = m.diagnostics("unknown-function");
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].message == "function no_such_function is not implemented");
  CHECK(warnings[0].range.start_line == 2);
}

TEST_CASE("try and can catch evaluation errors") {
  std::string locals = "locals {\n m = { a = 1 }\n}\nvariable \"unset\" {}\n";
  CHECK(value_of("try(local.m.missing, \"fallback\")", locals).as_string() == "fallback");
  CHECK(value_of("try(local.m.a, \"fallback\")", locals).as_number() == 1);
  CHECK(value_of("can(local.m.missing)", locals).as_bool() == false);
  CHECK(value_of("can(local.m.a)", locals).as_bool() == true);
  CHECK(value_of("can(var.unset)", locals).is_unknown());
  auto m = evaluate(locals + "resource \"test_thing\" \"t\" {\n  v = try(local.m.missing, 0)\n}\n");
  CHECK(m.diagnostics("invalid-expression").empty());  // errors inside try are expected
}

TEST_CASE("path.module and terraform.workspace") {
  CHECK(value_of("\"${path.module}/policy.json\"").as_string() == "./policy.json");
  CHECK(value_of("terraform.workspace").as_string() == "default");
}

TEST_CASE("string literals keep their spaces") {
  CHECK(value_of("\"  two  spaces \"").as_string() == "  two  spaces ");
  CHECK(value_of("\" a ${local.x} b \"", "locals {\n x = 1\n}\n").as_string() == " a 1 b ");
  CHECK(value_of("\"%{ if true ~} yes %{~ endif }\"").as_string() == "yes");
}

TEST_CASE("templatefile renders a file of the module with the given variables") {
  auto m = evaluate(
      {{"main.tf",
        "resource \"test_thing\" \"t\" {\n"
        "  v = templatefile(\"${path.module}/policy.tpl\", { bucket = \"logs\", actions = [\"s3:Get\", \"s3:Put\"] })\n"
        "}\n"},
       {"policy.tpl", "arn:${bucket}\n%{ for a in actions ~}\n${a};\n%{ endfor ~}\n"}});
  CHECK(m.at("test_thing.t", "v").as_string() == "arn:logs\ns3:Get;\ns3:Put;\n");
}

TEST_CASE("equality is known when a difference is visible despite unknown parts") {
  std::string vars = "variable \"unset\" {}\nlocals {\n obj = { a = var.unset }\n}\n";
  CHECK(value_of("local.obj == null", vars).as_bool() == false);
  CHECK(value_of("local.obj != null", vars).as_bool() == true);
  CHECK(value_of("[1, var.unset] == [2, var.unset]", vars).as_bool() == false);
  CHECK(value_of("[1, var.unset] == [1, 2]", vars).is_unknown());
  CHECK(value_of("var.unset == null", vars).is_unknown());
}

TEST_CASE("optional attributes of object types get their defaults") {
  std::string vars =
      "variable \"buckets\" {\n"
      "  type = map(object({\n"
      "    name       = string\n"
      "    versioning = optional(bool, true)\n"
      "    logging    = optional(object({ target = optional(string, \"logs\") }), {})\n"
      "    kms_key    = optional(string)\n"
      "  }))\n"
      "  default = { a = { name = \"a\" } }\n"
      "}\n";
  CHECK(value_of("var.buckets.a.versioning", vars).as_bool() == true);
  CHECK(value_of("var.buckets.a.logging.target", vars).as_string() == "logs");
  CHECK(value_of("var.buckets.a.kms_key", vars).is_null());
  CHECK(value_of("var.buckets.a.name", vars).as_string() == "a");
}

TEST_CASE("chained conditionals associate to the right") {
  CHECK(value_of("true ? \"a\" : false ? \"b\" : \"c\"").as_string() == "a");
  CHECK(value_of("false ? \"a\" : true ? \"b\" : \"c\"").as_string() == "b");
  CHECK(value_of("false ? \"a\" : false ? \"b\" : \"c\"").as_string() == "c");
  CHECK(value_of("(true ? false : true) ? \"x\" : \"y\"").as_string() == "y");
}

TEST_CASE("hostile input stays bounded: doubling strings and huge counts") {
  std::string locals = "locals {\n  s0 = \"0123456789abcdef\"\n";
  for (int i = 1; i <= 40; ++i)
    locals += "  s" + std::to_string(i) + " = \"${local.s" + std::to_string(i - 1) + "}${local.s" +
              std::to_string(i - 1) + "}\"\n";
  locals += "}\n";
  CHECK(value_of("local.s40", locals).is_unknown());
  auto m = evaluate("resource \"aws_instance\" \"many\" {\n  count = 1000000000\n}\n");
  CHECK(m.fragment.resources.size() == 1000);
  CHECK(m.diagnostics("too-many-instances").size() == 1);
}
