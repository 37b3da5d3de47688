// '#pragma eddy checkpoint(...)' in C++: the call __eddy_checkpoint(i32
// kind, i64 param) at the top of the loop body, located at the pragma, in
// function templates (S a template parameter, one call per instantiation),
// inline and out-of-line member functions, a class template's member (S an
// expression of its parameter), lambdas and a generic lambda, nested
// checkpointed loops and a range-based for (where the call follows the loop
// variable's initialization, and at -O2, in the rotated `while (n-- > 0)`,
// the decrement for the next test). The call is a `call`, never an
// `invoke`, even with destructors in scope. At -O2 the lambdas and
// Model::run are inlined ('.i' blocks). Line numbers in the !DILocation checks are the pragmas'.
//
// RUN: %eddy-clangxx -mllvm -eddy-keep-checkpoint-markers -std=c++17 -Wall -Wextra -pedantic -Wno-unused-command-line-argument -fno-discard-value-names -gline-tables-only -S -emit-llvm -O0 %s -o - | FileCheck %s --implicit-check-not=warning: --implicit-check-not="invoke void @__eddy_checkpoint"
// RUN: %eddy-clangxx -mllvm -eddy-keep-checkpoint-markers -std=c++17 -Wall -Wextra -pedantic -Wno-unused-command-line-argument -fno-discard-value-names -gline-tables-only -S -emit-llvm -O2 %s -o - | FileCheck %s --implicit-check-not=warning: --implicit-check-not="invoke void @__eddy_checkpoint"
#include <vector>
void step(double *u, int i);

template <int S> void counted(double *u, int n) {
#pragma eddy checkpoint(binomial, snapshots(S))
  for (int t = 0; t < n; ++t)
    step(u, t);
}
// CHECK-LABEL: define weak_odr dso_local void @_Z7countedILi7EEvPdi(
// CHECK: {{^}}for.body{{(\.i[0-9]*)?(\.us)?}}:{{.*}}
// CHECK-NOT: {{^ [^%]|= [^p]}}
// CHECK: {{^ (tail )?}}call void @__eddy_checkpoint(i32 noundef 0, i64 noundef 7) #{{[0-9]+}}, !dbg ![[SEVEN:[0-9]+]]
// CHECK-LABEL: define weak_odr dso_local void @_Z7countedILi9EEvPdi(
// CHECK: {{^}}for.body{{(\.i[0-9]*)?(\.us)?}}:{{.*}}
// CHECK-NOT: {{^ [^%]|= [^p]}}
// CHECK: {{^ (tail )?}}call void @__eddy_checkpoint(i32 noundef 0, i64 noundef 9) #{{[0-9]+}}, !dbg ![[NINE:[0-9]+]]
template void counted<7>(double *, int);
template void counted<9>(double *, int);

struct Model {
  std::vector<double> u;
  void run(int n) {
#pragma eddy checkpoint(periodic, every(sizeof(double)))
    while (n-- > 0)
      step(u.data(), n);
  }
  void run_out_of_line(int n);
};

// CHECK-LABEL: define dso_local void @_ZN5Model15run_out_of_lineEi(
// CHECK: {{^}}do.body{{(\.i[0-9]*)?(\.us)?}}:{{.*}}
// CHECK-NOT: {{^ [^%]|= [^p]}}
// CHECK: {{^ (tail )?}}call void @__eddy_checkpoint(i32 noundef 2, i64 noundef 5) #{{[0-9]+}}, !dbg ![[DO:[0-9]+]]
void Model::run_out_of_line(int n) {
#pragma eddy checkpoint(online, snapshots(5))
  do {
    std::vector<double> copy(u);
    step(copy.data(), n);
  } while (--n > 0);
}

