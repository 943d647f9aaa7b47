# perfwatch_warnings(TARGET): the project's warning set, kept clean.
function(perfwatch_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
endfunction()
