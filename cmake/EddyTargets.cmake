# eddy_enable(<target>): the one line a downstream CMake project adds to compile
# <target> with Eddy (the target must be built with clang-19/clang++-19).
#
#   include(/path/to/eddy/cmake/EddyTargets.cmake)   # or the build's EddyConfig
#   eddy_enable(my_model)
set(EDDY_CLANG_PLUGIN "$<TARGET_FILE:EddyClang>" CACHE INTERNAL "")
function(eddy_enable target)
  if(TARGET EddyClang)
    set(plugin "$<TARGET_FILE:EddyClang>")
    add_dependencies(${target} EddyClang)
  else()
    set(plugin "${EDDY_PLUGIN_PATH}")
  endif()
  target_compile_options(${target} PRIVATE "-fplugin=${plugin}")
  target_include_directories(${target} PRIVATE "${EDDY_INCLUDE_DIR}")
endfunction()
set(EDDY_INCLUDE_DIR "${CMAKE_CURRENT_LIST_DIR}/../include" CACHE INTERNAL "")
