# Run at build time (cmake -P): one man page from the built binary's --help
# with help2man. COMMAND empty: kongtpl(1); else kongtpl-COMMAND(1) from
# `kongtpl COMMAND --help`.
if(COMMAND)
  set(help_option "${COMMAND} --help")
  set(page "kongtpl-${COMMAND}")
else()
  set(help_option "--help")
  set(page "kongtpl")
endif()
execute_process(COMMAND "${KONGTPL}" ${COMMAND} --help OUTPUT_VARIABLE help RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "${KONGTPL} ${COMMAND} --help failed")
endif()
# NAME line: the command's one-line description (CLI11 prints it first).
string(REGEX REPLACE "\n.*" "" name "${help}")
string(REGEX REPLACE "^kongtpl: " "" name "${name}")
string(REGEX REPLACE "\\. .*" "" name "${name}")
execute_process(COMMAND "${HELP2MAN}" --no-info --no-discard-stderr --section=1 "--name=${name}"
                        "--help-option=${help_option}" "--version-string=${VERSION}"
                        "--source=kongtpl" "--manual=kongtpl manual" "${KONGTPL}"
                OUTPUT_VARIABLE text RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "help2man failed for ${page}")
endif()
# help2man names the page after the program; a command's page is kongtpl-COMMAND.
string(TOUPPER "${page}" upper)
string(REGEX REPLACE "\n\\.TH KONGTPL " "\n.TH ${upper} " text "${text}")
string(REGEX REPLACE "\n\\.SH NAME\nkongtpl \\\\-" "\n.SH NAME\n${page} \\\\-" text "${text}")
file(WRITE "${OUTPUT}" "${text}")
