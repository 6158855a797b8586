# ctest install_consumer: `cmake --install` into an empty prefix, then check what a user gets:
# the server binary runs (--version), the Python package imports from the prefix (when the
# bindings are built), and a consumer project finds the CMake package, links and runs.
# Run as: cmake -DBUILD_DIR=... -DSOURCE_DIR=... -DWORK=... -DPYTHON=... -P install_test.cmake
file(REMOVE_RECURSE ${WORK})
set(prefix ${WORK}/prefix)
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
run(${prefix}/bin/mock-slurmrestd --version)
if(NOT last_output MATCHES "^mock-slurmrestd [0-9]+\\.[0-9]+\\.[0-9]+")
  message(FATAL_ERROR "unexpected --version output: ${last_output}")
endif()
if(PYTHON)
  execute_process(COMMAND ${PYTHON} -c "import sys; print(f'{sys.version_info[0]}.{sys.version_info[1]}')"
                  OUTPUT_VARIABLE xy OUTPUT_STRIP_TRAILING_WHITESPACE)
  set(site ${prefix}/lib/python${xy}/site-packages)
  run(${CMAKE_COMMAND} -E env PYTHONPATH=${site} ${PYTHON} -c
      "import mock_slurmrestd, os; assert mock_slurmrestd.__file__.startswith(os.environ['PYTHONPATH']), mock_slurmrestd.__file__; print('ok')")
endif()
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/mock_slurmrestd/tests/install_consumer -B ${WORK}/consumer
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release)
run(${CMAKE_COMMAND} --build ${WORK}/consumer -j 2)
run(${WORK}/consumer/consumer)
message(STATUS "${last_output}")
