// Found by eddy-fuzz --cxx (seed 912:41, 14 programs of kind V): a
// std::vector copied and then resized with a fill value was refused at
// -O2/-O3 only, with "a pointer to memory that is not differentiated is
// stored into differentiated memory" at stl_vector.h (`_M_end_of_storage =
// _M_start + n`) and "... read from memory that is not differentiated" at
// the copy's memmove. -O2's jump threading gives the path on which the
// vector allocates nothing its own `getelementptr null, n`, an address
// computed from null, which had no shadow. Its shadow is now the same
// address (ShadowMemory.cpp: never dereferenced). Forward and reverse mode
// against the analytic derivative, at every -O level.
//
// Under UBSan (the second run) the copy constructor stays out of line, and
// its memmove's pointers are only loaded from the vector and copied: their
// element type comes from where the caller loads the same field and reads
// doubles (ElementType.cpp, collectFromField). It was refused at -O1/-O3.
//
// RUN: %levels %eddy-clangxx -std=c++17 -I%S/../../Inputs %s -o %t -- FileCheck --implicit-check-not=FAIL %s
// RUN: %levels %eddy-clangxx -fsanitize=undefined -std=c++17 -I%S/../../Inputs %s -o %t.ubsan -- FileCheck --implicit-check-not=FAIL %s
// CHECK: ALL OK
#include <eddy/eddy.hpp>
#include "eddy_check.h"
#include <vector>

static double fv(const std::vector<double> &xv) {
  std::vector<double> w(xv);
  w.resize(7, 0.25);
  return w[0] * w[2] + w[1] * w[6];
}

int main() {
  std::vector<double> x = {1.0, 2.0, 3.0}, d = {1.0, 0.0, 0.0};
  auto t = eddy::jvp(eddy::fn<fv>, eddy::dual(x, d));
  eddy_check("jvp.dx0", t.tangent, 3.0); // d/dx0 = w2
  auto g = eddy::gradient(eddy::fn<fv>, x);
  eddy_check("grad.dx0", g[0], 3.0);
  eddy_check("grad.dx1", g[1], 0.25);
  eddy_check("grad.dx2", g[2], 1.0);
  return eddy_summary();
}
