"""Loads the model library with ctypes and checks its exported gradient
against central finite differences computed in Python (independent of Eddy)."""
import ctypes
import sys

lib = ctypes.CDLL(sys.argv[1])
dbl_p = ctypes.POINTER(ctypes.c_double)
lib.model_loss.restype = ctypes.c_double
lib.model_loss.argtypes = [dbl_p, dbl_p, dbl_p, ctypes.c_int]
lib.model_loss_grad.restype = None
lib.model_loss_grad.argtypes = [dbl_p, dbl_p, dbl_p, dbl_p, ctypes.c_int]
lib.bump_grad.restype = None
lib.bump_grad.argtypes = [ctypes.c_double, dbl_p, ctypes.c_double, dbl_p]

Arr3, Arr5 = ctypes.c_double * 3, ctypes.c_double * 5
x = Arr5(-1.0, -0.5, 0.0, 0.5, 1.0)
y = Arr5(-0.8, -0.4, 0.1, 0.45, 0.7)
w = [0.1, 1.2, 0.9]

def loss(v):
    return lib.model_loss(Arr3(*v), x, y, 5)

g = Arr3(0.0, 0.0, 0.0)
lib.model_loss_grad(Arr3(*w), g, x, y, 5)
failed = 0
for i in range(3):
    # Central differences: h ~ cbrt(eps) balances truncation (h^2) against
    # rounding (eps/h); the error is then ~1e-10 relative, so 1e-6 is safe.
    h = 6e-6 * max(1.0, abs(w[i]))
    up, down = list(w), list(w)
    up[i] += h
    down[i] -= h
    fd = (loss(up) - loss(down)) / (2 * h)
    ok = abs(g[i] - fd) <= 1e-8 + 1e-6 * abs(fd)
    failed += not ok
    print(("OK" if ok else "FAIL"), f"ctypes.grad[{i}] got {g[i]:.12g} want {fd:.12g}")

da, db = ctypes.c_double(0.0), ctypes.c_double(0.0)
lib.bump_grad(0.7, ctypes.byref(da), -1.3, ctypes.byref(db))
import math
want = (-2 * 0.7 * math.exp(-0.49) * math.sin(-1.3) - 1.3, math.exp(-0.49) * math.cos(-1.3) + 0.7)
for name, got, ref in (("da", da.value, want[0]), ("db", db.value, want[1])):
    ok = abs(got - ref) <= 1e-14 + 1e-12 * abs(ref)
    failed += not ok
    print(("OK" if ok else "FAIL"), f"ctypes.bump.{name} got {got:.17g} want {ref:.17g}")
print("ALL OK" if failed == 0 else f"FAILED {failed}")
sys.exit(1 if failed else 0)
