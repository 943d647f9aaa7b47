# Provides the imported target duckdb::duckdb.
# DUCKDB_ROOT names a folder holding duckdb.h and libduckdb.so (an unpacked official libduckdb
# release, or what scripts/fetch-duckdb writes). Unset, the pinned build is fetched once into the
# build tree, so a rebuild never downloads it again.
set(DUCKDB_ROOT "" CACHE PATH "Folder with duckdb.h and libduckdb.so (empty: fetch the pinned build)")

if(NOT DUCKDB_ROOT)
  set(DUCKDB_ROOT ${CMAKE_BINARY_DIR}/_deps/duckdb)
  execute_process(
    COMMAND ${CMAKE_SOURCE_DIR}/scripts/fetch-duckdb ${DUCKDB_ROOT}
    RESULT_VARIABLE fetch_result)
  if(NOT fetch_result EQUAL 0)
    message(FATAL_ERROR "Could not fetch DuckDB (scripts/fetch-duckdb); pass -DDUCKDB_ROOT=DIR")
  endif()
endif()

find_path(DUCKDB_INCLUDE_DIR duckdb.h PATHS ${DUCKDB_ROOT} ${DUCKDB_ROOT}/include NO_DEFAULT_PATH)
find_library(DUCKDB_LIBRARY duckdb PATHS ${DUCKDB_ROOT} ${DUCKDB_ROOT}/lib NO_DEFAULT_PATH)
if(NOT DUCKDB_INCLUDE_DIR OR NOT DUCKDB_LIBRARY)
  message(FATAL_ERROR "duckdb.h or libduckdb.so not found under DUCKDB_ROOT=${DUCKDB_ROOT}")
endif()

add_library(duckdb::duckdb SHARED IMPORTED)
set_target_properties(duckdb::duckdb PROPERTIES
  IMPORTED_LOCATION ${DUCKDB_LIBRARY}
  INTERFACE_INCLUDE_DIRECTORIES ${DUCKDB_INCLUDE_DIR})
message(STATUS "DuckDB: ${DUCKDB_LIBRARY}")