template <class T> struct Box {
  void run(int n) {
#pragma eddy checkpoint(binomial, snapshots(sizeof(T) * 2))
    for (int t = 0; t < n; ++t)
      step(nullptr, t);
  }
};
// CHECK-LABEL: define weak_odr dso_local void @_ZN3BoxIfE3runEi(
// CHECK: {{^}}for.body{{(\.i[0-9]*)?(\.us)?}}:{{.*}}
// CHECK-NOT: {{^ [^%]|= [^p]}}
// CHECK: {{^ (tail )?}}call void @__eddy_checkpoint(i32 noundef 0, i64 noundef 8) #{{[0-9]+}}, !dbg ![[BOX:[0-9]+]]
template struct Box<float>;

// CHECK-LABEL: define dso_local void @_Z7lambdasPdi(
// CHECK: {{^}}for.body{{(\.i[0-9]*)?(\.us)?}}:{{.*}}
// CHECK-NOT: {{^ [^%]|= [^p]}}
// CHECK: {{^ (tail )?}}call void @__eddy_checkpoint(i32 noundef 0, i64 noundef 8) #{{[0-9]+}}, !dbg ![[OUTER:[0-9]+]]
// CHECK: {{^}}for.body{{[0-9]+}}{{(\.i[0-9]*)?(\.us)?}}:{{.*}}
// CHECK-NOT: {{^ [^%]|= [^p]}}
// CHECK: {{^ (tail )?}}call void @__eddy_checkpoint(i32 noundef 2, i64 noundef 2) #{{[0-9]+}}, !dbg ![[INNER:[0-9]+]]
// CHECK: {{^}}for.body{{(\.i[0-9]*)?(\.us)?}}:{{.*}}
// CHECK-NOT: {{^ [^%]|= [^p]}}
// CHECK: {{^ (tail )?}}call void @__eddy_checkpoint(i32 noundef 1, i64 noundef 3) #{{[0-9]+}}, !dbg ![[GENERIC:[0-9]+]]
void lambdas(double *u, int n) {
  auto nested = [&](int m) {
#pragma eddy checkpoint(binomial, snapshots(8))
    for (int t = 0; t < m; ++t) {
#pragma eddy checkpoint(online, snapshots(2))
      for (int s = 0; s < n; ++s)
        step(u, s);
    }
  };
  nested(3);
  auto generic = [&](auto k) {
#pragma eddy checkpoint(periodic, every(3))
    for (decltype(k) t = 0; t < k; ++t)
      step(u, (int)t);
  };
  generic(n);
}

// CHECK-LABEL: define dso_local void @_Z5rangeRSt6vectorIdSaIdEE(
// CHECK: {{^}}for.body{{(\.i[0-9]*)?(\.us)?}}:{{.*}}
// CHECK: {{^ (tail )?}}call void @__eddy_checkpoint(i32 noundef 0, i64 noundef 4) #{{[0-9]+}}, !dbg ![[RANGE:[0-9]+]]
void range(std::vector<double> &v) {
#pragma eddy checkpoint(binomial, snapshots(4))
  for (double &x : v)
    step(&x, 0);
}

// CHECK-LABEL: define dso_local void @_Z9run_modelR5Model(
// CHECK: {{^}}while.body{{(\.i[0-9]*)?(\.us)?}}:{{.*}}
// CHECK: {{^ (tail )?}}call void @__eddy_checkpoint(i32 noundef 1, i64 noundef 8) #{{[0-9]+}}, !dbg ![[WHILE:[0-9]+]]
void run_model(Model &m) { m.run(4); m.run_out_of_line(3); }

// CHECK-DAG: ![[SEVEN]] = !DILocation(line: 18, column: 1,
// CHECK-DAG: ![[NINE]] = !DILocation(line: 18, column: 1,
// CHECK-DAG: ![[DO]] = !DILocation(line: 48, column: 1,
// CHECK-DAG: ![[BOX]] = !DILocation(line: 57, column: 1,
// CHECK-DAG: ![[OUTER]] = !DILocation(line: 80, column: 1,
// CHECK-DAG: ![[INNER]] = !DILocation(line: 82, column: 1,
// CHECK-DAG: ![[GENERIC]] = !DILocation(line: 89, column: 1,
// CHECK-DAG: ![[RANGE]] = !DILocation(line: 100, column: 1,
// CHECK-DAG: ![[WHILE]] = !DILocation(line: 36, column: 1,
