/* A dense tanh layer whose backward pass runs later: split reverse mode
 * (docs/user-guide.md, section 12) behind a C ABI that Python calls through
 * ctypes (examples/split_layer.py). The forward call returns a tape handle,
 * as a framework's autograd function saves it on its context; the backward
 * call takes the handle and the cotangent of y and adds into the adjoints of
 * w and x; layer_release drops a tape whose backward pass never comes.
 *
 *   clang-19 -O2 -shared -fPIC -fplugin=build/lib/EddyClang.so -Iinclude \
 *       examples/split_layer.c -o libsplit_layer.so -lm
 *   python3 examples/split_layer.py ./libsplit_layer.so
 */
#include <eddy/eddy.h>
#include <math.h>

/* y = tanh(W x + b), W is nout x nin (row-major), b = W's last column. */
void layer(const double *w, const double *x, double *y, int nin, int nout) {
  for (int o = 0; o < nout; ++o) {
    const double *row = w + o * (nin + 1);
    double s = row[nin];
    for (int i = 0; i < nin; ++i)
      s += row[i] * x[i];
    y[o] = tanh(s);
  }
}

/* Computes y and returns the tape. dw, dx and dy are the shadows the
 * backward call will use: keep them (and w, x, y) until then. */
void *layer_forward(const double *w, double *dw, const double *x, double *dx,
                    double *y, double *dy, int nin, int nout) {
  return __enzyme_augmentfwd((void *)layer, w, dw, x, dx, y, dy,
                             enzyme_const, nin, enzyme_const, nout);
}

/* With the cotangent of y in dy: adds dL/dw into dw and dL/dx into dx, and
 * releases the tape. w, x and y may have changed since the forward call. */
void layer_backward(const double *w, double *dw, const double *x, double *dx,
                    double *y, double *dy, int nin, int nout, void *tape) {
  __enzyme_reverse((void *)layer, w, dw, x, dx, y, dy, enzyme_const, nin,
                   enzyme_const, nout, tape);
}

/* Releases a tape whose backward call will not come. */
void layer_release(void *tape) { __eddy_tape_free(tape); }
