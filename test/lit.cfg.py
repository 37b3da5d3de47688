# Eddy's lit configuration. Every substitution expands to an absolute path: a
# bare `clang` would be /usr/bin/clang, which is LLVM 14 on these machines.
import os
import sys
import lit.formats

config.name = "Eddy"
config.test_format = lit.formats.ShTest(not lit_config.isWindows)
config.suffixes = [".ll", ".c", ".cpp", ".test"]
config.excludes = ["Inputs", "lit.cfg.py", "CMakeLists.txt"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.eddy_obj_root, "test")

tools = config.llvm_tools_dir
config.environment["PATH"] = os.pathsep.join(
    [tools, config.environment.get("PATH", os.environ.get("PATH", ""))])

libdir = os.path.join(config.eddy_obj_root, "lib")
include = os.path.join(config.eddy_src_root, "include")
passes = os.path.join(libdir, "libEddyPasses.so")
plugin = os.path.join(libdir, "EddyClang.so")
clang = os.path.join(tools, "clang")
clangxx = os.path.join(tools, "clang++")

config.substitutions.append(("%eddy-clangxx", f"{clangxx} -fplugin={plugin} -I{include} -lm"))
config.substitutions.append(("%eddy-clang", f"{clang} -fplugin={plugin} -I{include} -lm"))
config.substitutions.append(("%opt-eddy", f"{os.path.join(tools, 'opt')} -load-pass-plugin={passes}"))
config.substitutions.append(("%eddy-transform", os.path.join(config.eddy_obj_root, "bin", "eddy-transform")))
config.substitutions.append(("%eddy-plugin", plugin))
config.substitutions.append(("%eddy-passes", passes))
config.substitutions.append(("%eddy-include", include))
config.substitutions.append(("%eddy-build", config.eddy_obj_root))
config.substitutions.append(("%clangxx", clangxx))
config.substitutions.append(("%python", sys.executable))
config.substitutions.append(("%clang", clang))
config.substitutions.append(("%check-include", os.path.join(config.test_source_root, "Inputs")))
# FileCheck, not, count and opt resolve through PATH (the LLVM 19 tools dir is first).
