# Writes <build>/EddyConfig.cmake, which downstream projects load with
#   find_package(Eddy REQUIRED CONFIG PATHS <build>)  and then  eddy_enable(<target>).
set(EDDY_PLUGIN_FILE "${CMAKE_LIBRARY_OUTPUT_DIRECTORY}/EddyClang.so")
configure_file(${CMAKE_CURRENT_LIST_DIR}/EddyConfig.cmake.in
               ${CMAKE_BINARY_DIR}/EddyConfig.cmake @ONLY)
