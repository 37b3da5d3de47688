"""Counts, in the generated functions (`.eddy.` in the name) of an LLVM IR
file, the stores that write back the value loaded from the same address with
no memory access in between: `%v = load T, ptr %p` ... `store T %v, ptr %p`.
Prints `<n> restoring stores`.
"""
import re
import sys

generated = False
loaded = {}  # pointer -> value loaded from it since the last memory access
count = 0
for line in open(sys.argv[1]):
    if line.startswith("define"):
        generated = ".eddy." in line.split("(")[0]
        loaded = {}
        continue
    if not generated:
        continue
    if not line.startswith("  "):
        loaded = {}  # A new block.
        continue
    load = re.match(r"\s+(%[\w.]+) = load [^,]+, ptr (%[\w.]+)", line)
    store = re.match(r"\s+store \S+ (%[\w.]+), ptr (%[\w.]+)", line)
    if load:
        loaded[load.group(2)] = load.group(1)
    elif store:
        if loaded.get(store.group(2)) == store.group(1):
            count += 1
        loaded = {}
    elif re.search(r"\b(call|invoke|atomicrmw|cmpxchg|fence)\b", line):
        loaded = {}
print(f"{count} restoring stores")
