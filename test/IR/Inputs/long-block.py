"""Writes a module whose function `f.eddy.long` is one block of N
floating-point operations (x = x * 1.0001 + 0.5 each step, starting from its
argument), a function `user_long` with the same body (not Eddy's), and a main
that prints f.eddy.long(1.0); also prints the expected value as a comment
line `; WANT <value>` computed here, to the same rounding."""
import sys

n = int(sys.argv[1])


def body(name):
    out = ["define double @%s(double %%x0) {" % name]
    x = 1.0
    for k in range(n):
        out.append("  %%m%d = fmul double %%x%d, 1.0001" % (k, k))
        out.append("  %%x%d = fadd double %%m%d, 5.000000e-01" % (k + 1, k))
    out.append("  ret double %%x%d" % n)
    out.append("}")
    return out


x = 1.0
for _ in range(n):
    x = x * 1.0001 + 0.5
lines = body("f.eddy.long") + body("user_long")
lines += ["@fmt = private constant [6 x i8] c\"%.6e\\0A\\00\"",
          "declare i32 @printf(ptr, ...)",
          "define i32 @main() {",
          "  %r = call double @f.eddy.long(double 1.0)",
          "  call i32 (ptr, ...) @printf(ptr @fmt, double %r)",
          "  ret i32 0",
          "}",
          "; WANT %.6e" % x]
print("\n".join(lines))
