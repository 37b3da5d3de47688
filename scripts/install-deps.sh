#!/usr/bin/env bash
# Installs what Eddy needs to build and test on Debian 12 (bookworm), whose
# main archive carries LLVM 19. A no-op when everything is already installed.
set -euo pipefail

# libclang-rt-19-dev (the sanitizer runtimes) and valgrind: scripts/sanitize.sh.
# libopenmpi-dev and openmpi-bin: the MPI tests (test/MPI, docs/parallel.md);
# libomp-19-dev: the OpenMP tests (test/OpenMP), with clang-19 -fopenmp.
PACKAGES=(cmake ninja-build llvm-19-dev libclang-19-dev clang-19 llvm-19-tools
          libclang-rt-19-dev python3 libadolc-dev valgrind libopenmpi-dev
          openmpi-bin libomp-19-dev)

missing=()
for p in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  as_root=(env DEBIAN_FRONTEND=noninteractive)
elif command -v sudo >/dev/null; then
  as_root=(sudo env DEBIAN_FRONTEND=noninteractive)
else
  echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
"${as_root[@]}" apt-get update
"${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
