"""Counts, in the generated functions (`.eddy.` in the name) of an LLVM IR
file, the uses of a value defined in another block than the use's (phis
excluded), in all and for constant-offset addresses (getelementptr with
constant indices). The -O0 fast register allocator spills each such value
and reloads it at each use. Prints `<all> cross-block uses, <n> addresses`.
"""
import re
import sys

defined = {}   # value -> (block, is constant-offset address)
block = None
generated = False
total = addresses = 0
for line in open(sys.argv[1]):
    if line.startswith("define"):
        generated = ".eddy." in line.split("(")[0]
        defined, block = {}, "entry"
        continue
    if not generated or not line.startswith("  "):
        label = re.match(r"^([\w.]+):", line)
        if label:
            block = label.group(1)
        continue
    m = re.match(r"\s+(%[\w.]+) = (\w+)(.*)", line)
    rhs = line
    if m:
        name, op, rest = m.groups()
        is_gep = op == "getelementptr" and all(
            "%" not in index for index in rest.split(",")[2:])
        defined[name] = (block, is_gep)
        rhs = op + rest
        if op == "phi":
            continue
    for v in re.findall(r"%[\w.]+", rhs):
        if v in defined and defined[v][0] != block:
            total += 1
            addresses += defined[v][1]
print(f"{total} cross-block uses, {addresses} addresses")
