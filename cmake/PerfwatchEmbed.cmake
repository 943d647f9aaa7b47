# perfwatch_embed_files(OUTPUT file.cpp FILES f... HEADER h NAMESPACE ns FUNCTION fn TYPE t
#                       [BASE dir] COMMENT text)
# Generates OUTPUT at build time with cmake/EmbedFiles.cmake: a C++ source defining `fn`, which
# returns each file's name and bytes as `t` (declared in `h`). A file's name is its path relative
# to BASE, or its file name when no BASE is given.
function(perfwatch_embed_files)
  cmake_parse_arguments(EMBED "" "OUTPUT;BASE;HEADER;NAMESPACE;FUNCTION;TYPE;COMMENT" "FILES"
                        ${ARGN})
  set(names "")
  foreach(file ${EMBED_FILES})
    if(EMBED_BASE)
      file(RELATIVE_PATH name ${EMBED_BASE} ${file})
    else()
      get_filename_component(name ${file} NAME)
    endif()
    list(APPEND names ${name})
  endforeach()
  # Lists travel to the script joined with "|": a ";" would split the command's arguments.
  string(REPLACE ";" "|" names_arg "${names}")
  string(REPLACE ";" "|" files_arg "${EMBED_FILES}")
  add_custom_command(
    OUTPUT ${EMBED_OUTPUT}
    COMMAND ${CMAKE_COMMAND} "-DOUTPUT=${EMBED_OUTPUT}" "-DNAMES=${names_arg}"
            "-DFILES=${files_arg}" "-DHEADER=${EMBED_HEADER}" "-DNAMESPACE=${EMBED_NAMESPACE}"
            "-DFUNCTION=${EMBED_FUNCTION}" "-DTYPE=${EMBED_TYPE}"
            -P ${PROJECT_SOURCE_DIR}/cmake/EmbedFiles.cmake
    DEPENDS ${EMBED_FILES} ${PROJECT_SOURCE_DIR}/cmake/EmbedFiles.cmake
    COMMENT "${EMBED_COMMENT}"
    VERBATIM)
endfunction()
