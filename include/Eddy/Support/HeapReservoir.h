//===- Eddy/Support/HeapReservoir.h - Fresh memory for large bodies -*- C++ -*-===//
//
// A walk over the instructions of a large function is fast when they lie in
// memory in the order of the walk and slow when they are scattered: every
// instruction is then a cache miss. Each pass of the back end walks every
// function at least once, so where Eddy's instructions lie decides part of
// the compile time.
//
// Before Eddy builds a large derivative, the C allocator's bins are full of
// the chunks that canonicalizing the primal copy freed (an -O0 body loses
// most of its loads and stores to mem2reg). The derivative's instructions,
// allocated one by one, land in those holes all over the heap. Measured on
// a 30,000-statement kinetics tangent (474,000 instructions): a walk of it
// took 21 ms scattered and 4-5 ms allocated in order; the whole -O0 compile
// of the 30,000-statement forward request, median of 7 runs, 6.35 -> 5.90 s.
//
// A reservoir takes the free small chunks out of circulation (allocates
// them) while a large function is built, so that the function's
// instructions come from fresh memory at the top of the heap, in the order
// Eddy creates them, and gives them back afterwards. glibc only (it is what
// says how much is free); elsewhere it does nothing.
//
// The back end then builds tables the size of the function (the value to
// register map, the virtual registers' tables, the selection DAG's
// allocator), growing each by doubling. By default glibc serves each such
// block over its mmap threshold (128 KB, raised only as mapped blocks are
// freed) with fresh pages and unmaps it when freed, so every doubling
// faults in the whole table again. keepLargeBlocksInHeap serves them from
// the heap instead, where a freed block is reused: on the 100,000-statement
// kinetics tangent the compile's system time went from 1.7-2.3 s to
// 1.4-1.6 s (3 runs each; the chain of small functions never calls it).
//
//===----------------------------------------------------------------------===//
#ifndef EDDY_SUPPORT_HEAPRESERVOIR_H
#define EDDY_SUPPORT_HEAPRESERVOIR_H

#include <cstddef>
#include <vector>

namespace eddy {

class HeapReservoir {
public:
  HeapReservoir() = default;
  HeapReservoir(const HeapReservoir &) = delete;
  HeapReservoir &operator=(const HeapReservoir &) = delete;
  ~HeapReservoir() { release(); }

  /// Takes every free chunk the allocator would hand out for the small
  /// sizes instructions have, when at least MinFreeBytes are free in its
  /// bins. May be called again: it takes what was freed since.
  void absorb();
  /// Gives back everything absorbed.
  void release();

  /// Below this much free memory in the bins, absorbing is not worth it.
  static constexpr size_t MinFreeBytes = size_t(4) << 20;

private:
  std::vector<void *> Held;
};

/// From now on, blocks up to 64 MB come from the heap, and the heap keeps up
/// to 256 MB of free memory at its top instead of returning it (glibc only).
/// For a compile that has a large function for the back end.
void keepLargeBlocksInHeap();

} // namespace eddy

#endif // EDDY_SUPPORT_HEAPRESERVOIR_H
