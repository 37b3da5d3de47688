// -O2 is the default; -O<n> on the tool overrides it.
// RUN: %eddy-transform -o - %s -- | FileCheck %s --check-prefix=O2
// RUN: %eddy-transform -O0 -o - %s -- | FileCheck %s --check-prefix=O0
// O2-NOT: optnone
// O2: define {{.*}}@twice(
// O0: define {{.*}}@twice({{.*}}) #[[ATTR:[0-9]+]]
// O0: attributes #[[ATTR]] = {{{.*}}optnone
double twice(double x) { return 2 * x; }
