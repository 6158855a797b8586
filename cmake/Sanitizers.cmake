# Sanitizer builds for `make test-asan`, `make test-tsan` and `make fuzz`:
# -DMOCK_SANITIZE=address|thread|fuzzer.
#
# `address` is ASan + UBSan (they combine; TSan combines with neither). Every finding aborts
# the process (-fno-sanitize-recover), so a report always fails the test that caused it.
# `fuzzer` (clang only, `make fuzz`) is ASan + UBSan plus libFuzzer's coverage instrumentation;
# fuzz/ then builds libFuzzer binaries.
set(MOCK_SANITIZE "" CACHE STRING
    "Sanitizer build: empty, address (ASan+UBSan), thread (TSan) or fuzzer (libFuzzer, clang)")
set_property(CACHE MOCK_SANITIZE PROPERTY STRINGS "" address thread fuzzer)

if(MOCK_SANITIZE STREQUAL "address")
  # float-cast-overflow is not part of GCC's `undefined` group (it is of clang's).
  set(MOCK_SANITIZE_FLAGS -fsanitize=address,undefined,float-cast-overflow
                          -fno-sanitize-recover=all)
elseif(MOCK_SANITIZE STREQUAL "thread")
  set(MOCK_SANITIZE_FLAGS -fsanitize=thread)
elseif(MOCK_SANITIZE STREQUAL "fuzzer")
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "MOCK_SANITIZE=fuzzer needs clang (-DCMAKE_CXX_COMPILER=clang++-14)")
  endif()
  set(MOCK_SANITIZE_FLAGS -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all)
elseif(NOT MOCK_SANITIZE STREQUAL "")
  message(FATAL_ERROR "MOCK_SANITIZE must be empty, address, thread or fuzzer "
                      "(got '${MOCK_SANITIZE}')")
endif()

if(MOCK_SANITIZE_FLAGS)
  # Frame pointers keep the reports' stacks complete at -O1; -O1 also halves build time.
  # -g1 (after the build type's -g) keeps what a report's stack needs, functions and line
  # tables, without the variables' debug info: about a third less compile time per file
  # (measured on ASan builds of this code: 24.3 -> 11.7, 6.7 -> 4.5, 6.3 -> 4.8 CPU s).
  add_compile_options(${MOCK_SANITIZE_FLAGS} -fno-omit-frame-pointer -O1 -g1)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC 12 warns about libstdc++'s own <regex> (used by cpp-httplib) when instrumented: a
    # known false positive that buries real warnings.
    add_compile_options(-Wno-maybe-uninitialized)
  endif()
  # Linking with fuzzer-no-link is harmless; the fuzz targets add -fsanitize=fuzzer themselves.
  add_link_options(${MOCK_SANITIZE_FLAGS})
endif()
