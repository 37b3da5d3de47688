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

# An Eddy built with EDDY_ENABLE_ASAN is loaded into an uninstrumented clang or
# opt: CMake generated wrappers for them that preload the ASan runtime (see
# docs/sanitizers.md). Only the compiler goes through them; the programs the
# tests build run without the preload.
compilers = tools
if getattr(config, "eddy_asan", False):
    compilers = os.path.join(config.eddy_obj_root, "asan-bin")
    config.available_features.add("eddy-asan")

libdir = os.path.join(config.eddy_obj_root, "lib")
include = os.path.join(config.eddy_src_root, "include")
passes = os.path.join(libdir, "libEddyPasses.so")
plugin = os.path.join(libdir, "EddyClang.so")
clang = os.path.join(compilers, "clang")
clangxx = os.path.join(compilers, "clang++")


def param_on(name):
    return lit_config.params.get(name, "0").lower() in ("1", "on", "true", "yes")


# --param eddy_sanitize=1: the programs the tests build with the plugin are
# instrumented with ASan (including LeakSanitizer) and UBSan, and any finding
# stops them with a nonzero status. Eddy inserts its derivatives before the
# sanitizers instrument the code, so the generated code is checked too.
program_flags = ""
if param_on("eddy_sanitize"):
    program_flags = (" -fsanitize=address,undefined -fno-sanitize-recover=all"
                     " -fno-omit-frame-pointer")
    config.available_features.add("eddy-sanitize")
    # LSan reports what is unreachable at exit; the thread's spare tape buffer
    # (eddy.tape.spare) is reachable through its thread_local and is not one.
    config.environment["ASAN_OPTIONS"] = "detect_leaks=1"
    config.environment["UBSAN_OPTIONS"] = "print_stacktrace=1"

# --param eddy_valgrind=1: %run runs the built program under valgrind's
# memcheck; invalid accesses, uses of uninitialized values and definite or
# indirect leaks make it exit with 99. Still-reachable blocks (the spare tape
# buffer) are not errors; test/Inputs/valgrind.supp lists what is the OpenMP
# runtime's own.
run_prefix = ""
if param_on("eddy_valgrind"):
    if program_flags:
        lit_config.fatal("eddy_sanitize and eddy_valgrind exclude each other")
    suppressions = os.path.join(config.test_source_root, "Inputs", "valgrind.supp")
    run_prefix = (f"valgrind --quiet --error-exitcode=99 --suppressions={suppressions}"
                  " --leak-check=full"
                  " --errors-for-leak-kinds=definite,indirect"
                  " --show-leak-kinds=definite,indirect")
    config.available_features.add("eddy-valgrind")

# The tests' compiles verify the whole module after Eddy and after the
# pipeline, as an LLVM with assertions would (a release Clang, and Eddy in
# it, verify only what Eddy builds; RequestLowering.cpp). The scripted
# compiles (numeric drivers, benchmarks, eddy-transform) keep the default.
verify = " -fverify-intermediate-code"
config.substitutions.append(("%eddy-clangxx", f"{clangxx}{program_flags}{verify} -fplugin={plugin} -I{include} -lm"))
config.substitutions.append(("%eddy-clang", f"{clang}{program_flags}{verify} -fplugin={plugin} -I{include} -lm"))
# %run prefixes the command that runs a program a test built; %sanitize gives
# the sanitizer flags to a plain %clang that compiles or links part of such a
# program.
# %levels COMPILE -o OUT -- CHECK: builds and runs the program at every
# optimization level (-O0 -O1 -O2 -O3; --param eddy_levels="0 2" narrows it, as
# the sanitizer jobs do), pipes each run into CHECK, and fails unless all levels
# accept the program and print the same derivatives to rounding
# (test/Inputs/eddy_levels.py).
levels = lit_config.params.get("eddy_levels", "0 1 2 3")
levels_script = os.path.join(config.test_source_root, "Inputs", "eddy_levels.py")
config.substitutions.append(
    ("%levels", f"{sys.executable} {levels_script} --levels='{levels}' --run-prefix='{run_prefix}'"))
config.substitutions.append(("%run", run_prefix))
config.substitutions.append(("%sanitize", program_flags.strip()))
config.substitutions.append(("%opt-eddy", f"{os.path.join(compilers, 'opt')} -load-pass-plugin={passes}"))
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

# MPI (test/MPI, docs/parallel.md): with an MPI compiler wrapper and launcher
# installed (Open MPI from scripts/install-deps.sh), the feature `mpi`, the
# flags the wrapper would add (%mpi-flags: include path and library, for
# %eddy-clang; %mpi-cflags: the include path alone, for -c) and a launcher
# that works as root and with more ranks than cores (%mpirun, followed by
# -np N).
import shutil
import subprocess
mpicc = shutil.which("mpicc")
mpirun = shutil.which("mpirun")
if mpicc and mpirun:
    try:
        compile_flags = subprocess.run([mpicc, "--showme:compile"], capture_output=True,
                                       text=True, check=True).stdout.strip()
        link_flags = subprocess.run([mpicc, "--showme:link"], capture_output=True,
                                    text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        compile_flags = link_flags = None
    if compile_flags is not None:
        config.available_features.add("mpi")
        config.substitutions.append(("%mpi-flags", f"{compile_flags} {link_flags}"))
        config.substitutions.append(("%mpi-cflags", compile_flags))
        # Shared memory between the ranks of this machine only, without the
        # kernel's cross-memory attach (ptrace rights containers may lack).
        config.substitutions.append(
            ("%mpirun", f"{mpirun} --allow-run-as-root --oversubscribe"
                        " --mca btl self,vader --mca btl_vader_single_copy_mechanism none"))
        for var in ("OMPI_ALLOW_RUN_AS_ROOT", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"):
            config.environment[var] = "1"

# OpenMP (test/OpenMP, docs/parallel.md): the feature `openmp` when clang-19
# -fopenmp compiles, links and runs a program with a parallel region (the
# LLVM OpenMP runtime, libomp-19-dev from scripts/install-deps.sh), and the
# flags that turn the pragmas on (%omp-flags, for %eddy-clang; tests set the
# team size with OMP_NUM_THREADS). Without the runtime the tests are skipped
# rather than failed: their pragmas would be ignored and they would test the
# serial program only.
import tempfile
with tempfile.TemporaryDirectory() as probe_dir:
    probe_src = os.path.join(probe_dir, "probe.c")
    probe_exe = os.path.join(probe_dir, "probe")
    with open(probe_src, "w") as f:
        f.write("#include <omp.h>\n"
                "int main(void) {\n"
                "  int n = 0;\n"
                "#pragma omp parallel num_threads(2) reduction(+ : n)\n"
                "  n += omp_get_num_threads();\n"
                "  return n == 4 ? 0 : 1;\n"
                "}\n")
    try:
        built = subprocess.run([os.path.join(tools, "clang"), "-fopenmp", probe_src,
                                "-o", probe_exe], capture_output=True)
        openmp_ok = (built.returncode == 0 and
                     subprocess.run([probe_exe], capture_output=True).returncode == 0)
    except OSError:
        openmp_ok = False
if openmp_ok:
    config.available_features.add("openmp")
    config.substitutions.append(("%omp-flags", "-fopenmp"))
# libomp's idle threads spin for 200 ms after each parallel region before
# they sleep; with more threads than the machine's two cores and two tests at
# a time, that spinning would slow every other test down.
config.environment["KMP_BLOCKTIME"] = "0"
