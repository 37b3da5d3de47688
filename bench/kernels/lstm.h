//===- bench/kernels/lstm.h - ADBench diagonal LSTM objective ---------------===//
//
// Written from the ADBench D-LSTM definition. l layers of b cells with
// diagonal (element-wise) weights; a sequence of c vectors of size b.
//   main  (l * 8b): per layer, weights (4b) then biases (4b) of the gates
//                   forget, input, output, change (in that order);
//   extra (3b):     input weights, output weights, output biases;
//   state (l * 2b): per layer, hidden (b) then cell (b) — copied, not changed.
// One cell, element-wise:
//   f = sigmoid(x wf + bf), i = sigmoid(h wi + bi), o = sigmoid(x wo + bo),
//   g = tanh(h wg + bg), cell = cell f + i g, h = o tanh(cell).
// Step t predicts y = h_top wout + bout from input seq_t win; the loss is
// -(1 / ((c-1) b)) sum_t sum_j seq_{t+1,j} (y_j - logsumexp(y)).
//===----------------------------------------------------------------------===//
#ifndef EDDY_BENCH_LSTM_H
#define EDDY_BENCH_LSTM_H

#include <cmath>
#include <cstring>

#include "scratch.h"

template <class T> static T lstm_sigmoid(T x) { return 1.0 / (1.0 + exp(-x)); }

template <class T>
T lstm_objective(int l, int c, int b, const T *main_params,
                 const T *extra_params, const double *state0,
                 const double *sequence) {
  T *state = scratch_alloc<T>((size_t)2 * l * b);
  T *x = scratch_alloc<T>(b);
  for (int i = 0; i < 2 * l * b; ++i)
    state[i] = state0[i];
  T total = 0;
  for (int t = 0; t < c - 1; ++t) {
    const double *in = sequence + t * b;
    for (int j = 0; j < b; ++j)
      x[j] = in[j] * extra_params[j];
    const T *input = x;
    for (int layer = 0; layer < l; ++layer) {
      const T *w = main_params + layer * 8 * b;
      const T *bias = w + 4 * b;
      T *hidden = state + layer * 2 * b;
      T *cell = hidden + b;
      for (int j = 0; j < b; ++j) {
        T forget = lstm_sigmoid(input[j] * w[j] + bias[j]);
        T ingate = lstm_sigmoid(hidden[j] * w[b + j] + bias[b + j]);
        T outgate = lstm_sigmoid(input[j] * w[2 * b + j] + bias[2 * b + j]);
        T change = tanh(hidden[j] * w[3 * b + j] + bias[3 * b + j]);
        cell[j] = cell[j] * forget + ingate * change;
        hidden[j] = outgate * tanh(cell[j]);
      }
      input = hidden;
    }
    // y = input * wout + bout; total += sum_j next_j (y_j - lse(y)).
    T mx = input[0] * extra_params[b] + extra_params[2 * b];
    for (int j = 1; j < b; ++j) {
      T y = input[j] * extra_params[b + j] + extra_params[2 * b + j];
      mx = y > mx ? y : mx;
    }
    T s = 0;
    for (int j = 0; j < b; ++j)
      s += exp(input[j] * extra_params[b + j] + extra_params[2 * b + j] - mx);
    T lse = log(s) + mx;
    const double *next = sequence + (t + 1) * b;
    for (int j = 0; j < b; ++j)
      total += next[j] * (input[j] * extra_params[b + j] +
                          extra_params[2 * b + j] - lse);
  }
  scratch_free(state);
  scratch_free(x);
  return -total / ((c - 1) * b);
}

#endif
