# Installing like any tool: `cmake --install build --prefix DIR` gives DIR/bin/mock-slurmrestd,
# the headers and static libraries with a CMake package config (find_package(mock_slurmrestd)),
# and the Python package (bindings/CMakeLists.txt); `make deb` builds a Debian package (CPack).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

install(TARGETS mock-slurmrestd RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT server)

# C++ API: Server (mock_slurmrestd/server.h) over the simulator (scheduler_sim/*.h).
install(TARGETS mock_slurmrestd_core scheduler_sim EXPORT mock_slurmrestd_targets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# install(TARGETS) strips executables only: the archives keep their debug info otherwise.
install(CODE "
  if(CMAKE_INSTALL_DO_STRIP)
    foreach(lib libmock_slurmrestd_core.a libscheduler_sim.a)
      execute_process(COMMAND ${CMAKE_STRIP} --strip-debug
        \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/\${lib}\")
    endforeach()
  endif()" COMPONENT dev)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/mock_slurmrestd/include/mock_slurmrestd
                  ${PROJECT_SOURCE_DIR}/scheduler_sim/include/scheduler_sim
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev)
set(MOCK_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/mock_slurmrestd)
install(EXPORT mock_slurmrestd_targets NAMESPACE mock_slurmrestd::
        FILE mock_slurmrestd-targets.cmake DESTINATION ${MOCK_CMAKE_DIR} COMPONENT dev)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/mock_slurmrestd-config.cmake.in
  ${PROJECT_BINARY_DIR}/mock_slurmrestd-config.cmake INSTALL_DESTINATION ${MOCK_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/mock_slurmrestd-config-version.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/mock_slurmrestd-config.cmake
              ${PROJECT_BINARY_DIR}/mock_slurmrestd-config-version.cmake
        DESTINATION ${MOCK_CMAKE_DIR} COMPONENT dev)
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE ${PROJECT_SOURCE_DIR}/README.md
              ${PROJECT_SOURCE_DIR}/CHANGELOG.md
        DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/mock-slurmrestd COMPONENT server)

# `make deb`: one package with the server, the C++ API and (when built) the Python package
# for Debian's python3, installed under /usr.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME mock-slurmrestd)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "mock-slurmrestd maintainers <mock-slurmrestd@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Mock of Slurm's REST daemon (slurmrestd, openapi/v0.0.36) backed by a simulated cluster")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_STRIP_FILES ON)  # debug info would make it ~60 MB
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # the shared libraries it links (httplib, ssl, yaml...)
if(MOCK_BUILD_BINDINGS)
  # The compiled module is for one CPython: the package wants that python3.
  math(EXPR _next_minor "${MOCK_PYTHON_MINOR} + 1")
  set(CPACK_DEBIAN_PACKAGE_DEPENDS
      "python3 (>= ${MOCK_PYTHON_MAJOR}.${MOCK_PYTHON_MINOR}), python3 (<< ${MOCK_PYTHON_MAJOR}.${_next_minor})")
endif()
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
include(CPack)
