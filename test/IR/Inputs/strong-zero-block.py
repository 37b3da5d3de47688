"""Writes a module whose function `f.eddy.sz` is one block: a comparison of
its argument d with zero, then N strong zeros `select (d != 0), d * x_k, 0`
summed, x_k = 1 + k/1000 (so the cuts of -O0's block splitting fall between
the comparison and most of its selects), and a main that prints f.eddy.sz at
d = 0.5 and d = 0; also prints the expected values as `; WANT` lines."""
import sys

n = int(sys.argv[1])
out = ["target triple = \"x86_64-unknown-linux-gnu\"",
       "define double @f.eddy.sz(double %d) {",
       "  %c = fcmp une double %d, 0.000000e+00",
       "  %s0 = fadd double 0.000000e+00, 0.000000e+00"]
for k in range(n):
    x = 1.0 + k / 1000.0
    out.append("  %%m%d = fmul double %%d, %r" % (k, x))
    out.append("  %%z%d = select i1 %%c, double %%m%d, double 0.000000e+00" % (k, k))
    out.append("  %%s%d = fadd double %%s%d, %%z%d" % (k + 1, k, k))
out.append("  ret double %%s%d" % n)
out.append("}")


def want(d):
    s = 0.0
    for k in range(n):
        s += d * (1.0 + k / 1000.0) if d != 0 else 0.0
    return s


out += ["@fmt = private constant [6 x i8] c\"%.6e\\0A\\00\"",
        "declare i32 @printf(ptr, ...)",
        "define i32 @main() {",
        "  %a = call double @f.eddy.sz(double 0.5)",
        "  call i32 (ptr, ...) @printf(ptr @fmt, double %a)",
        "  %b = call double @f.eddy.sz(double 0.0)",
        "  call i32 (ptr, ...) @printf(ptr @fmt, double %b)",
        "  ret i32 0",
        "}",
        "; WANT %.6e" % want(0.5),
        "; WANT %.6e" % want(0.0)]
print("\n".join(out))
