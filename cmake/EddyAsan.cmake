# EDDY_ENABLE_ASAN: build libEddyPasses.so, EddyClang.so and eddy-transform with
# AddressSanitizer, to find invalid accesses and leaks in Eddy itself.
#
# The plugin and the pass library are loaded into clang-19 and opt-19, which
# are not instrumented. The ASan runtime must then be the first library of the
# process, so the test suite runs them through the wrappers generated here in
# <build>/asan-bin/, which preload libclang_rt.asan-x86_64.so and point
# LeakSanitizer at cmake/lsan.supp. eddy-transform is an instrumented
# executable and carries the runtime itself.
option(EDDY_ENABLE_ASAN "Build Eddy with AddressSanitizer (see docs/sanitizers.md)" OFF)

if(EDDY_ENABLE_ASAN)
  add_compile_options(-fsanitize=address -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address)
  execute_process(
    COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libclang_rt.asan-x86_64.so
    OUTPUT_VARIABLE EDDY_ASAN_RUNTIME OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT IS_ABSOLUTE "${EDDY_ASAN_RUNTIME}" OR NOT EXISTS "${EDDY_ASAN_RUNTIME}")
    message(FATAL_ERROR "EDDY_ENABLE_ASAN: ${CMAKE_CXX_COMPILER} has no "
      "libclang_rt.asan-x86_64.so (Debian: apt-get install libclang-rt-19-dev)")
  endif()
  set(EDDY_LSAN_SUPPRESSIONS ${CMAKE_SOURCE_DIR}/cmake/lsan.supp)
  foreach(tool clang clang++ opt)
    set(EDDY_WRAPPED_TOOL ${LLVM_TOOLS_BINARY_DIR}/${tool})
    configure_file(${CMAKE_CURRENT_LIST_DIR}/asan-wrapper.sh.in
                   ${CMAKE_BINARY_DIR}/asan-bin/${tool} @ONLY
                   FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE
                                    GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
  endforeach()
  message(STATUS "Eddy: AddressSanitizer on (runtime ${EDDY_ASAN_RUNTIME})")
endif()
