//===- Eddy/Transform/BodyCloning.h - Copying a function's body -*- C++ -*-===//
//
// Every derivative starts as a copy: the primal copy that is canonicalized
// for differentiation, then the body a forward derivative or a forward sweep
// is built in. LLVM's CloneFunctionInto maps every value through a ValueMap
// (two value handles per entry, each registered in the context's handle
// table) and every operand, constant and metadata node through a
// ValueMapper. On a 30,000-statement kinetics function at -O0 the two copies
// took 0.67 s, 15% of the whole compile, more than half of it in the mapper.
//
// Eddy's copies stay in the module and keep their metadata as it is (the
// primal copy shares its primal's subprogram, so diagnostics point at the
// user's lines; a derivative drops its locations), so only local values
// change: blocks, arguments and instructions, mapped here through a plain
// DenseMap. Functions holding what needs the general mapper (debug records
// or intrinsics, metadata naming local values, block addresses) are copied
// by LLVM's cloner as before.
//
//===----------------------------------------------------------------------===//
#ifndef EDDY_TRANSFORM_BODYCLONING_H
#define EDDY_TRANSFORM_BODYCLONING_H

#include "llvm/Transforms/Utils/ValueMapper.h"

namespace llvm {
class Function;
} // namespace llvm

namespace eddy {

/// A copy of \p F next to it: same type, attributes and metadata (its
/// subprogram included), internal, named \p Name, without optnone and
/// noinline: a primal copy, which is canonicalized for differentiation.
llvm::Function *copyFunction(llvm::Function &F, const llvm::Twine &Name);

/// Copies the body of \p Primal into the declared derivative \p D (whose
/// parameters \p VMap already maps), keeping D's own signature attributes and
/// linkage, and without debug info (diagnostics point at the primal copy).
/// On return \p VMap maps each of Primal's blocks and instructions too.
void cloneBodyInto(llvm::Function &Primal, llvm::Function &D,
                   llvm::ValueToValueMapTy &VMap);

} // namespace eddy

#endif // EDDY_TRANSFORM_BODYCLONING_H
