# cmake -DINPUT=<file> -DOUTPUT=<file.inc> -P EmbedBytes.cmake
# Writes INPUT's bytes as a C/C++ initializer list ("0x42,0x43,..."), 16 a
# line. Plain CMake: a fresh Debian may have no xxd.
file(READ "${INPUT}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){16})" "\\1\n" bytes "${bytes}")
file(WRITE "${OUTPUT}.tmp" "${bytes}\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
