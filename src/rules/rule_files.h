// Private to the rules stage: file-level helpers shared by the loader, the fixture
// reader and the docs generator.
#pragma once

#include <string>
#include <string_view>

namespace vouch {

// True for `<stem>.yaml` rule files; false for fixtures, which carry a second
// extension (`.cfn.yaml`, `.k8s.yaml`). Must agree with cmake/VouchHelpers.cmake.
bool is_rule_file_name(std::string_view file_name);

// True for Terraform fixture folders (`<stem>.tf.d`, `<stem>.<case>.tf.d`): nothing
// inside one is a rule, whatever its extension. Must agree with cmake/VouchHelpers.cmake.
bool is_fixture_folder_name(std::string_view dir_name);

// The whole file; throws std::runtime_error when it cannot be read.
std::string read_text_file(const std::string& path);

}  // namespace vouch
