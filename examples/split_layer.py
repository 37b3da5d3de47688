"""Drives examples/split_layer.c's split-mode layer from Python (ctypes, no
third-party modules) the way an autograd framework does: forward passes of
two batches first, each saving its tape handle with its buffers; the inputs
are then overwritten (as a framework reuses memory); the backward passes run
afterwards, in reverse order; a third forward pass is released unused.
Gradients are checked against central finite differences computed here.

Usage: python3 examples/split_layer.py path/to/libsplit_layer.so
"""
import ctypes
import math
import sys

lib = ctypes.CDLL(sys.argv[1])
dbl_p = ctypes.POINTER(ctypes.c_double)
lib.layer.restype = None
lib.layer.argtypes = [dbl_p, dbl_p, dbl_p, ctypes.c_int, ctypes.c_int]
lib.layer_forward.restype = ctypes.c_void_p
lib.layer_forward.argtypes = [dbl_p] * 6 + [ctypes.c_int, ctypes.c_int]
lib.layer_backward.restype = None
lib.layer_backward.argtypes = [dbl_p] * 6 + [ctypes.c_int, ctypes.c_int, ctypes.c_void_p]
lib.layer_release.restype = None
lib.layer_release.argtypes = [ctypes.c_void_p]

NIN, NOUT = 3, 2
NW = NOUT * (NIN + 1)


def buf(values):
    return (ctypes.c_double * len(values))(*values)


class Saved:
    """What a framework's context keeps between forward and backward."""

    def __init__(self, w, x):
        self.w, self.x = buf(w), buf(x)
        self.y, self.dy = buf([0.0] * NOUT), buf([0.0] * NOUT)
        self.dw, self.dx = buf([0.0] * NW), buf([0.0] * NIN)
        self.tape = lib.layer_forward(self.w, self.dw, self.x, self.dx,
                                      self.y, self.dy, NIN, NOUT)

    def backward(self, ybar):
        for k in range(NOUT):
            self.dy[k] = ybar[k]
        lib.layer_backward(self.w, self.dw, self.x, self.dx, self.y, self.dy,
                           NIN, NOUT, self.tape)
        self.tape = None
        return list(self.dw), list(self.dx)


def loss(w, x, ybar):
    y = buf([0.0] * NOUT)
    lib.layer(buf(w), buf(x), y, NIN, NOUT)
    return sum(ybar[k] * y[k] for k in range(NOUT))


def central(f, v, i):
    # h ~ cbrt(eps) * |v_i| balances truncation (h^2 f''') against rounding
    # (eps / h): the error is ~1e-10 relative for this smooth layer, so a
    # tolerance of 1e-6 relative (1e-8 absolute) has four orders of margin.
    h = 6e-6 * max(1.0, abs(v[i]))
    up, down = list(v), list(v)
    up[i] += h
    down[i] -= h
    return (f(up) - f(down)) / (2 * h)


failed = checks = 0


def check(name, got, want):
    global failed, checks
    checks += 1
    if abs(got - want) <= 1e-6 * abs(want) + 1e-8:
        print("OK", name)
    else:
        failed += 1
        print("FAIL %s: got %.17g want %.17g" % (name, got, want))


batches = [
    ([0.3, -0.2, 0.5, 0.1, -0.4, 0.25, 0.6, -0.05], [0.9, -1.1, 0.4], [1.0, -2.0]),
    ([-0.7, 0.35, 0.2, -0.3, 0.15, -0.6, 0.45, 0.2], [-0.2, 0.8, 1.5], [0.5, 0.75]),
]
saved = [Saved(w, x) for w, x, _ in batches]
for s in saved:  # The framework reuses the input buffers.
    for i in range(NIN):
        s.x[i] = 1e3
unused = Saved(batches[0][0], batches[0][1])
lib.layer_release(unused.tape)

for b in reversed(range(len(batches))):
    w, x, ybar = batches[b]
    dw, dx = saved[b].backward(ybar)
    for i in range(NW):
        check("batch %d dL/dw%d" % (b, i), dw[i],
              central(lambda v: loss(v, x, ybar), w, i))
    for i in range(NIN):
        check("batch %d dL/dx%d" % (b, i), dx[i],
              central(lambda v: loss(w, v, ybar), x, i))

print("ALL OK (%d checks)" % checks if not failed else
      "FAILED %d of %d checks" % (failed, checks))
sys.exit(1 if failed else 0)
