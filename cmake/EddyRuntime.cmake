# Eddy's run-time library (lib/Runtime/*.c): C compiled to one LLVM bitcode
# file with the LLVM 19 clang, embedded as bytes in libEddyPasses.so, and
# linked into each module that calls it (lib/Runtime/RuntimeLinker.cpp).
# Users link nothing. Compiled without sanitizer flags, even in the
# EDDY_ENABLE_ASAN build: the program it is linked into decides that.
find_program(EDDY_RUNTIME_CLANG clang HINTS ${LLVM_TOOLS_BINARY_DIR} /usr/lib/llvm-19/bin
             NO_DEFAULT_PATH REQUIRED)
find_program(EDDY_RUNTIME_LLVM_LINK llvm-link HINTS ${LLVM_TOOLS_BINARY_DIR} /usr/lib/llvm-19/bin
             NO_DEFAULT_PATH REQUIRED)

# eddy_embed_runtime(<target> <sources...>): the sources (relative to the
# calling directory) become <binary dir>/Runtime/EddyRuntimeBitcode.inc, an
# initializer list of bytes that <target>'s sources may include.
function(eddy_embed_runtime target)
  set(out_dir ${CMAKE_CURRENT_BINARY_DIR}/Runtime)
  set(bitcodes)
  foreach(src ${ARGN})
    get_filename_component(name ${src} NAME_WE)
    set(bc ${out_dir}/${name}.bc)
    add_custom_command(
      OUTPUT ${bc}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${out_dir}
      COMMAND ${EDDY_RUNTIME_CLANG} --target=x86_64-pc-linux-gnu -std=c11
              -O2 -emit-llvm -c -fno-exceptions -fPIC -Wall -Werror
              -I${CMAKE_SOURCE_DIR}/include -I${CMAKE_CURRENT_SOURCE_DIR}/Runtime
              ${CMAKE_CURRENT_SOURCE_DIR}/${src} -o ${bc}
      DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${src}
              ${CMAKE_CURRENT_SOURCE_DIR}/Runtime/EddyRuntime.h
              ${CMAKE_SOURCE_DIR}/include/eddy/eddy.h
      COMMENT "Compiling the Eddy runtime's ${name}.c to bitcode"
      VERBATIM)
    list(APPEND bitcodes ${bc})
  endforeach()
  set(linked ${out_dir}/EddyRuntime.bc)
  set(inc ${out_dir}/EddyRuntimeBitcode.inc)
  add_custom_command(
    OUTPUT ${linked}
    COMMAND ${EDDY_RUNTIME_LLVM_LINK} ${bitcodes} -o ${linked}
    DEPENDS ${bitcodes}
    COMMENT "Linking the Eddy runtime's bitcode"
    VERBATIM)
  add_custom_command(
    OUTPUT ${inc}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${linked} -DOUTPUT=${inc}
            -P ${CMAKE_SOURCE_DIR}/cmake/EmbedBytes.cmake
    DEPENDS ${linked} ${CMAKE_SOURCE_DIR}/cmake/EmbedBytes.cmake
    COMMENT "Embedding the Eddy runtime's bitcode"
    VERBATIM)
  add_custom_target(${target}Runtime DEPENDS ${inc})
  add_dependencies(${target} ${target}Runtime)
  target_include_directories(${target} PRIVATE ${out_dir})
  set_source_files_properties(${CMAKE_CURRENT_SOURCE_DIR}/Runtime/RuntimeLinker.cpp
                              PROPERTIES OBJECT_DEPENDS ${inc})
endfunction()
