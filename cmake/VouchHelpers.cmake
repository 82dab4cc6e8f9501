# Build glue shared by the stage libraries, the embedded rule packs and the tests.

function(vouch_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
  if(VOUCH_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# vouch_add_stage(<name> DIR <folder> [DEPS <targets>…]) builds every .cpp of the
# folder (recursively) into the static library vouch_<name>. Headers are included as
# "graph/graph.h", "frontends/terraform/terraform.h", … from src/.
function(vouch_add_stage name)
  cmake_parse_arguments(ARG "" "DIR" "DEPS" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${ARG_DIR}/*.cpp)
  if(NOT sources)
    set(sources ${CMAKE_CURRENT_SOURCE_DIR}/cmake/empty.cpp)
  endif()
  add_library(vouch_${name} STATIC ${sources})
  target_include_directories(vouch_${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_link_libraries(vouch_${name} PUBLIC ${ARG_DEPS})
  vouch_warnings(vouch_${name})
endfunction()

# Generates a C++ source holding every rule file under <dir> (the YAML only; fixtures
# stay on disk) and builds it into <target>. The generated file is regenerated when a
# rule file is added, removed or edited.
function(vouch_embed_rulepacks target dir)
  file(GLOB_RECURSE rule_files CONFIGURE_DEPENDS ${dir}/*.yaml)
  # Fixtures share the rule's stem but carry a second extension (.cfn.yaml, .k8s.yaml).
  list(FILTER rule_files EXCLUDE REGEX "\\.[a-z0-9]+\\.yaml$")
  # Nothing inside a Terraform fixture folder (<id>.tf.d/) is a rule.
  list(FILTER rule_files EXCLUDE REGEX "\\.tf\\.d/")
  set(out ${CMAKE_CURRENT_BINARY_DIR}/generated/builtin_rules.cpp)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DRULEPACK_DIR=${dir} -DOUT=${out} "-DFILES=${rule_files}"
            -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/EmbedRulepacks.cmake
    DEPENDS ${rule_files} ${CMAKE_CURRENT_SOURCE_DIR}/cmake/EmbedRulepacks.cmake
    COMMENT "Embedding rule packs"
    VERBATIM)
  add_library(${target} STATIC ${out})
  target_include_directories(${target} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/src)
endfunction()

# vouch_add_test(<name> LABELS <labels> SOURCES <files>… [DEPS <targets>…] [MAIN <lib>])
function(vouch_add_test name)
  cmake_parse_arguments(ARG "" "MAIN" "LABELS;SOURCES;DEPS;ARGS" ${ARGN})
  if(NOT ARG_MAIN)
    set(ARG_MAIN vouch_catch_main)
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_MAIN} ${ARG_DEPS})
  target_compile_definitions(${name} PRIVATE
    VOUCH_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    VOUCH_BINARY="$<TARGET_FILE:vouch>")
  vouch_warnings(${name})
  add_test(NAME ${name} COMMAND ${name} ${ARG_ARGS} WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}" SKIP_RETURN_CODE 77)
endfunction()
