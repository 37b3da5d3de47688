// The pragma's forms compile without a warning in C++11 to C++20, with
// -Wall -Wextra -pedantic, in templates, members, lambdas and class
// templates.
// RUN: %eddy-clangxx -std=c++11 -Wall -Wextra -pedantic -Wshadow -Werror -Wno-unused-command-line-argument -fsyntax-only %s
// RUN: %eddy-clangxx -std=c++14 -Wall -Wextra -pedantic -Wshadow -Werror -Wno-unused-command-line-argument -fsyntax-only %s
// RUN: %eddy-clangxx -std=c++17 -Wall -Wextra -pedantic -Wshadow -Werror -Wno-unused-command-line-argument -fsyntax-only %s
// RUN: %eddy-clangxx -std=c++20 -Wall -Wextra -pedantic -Wshadow -Werror -Wno-unused-command-line-argument -fsyntax-only %s
void step(double *u, int i);
static const int kSnapshots = 16;

template <int S> void counted(double *u, int n) {
#pragma eddy checkpoint(binomial, snapshots(S))
  for (int t = 0; t < n; ++t)
    step(u, t);
}

struct Model {
  double u[4];
  void run(int n) {
#pragma eddy checkpoint(online, snapshots(kSnapshots))
    while (n-- > 0)
      step(u, n);
#pragma eddy checkpoint(periodic, every(3))
    for (double &x : u)
      step(&x, 0);
  }
};

template <class T> struct Box {
  T v[2];
  void run(int n) {
#pragma eddy checkpoint(binomial, snapshots(sizeof(T)))
    for (int t = 0; t < n; ++t)
      step(nullptr, t);
  }
};

void use(double *u, int n) {
  counted<4>(u, n);
  Model m;
  m.run(n);
  Box<double> b;
  b.run(n);
  auto f = [&](int k) {
#pragma eddy checkpoint(binomial, snapshots(2))
    do {
      step(u, k);
    } while (--k > 0);
  };
  f(n);
}
