# The tree-sitter C runtime and the HCL grammar, from the npm packages pinned in
# grammars/package.json and grammars/package-lock.json (installed by
# `npm ci --ignore-scripts` in grammars/, which `make setup` runs). Third-party C, so
# it is built without our warning flags.
set(VOUCH_GRAMMARS_DIR ${CMAKE_CURRENT_SOURCE_DIR}/grammars/node_modules)
set(TS_RUNTIME_DIR ${VOUCH_GRAMMARS_DIR}/tree-sitter/vendor/tree-sitter/lib)
set(TS_HCL_DIR ${VOUCH_GRAMMARS_DIR}/@tree-sitter-grammars/tree-sitter-hcl/src)
if(NOT EXISTS ${TS_RUNTIME_DIR}/src/lib.c OR NOT EXISTS ${TS_HCL_DIR}/parser.c)
  message(FATAL_ERROR "tree-sitter sources not found under ${VOUCH_GRAMMARS_DIR}: "
                      "run `make setup` (or `npm ci --ignore-scripts` in grammars/)")
endif()
add_library(vouch_tree_sitter_hcl STATIC
  ${TS_RUNTIME_DIR}/src/lib.c
  ${TS_HCL_DIR}/parser.c
  ${TS_HCL_DIR}/scanner.c)
target_include_directories(vouch_tree_sitter_hcl
  PUBLIC ${TS_RUNTIME_DIR}/include
  PRIVATE ${TS_RUNTIME_DIR}/src ${TS_HCL_DIR})
set_target_properties(vouch_tree_sitter_hcl PROPERTIES C_STANDARD 11 POSITION_INDEPENDENT_CODE ON)
target_compile_options(vouch_tree_sitter_hcl PRIVATE -w)
target_compile_definitions(vouch_tree_sitter_hcl PRIVATE _POSIX_C_SOURCE=200112L _DEFAULT_SOURCE)
add_library(vouch::tree_sitter_hcl ALIAS vouch_tree_sitter_hcl)
