# One helper per target kind: libraries and GoogleTest executables.

# Designated initializers deliberately leave fields at their defaults.
set(MOCK_WARNINGS -Wall -Wextra -Wpedantic -Wno-unused-parameter -Wno-missing-field-initializers)

# mock_library(NAME ALIAS ns::name SOURCES ... PUBLIC_DEPS ... PRIVATE_DEPS ...)
function(mock_library name)
  cmake_parse_arguments(ARG "" "ALIAS" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  if(ARG_ALIAS)
    add_library(${ARG_ALIAS} ALIAS ${name})
  endif()
  target_include_directories(${name} PUBLIC $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
                                     PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_compile_options(${name} PRIVATE ${MOCK_WARNINGS})
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  target_link_libraries(${name} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()

# mock_gtest(NAME [THREADS] SOURCES ... DEPS ...): one test binary, registered with ctest.
# THREADS marks a suite whose code runs on more than one thread (the HTTP listener and its
# workers, the connection guard, the job runner's reaper); the TSan build builds and runs only
# those, since a race needs two threads and the other suites run on one.
function(mock_gtest name)
  if(NOT MOCK_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "THREADS" "" "SOURCES;DEPS" ${ARGN})
  if(MOCK_SANITIZE STREQUAL "thread" AND NOT ARG_THREADS)
    return()
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE ${MOCK_WARNINGS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    MOCK_SOURCE_DIR="${PROJECT_SOURCE_DIR}" MOCK_BINARY_DIR="${PROJECT_BINARY_DIR}")
  include(GoogleTest)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 30 PROPERTIES TIMEOUT 120)
endfunction()

# mock_embed_text(TARGET FILE NAMESPACE ns SYMBOL name): compiles FILE's text into TARGET as
# `const char ns::name[]` (data kept as data, e.g. a version's OpenAPI piece), rebuilt when
# FILE changes.
function(mock_embed_text target file)
  cmake_parse_arguments(ARG "" "NAMESPACE;SYMBOL" "" ${ARGN})
  get_filename_component(in "${file}" ABSOLUTE)
  string(MAKE_C_IDENTIFIER "${ARG_NAMESPACE}_${ARG_SYMBOL}" stem)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/embedded/${stem}.cc")
  file(RELATIVE_PATH name "${PROJECT_SOURCE_DIR}" "${in}")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DIN=${in} -DNAME=${name} -DOUT=${out} -DNAMESPACE=${ARG_NAMESPACE}
            -DSYMBOL=${ARG_SYMBOL} -P ${PROJECT_SOURCE_DIR}/cmake/EmbedText.cmake
    DEPENDS "${in}" "${PROJECT_SOURCE_DIR}/cmake/EmbedText.cmake"
    COMMENT "Embedding ${file}"
    VERBATIM)
  # A long literal is fine for GCC and Clang; -Wpedantic would flag one past 64 KiB.
  set_source_files_properties("${out}" PROPERTIES COMPILE_OPTIONS -Wno-overlength-strings)
  target_sources(${target} PRIVATE "${out}")
endfunction()
