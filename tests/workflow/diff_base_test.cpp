// `--diff-base REV` end to end (issue #6), in throwaway git repositories: only what
// changed is reported, while each module is still evaluated whole.
#include <catch2/catch.hpp>

#include "workflow.h"

using namespace vouch::workflow_test;

namespace {

constexpr const char* kRules = "--rule aws-rds-storage-unencrypted --rule aws-ebs-volume-unencrypted";

// A module of three files, committed: the variable lives in an unchanged file.
void make_repository(const fs::path& repo) {
  write_file(repo / "variables.tf", R"(variable "encrypted" {
  type    = bool
  default = false
}
)");
  write_file(repo / "database.tf", R"(resource "aws_db_instance" "orders" {
  engine = "postgres"
}

resource "aws_db_instance" "billing" {
  engine            = "postgres"
  storage_encrypted = true
}
)");
  write_file(repo / "volumes.tf", R"(resource "aws_ebs_volume" "old" {
  availability_zone = "eu-west-1a"
  size              = 10
}
)");
  git(repo, "init -q");
  git(repo, "add -A");
  git(repo, "commit -q -m base");
  git(repo, "tag base");
}

bool git_available() { return std::system("command -v git >/dev/null 2>&1") == 0; }

}  // namespace

TEST_CASE("--diff-base reports only findings in changed files; the module is still evaluated whole",
          "[workflow][diff]") {
  if (!git_available()) {
    WARN("git is not installed: --diff-base not tested");
    return;
  }
  TempDir dir;
  make_repository(dir.path());
  // Nothing changed: nothing reported, although the tree has findings.
  const Run clean = vouch_in(dir.path(), std::string("scan . --no-color --diff-base base ") + kRules);
  INFO(clean.out << clean.err);
  CHECK(clean.code == 0);
  CHECK(contains(clean.out, "0 findings"));
  CHECK(vouch_in(dir.path(), std::string("scan . ") + kRules).code == 1);

  // The change takes its value from var.encrypted, defined in the unchanged variables.tf.
  write_file(dir.path() / "database.tf", R"(resource "aws_db_instance" "orders" {
  engine = "postgres"
}

resource "aws_db_instance" "billing" {
  engine            = "postgres"
  storage_encrypted = var.encrypted
}
)");
  const Run r = vouch_in(dir.path(), std::string("scan . --no-color --diff-base base ") + kRules);
  INFO(r.out << r.err);
  CHECK(r.code == 1);
  CHECK(contains(r.out, "database.tf:7:3: high: aws_db_instance.billing stores its data without encryption at rest"));
  CHECK(contains(r.out, "via var.encrypted (variables.tf:3:3)"));
  CHECK(contains(r.out, "database.tf:1:1: high: aws_db_instance.orders"));  // same file, not on a changed line
  CHECK_FALSE(contains(r.out, "volumes.tf"));                            // unchanged file
  CHECK(contains(r.out, "2 findings (0 critical, 2 high,"));

  SECTION("--diff-lines narrows the report to changed lines") {
    const Run lines = vouch_in(dir.path(), std::string("scan . --no-color --diff-base base --diff-lines ") + kRules);
    INFO(lines.out);
    CHECK(lines.code == 1);
    CHECK(contains(lines.out, "aws_db_instance.billing"));
    CHECK_FALSE(contains(lines.out, "aws_db_instance.orders"));
    CHECK(contains(lines.out, "1 finding (0 critical, 1 high,"));
  }
  SECTION("a committed change counts as well as one in the work tree") {
    git(dir.path(), "commit -q -am change");
    const Run committed = vouch_in(dir.path(), std::string("scan . --no-color --diff-base base --diff-lines ") + kRules);
    CHECK(contains(committed.out, "aws_db_instance.billing"));
    CHECK_FALSE(contains(committed.out, "volumes.tf"));
  }
  SECTION("untracked new files count as changed, every line of them") {
    write_file(dir.path() / "new_volume.tf", R"(resource "aws_ebs_volume" "fresh" {
  availability_zone = "eu-west-1a"
  size              = 20
}
)");
    const Run untracked = vouch_in(dir.path(), std::string("scan . --no-color --diff-base base --diff-lines ") + kRules);
    INFO(untracked.out);
    CHECK(contains(untracked.out, "new_volume.tf:1:1: high: aws_ebs_volume.fresh"));
    CHECK_FALSE(contains(untracked.out, "aws_ebs_volume.old"));
  }
  SECTION("--diff-base from a subfolder of the repository") {
    write_file(dir.path() / "stacks/app/main.tf", "resource \"aws_ebs_volume\" \"app\" {\n  availability_zone = \"a\"\n  size = 1\n}\n");
    const Run sub = vouch_in(dir.path() / "stacks", std::string("scan app --no-color --diff-base base ") + kRules);
    INFO(sub.out << sub.err);
    CHECK(sub.code == 1);
    CHECK(contains(sub.out, "app/main.tf:1:1: high: aws_ebs_volume.app"));
  }
}

TEST_CASE("--diff-base with a revision that does not exist is exit code 2 with a clear message", "[workflow][diff]") {
  if (!git_available()) {
    WARN("git is not installed: --diff-base not tested");
    return;
  }
  TempDir dir;
  make_repository(dir.path());
  const Run r = vouch_in(dir.path(), "scan . --diff-base no-such-branch");
  CHECK(r.code == 2);
  CHECK(contains(r.err, "--diff-base: revision 'no-such-branch' is not in this clone"));
  CHECK_FALSE(contains(r.err, "shallow"));
  CHECK(r.out.empty());

  SECTION("a revision that git would read as an option is refused") {
    const Run option = vouch_in(dir.path(), "scan . --diff-base=--output=written-by-git");
    CHECK(option.code == 2);
    CHECK(contains(option.err, "'--output=written-by-git' is not a git revision"));
    CHECK_FALSE(fs::exists(dir.path() / "written-by-git"));
  }
  SECTION("outside a git checkout") {
    TempDir plain;
    write_file(plain.path() / "main.tf", "");
    const Run outside = vouch_in(plain.path(), "scan . --diff-base main");
    CHECK(outside.code == 2);
    CHECK(contains(outside.err, "needs a git checkout"));
  }
  SECTION("--diff-lines without --diff-base is a usage error") {
    CHECK(vouch_in(dir.path(), "scan . --diff-lines").code == 2);
  }
}

TEST_CASE("--diff-base on a shallow clone names the shallow clone when REV is missing", "[workflow][diff]") {
  if (!git_available()) {
    WARN("git is not installed: --diff-base not tested");
    return;
  }
  TempDir dir;
  const fs::path origin = dir.path() / "origin";
  make_repository(origin);
  const Run base_sha = shell(origin, "git rev-parse HEAD");
  REQUIRE(base_sha.code == 0);
  const std::string sha = base_sha.out.substr(0, 40);
  write_file(origin / "volumes.tf", "resource \"aws_ebs_volume\" \"old\" {\n  availability_zone = \"b\"\n  size = 1\n}\n");
  git(origin, "commit -q -am second");

  git(dir.path(), "clone -q --depth 1 " + quote("file://" + origin.string()) + " shallow");
  const Run r = vouch_in(dir.path() / "shallow", "scan . --diff-base " + sha);
  INFO(r.err);
  CHECK(r.code == 2);
  CHECK(contains(r.err, "revision '" + sha + "' is not in this clone"));
  CHECK(contains(r.err, "shallow clone"));
  // HEAD is in the shallow clone: diffing against it works.
  CHECK(vouch_in(dir.path() / "shallow", std::string("scan . --diff-base HEAD ") + kRules).code == 0);
}
