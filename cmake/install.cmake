# What `cmake --install` puts where, and the Debian package CPack builds
# from it: the binary, a man page per command (help2man, from the same text
# as --help), and bash, zsh and fish completions (`kongtpl completion SHELL`).
include(GNUInstallDirs)
# Installing (and cpack, which installs) packages what was built and never
# starts a build of everything, test binaries included: build first.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
install(TARGETS kongtpl RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# The commands that get a page kongtpl-COMMAND(1); tests/e2e/install_test
# checks it against the commands --help lists.
set(KONGTPL_MAN_COMMANDS diff patch show versions lint apply merge history plan detect compose report help completion)
# The generated files run the freshly built binary: never under LeakSanitizer.
set(run_built ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=0)

find_program(HELP2MAN help2man)
if(HELP2MAN)
  set(man_pages)
  foreach(command "" ${KONGTPL_MAN_COMMANDS})
    if(command)
      set(page ${CMAKE_BINARY_DIR}/man/kongtpl-${command}.1)
    else()
      set(page ${CMAKE_BINARY_DIR}/man/kongtpl.1)
    endif()
    add_custom_command(
      OUTPUT ${page}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
      COMMAND ${run_built} ${CMAKE_COMMAND} -DHELP2MAN=${HELP2MAN} -DKONGTPL=$<TARGET_FILE:kongtpl>
              -DCOMMAND=${command} -DOUTPUT=${page} -DVERSION=${PROJECT_VERSION} -P ${CMAKE_SOURCE_DIR}/cmake/man_page.cmake
      DEPENDS kongtpl ${CMAKE_SOURCE_DIR}/cmake/man_page.cmake
      VERBATIM)
    list(APPEND man_pages ${page})
  endforeach()
  add_custom_target(man_pages ALL DEPENDS ${man_pages})
  install(FILES ${man_pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  set(KONGTPL_HAVE_MAN_PAGES ON)
else()
  message(STATUS "kongtpl: help2man not found: no man pages (apt-get install help2man)")
  set(KONGTPL_HAVE_MAN_PAGES OFF)
endif()

set(completion_dir ${CMAKE_BINARY_DIR}/completions)
set(completions ${completion_dir}/kongtpl.bash ${completion_dir}/_kongtpl ${completion_dir}/kongtpl.fish)
add_custom_command(
  OUTPUT ${completions}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${completion_dir}
  COMMAND ${run_built} sh -c "\"$1\" completion bash > \"$2\"/kongtpl.bash && \"$1\" completion zsh > \"$2\"/_kongtpl && \"$1\" completion fish > \"$2\"/kongtpl.fish" sh $<TARGET_FILE:kongtpl> ${completion_dir}
  DEPENDS kongtpl
  VERBATIM)
add_custom_target(completions ALL DEPENDS ${completions})
install(FILES ${completion_dir}/kongtpl.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME kongtpl)
install(FILES ${completion_dir}/_kongtpl DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES ${completion_dir}/kongtpl.fish DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)

# cpack -G DEB (in the build folder): kongtpl_<version>_<arch>.deb.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME kongtpl)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "kongtpl maintainers <kongtpl@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "review and port Kong Gateway's Nginx template changes between versions")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
# kongtpl pages long output through less when there is no $PAGER, and loads
# GSSAPI (Kerberos for https remotes) and libssh2 (ssh remotes) only when a
# transfer needs them, so dpkg-shlibdeps cannot see them.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "less, libgssapi-krb5-2, libssh2-1")
find_program(DPKG_SHLIBDEPS dpkg-shlibdeps)
if(DPKG_SHLIBDEPS)
  # Depends from the libraries the binary really links (libgit2 and Lua are
  # static in the default build; libc and libm remain).
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  message(STATUS "kongtpl: dpkg-shlibdeps not found: the .deb will have no Depends (apt-get install dpkg-dev)")
endif()
include(CPack)
