#include <catch2/catch.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "discover/discover.h"

namespace fs = std::filesystem;
using vouch::discover;
using vouch::Discovery;

namespace {

// A scratch tree under the system temp folder, removed when the test ends.
class TempTree {
 public:
  TempTree() {
    std::random_device rd;
    root_ = fs::temp_directory_path() / ("vouch-discover-" + std::to_string(rd()));
    fs::create_directories(root_);
  }
  ~TempTree() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  TempTree(const TempTree&) = delete;
  TempTree& operator=(const TempTree&) = delete;

  void write(const std::string& relative, const std::string& text = "") {
    const fs::path p = root_ / relative;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
  }
  std::string path(const std::string& relative = "") const {
    return relative.empty() ? root_.generic_string() : (root_ / relative).generic_string();
  }

 private:
  fs::path root_;
};

bool has_code(const Discovery& d, const std::string& code) {
  for (const auto& diag : d.diagnostics) {
    if (diag.code == code) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("discover groups Terraform files by directory and collects documents, sorted") {
  TempTree tree;
  tree.write("b/main.tf");
  tree.write("b/variables.tf");
  tree.write("a/main.tf.json");
  tree.write("a/prod.tfvars.json");
  tree.write("k8s/deploy.yaml");
  tree.write("k8s/svc.yml");
  tree.write("cfn/stack.template");
  tree.write("cfn/stack.json");
  tree.write("web/package.json");
  tree.write("README.md");

  const Discovery d = discover({tree.path()});
  REQUIRE(d.terraform_modules.size() == 2);
  CHECK(d.terraform_modules[0].dir == tree.path("a"));
  CHECK(d.terraform_modules[0].files == std::vector<std::string>{tree.path("a/main.tf.json")});
  CHECK(d.terraform_modules[1].dir == tree.path("b"));
  CHECK(d.terraform_modules[1].files == std::vector<std::string>{tree.path("b/main.tf"), tree.path("b/variables.tf")});
  CHECK(d.terraform_modules[1].report_only.empty());
  CHECK(d.documents == std::vector<std::string>{tree.path("cfn/stack.json"), tree.path("cfn/stack.template"),
                                                tree.path("k8s/deploy.yaml"), tree.path("k8s/svc.yml")});
  CHECK(d.diagnostics.empty());
}

TEST_CASE("discover skips hidden folders, .terraform and .git") {
  TempTree tree;
  tree.write("main.tf");
  tree.write(".terraform/modules/x/main.tf");
  tree.write(".git/config.yaml");
  tree.write(".github/workflows/ci.yml");
  const Discovery d = discover({tree.path()});
  REQUIRE(d.terraform_modules.size() == 1);
  CHECK(d.terraform_modules[0].dir == tree.path());
  CHECK(d.documents.empty());
}

TEST_CASE("a single .tf file brings its whole module but reports only that file") {
  TempTree tree;
  tree.write("mod/main.tf");
  tree.write("mod/variables.tf");
  const Discovery d = discover({tree.path("mod/main.tf")});
  REQUIRE(d.terraform_modules.size() == 1);
  CHECK(d.terraform_modules[0].files == std::vector<std::string>{tree.path("mod/main.tf"), tree.path("mod/variables.tf")});
  CHECK(d.terraform_modules[0].report_only == std::vector<std::string>{tree.path("mod/main.tf")});

  SECTION("naming the folder as well reports everything") {
    const Discovery both = discover({tree.path("mod/main.tf"), tree.path("mod")});
    REQUIRE(both.terraform_modules.size() == 1);
    CHECK(both.terraform_modules[0].report_only.empty());
  }
}

TEST_CASE("exclude globs are matched relative to the scan root") {
  TempTree tree;
  tree.write("envs/prod/main.tf");
  tree.write("examples/basic/main.tf");
  tree.write("test/fixtures/bad.yaml");
  tree.write("k8s/app.yaml");
  vouch::DiscoverOptions options;
  options.exclude_globs = {"examples/**", "fixtures"};
  const Discovery d = discover({tree.path()}, options);
  REQUIRE(d.terraform_modules.size() == 1);
  CHECK(d.terraform_modules[0].dir == tree.path("envs/prod"));
  CHECK(d.documents == std::vector<std::string>{tree.path("k8s/app.yaml")});
}

TEST_CASE("glob matching") {
  CHECK(vouch::glob_matches("*.yaml", "a/b/c.yaml"));        // no '/': any segment
  CHECK_FALSE(vouch::glob_matches("a/*.yaml", "a/b/c.yaml"));  // '*' stays in one segment
  CHECK(vouch::glob_matches("a/**/c.yaml", "a/b/c.yaml"));
  CHECK(vouch::glob_matches("a/**/c.yaml", "a/c.yaml"));
  CHECK(vouch::glob_matches("**/test/**", "x/test/y.tf"));
  CHECK(vouch::glob_matches("./x/?.tf", "x/a.tf"));
  CHECK_FALSE(vouch::glob_matches("x/?.tf", "x/ab.tf"));
}

TEST_CASE("symlink loops are reported and not followed") {
  TempTree tree;
  tree.write("a/main.tf");
  fs::create_directory_symlink(tree.path("a"), tree.path("a/loop"));
  const Discovery d = discover({tree.path()});
  CHECK(has_code(d, "symlink-loop"));
  REQUIRE(d.terraform_modules.size() == 1);
  CHECK(d.terraform_modules[0].files.size() == 1);
}

TEST_CASE("symlinks leading out of the scan root are not followed") {
  TempTree outside;
  outside.write("secret/main.tf");
  TempTree tree;
  tree.write("main.tf");
  fs::create_directory_symlink(outside.path("secret"), tree.path("linked"));
  const Discovery d = discover({tree.path()});
  CHECK(has_code(d, "symlink-outside-root"));
  REQUIRE(d.terraform_modules.size() == 1);
  CHECK(d.terraform_modules[0].dir == tree.path());
}

TEST_CASE("missing paths and unsupported files are diagnostics, and the rest is still discovered") {
  TempTree tree;
  tree.write("main.tf");
  tree.write("notes.txt");
  const Discovery d = discover({tree.path("nope"), tree.path("notes.txt"), tree.path()});
  CHECK(has_code(d, "path-not-found"));
  CHECK(has_code(d, "unsupported-file"));
  CHECK(d.terraform_modules.size() == 1);
}

TEST_CASE("display paths are relative to the working directory when inside it") {
  const std::string cwd = fs::current_path().generic_string();
  CHECK(vouch::display_path(cwd + "/x/y.tf") == "x/y.tf");
  CHECK(vouch::display_path("./x//y.tf") == "x/y.tf");
  CHECK(vouch::display_path(cwd) == ".");
  CHECK(vouch::display_path("/definitely/elsewhere/a.tf") == "/definitely/elsewhere/a.tf");
}

TEST_CASE("a Helm chart's templates are passed over with a note, its values are not") {
  TempTree tree;
  tree.write("chart/Chart.yaml", "apiVersion: v2\nname: demo\n");
  tree.write("chart/values.yaml");
  tree.write("chart/templates/deployment.yaml", "kind: {{ .Values.kind }}\n");
  const Discovery d = discover({tree.path()});
  CHECK(has_code(d, "helm-templates-skipped"));
  CHECK(d.documents == std::vector<std::string>{tree.path("chart/Chart.yaml"), tree.path("chart/values.yaml")});
}

TEST_CASE("an unreadable folder is an error diagnostic and the walk goes on") {
  if (geteuid() == 0) {
    WARN("running as root: every folder is readable, the case cannot be set up");
    return;
  }
  TempTree tree;
  tree.write("locked/main.tf");
  tree.write("open/main.tf");
  fs::permissions(tree.path("locked"), fs::perms::none);
  const Discovery d = discover({tree.path()});
  fs::permissions(tree.path("locked"), fs::perms::owner_all);
  CHECK(has_code(d, "unreadable-path"));
  REQUIRE(d.terraform_modules.size() == 1);
  CHECK(d.terraform_modules[0].dir == tree.path("open"));
}
