//===- HeapReservoir.cpp - Fresh memory for large bodies ------------------===//
#include "Eddy/Support/HeapReservoir.h"
#include <cstdlib>

#if defined(__GLIBC__)
#include <malloc.h>
#include <unistd.h>
#if __GLIBC_PREREQ(2, 33)
#define EDDY_HAVE_MALLINFO2 1
#endif
#endif

namespace eddy {

/// Sizes absorbed, largest first: a request that finds no chunk of its own
/// size splits a larger free one, so descending sizes also take the large
/// free chunks, piece by piece. Instructions and their operands are a few
/// hundred bytes at most.
static constexpr size_t LargestChunk = 1024;
static constexpr size_t ChunkStep = 16;

void HeapReservoir::absorb() {
#ifdef EDDY_HAVE_MALLINFO2
  // EddyPass makes the worker share the main arena (M_ARENA_MAX = 1), whose
  // top chunk ends at the program break: memory from the top, or from
  // mmap above it, is fresh.
  struct mallinfo2 Info = mallinfo2();
  if (Info.fordblks < Info.keepcost)
    return;
  const size_t InBins = Info.fordblks - Info.keepcost;
  if (InBins < MinFreeBytes)
    return;
  const char *Top = static_cast<const char *>(sbrk(0)) - Info.keepcost;
  Held.reserve(Held.size() + InBins / 64);
  // Never more than the bins hold, whatever the allocator does: under a
  // sanitizer's or valgrind's malloc the test against Top means nothing.
  size_t Taken = 0;
  for (size_t Size = LargestChunk; Size >= ChunkStep && Taken < InBins;
       Size -= ChunkStep)
    while (Taken < InBins) {
      void *P = std::malloc(Size);
      if (!P)
        return;
      if (static_cast<const char *>(P) >= Top) {
        std::free(P); // Fresh: this size's free chunks are all taken.
        break;
      }
      Held.push_back(P);
      Taken += Size;
    }
#endif
}

void HeapReservoir::release() {
  for (void *P : Held)
    std::free(P);
  Held.clear();
  Held.shrink_to_fit();
}

void keepLargeBlocksInHeap() {
#ifdef __GLIBC__
  static constexpr int MmapThreshold = 64 << 20;
  static constexpr int TrimThreshold = 256 << 20;
  mallopt(M_MMAP_THRESHOLD, MmapThreshold);
  mallopt(M_TRIM_THRESHOLD, TrimThreshold);
#endif
}

} // namespace eddy
