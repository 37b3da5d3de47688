"""Reads MIR (llc/clang -stop-after=...) on stdin and prints the number of
PHI instructions in each machine function whose name contains argv[1]; exits
with status 1 if any has more than argv[2]."""
import sys

want, limit = sys.argv[1], int(sys.argv[2])
counts, name = {}, None
for line in sys.stdin:
    if line.startswith("name:"):
        name = line.split()[1]
    elif name and want in name and " PHI " in line:
        counts[name] = counts.get(name, 0) + 1
for name, n in sorted(counts.items()):
    print("%s: %d PHIs" % (name, n))
if not counts:
    sys.exit("no machine function named like %s" % want)
sys.exit(1 if max(counts.values()) > limit else 0)
