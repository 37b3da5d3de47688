//===- OpenMpReductions.cpp - Reductions as critical sections -------------===//
//
// Clang lowers `reduction(op:s)` at the end of a worksharing loop to
//
//   r = __kmpc_reduce_nowait(loc, gtid, n, size, list, combiner, lock)
//   switch r: 1 -> { s = s op s.private; __kmpc_end_reduce_nowait(...) }
//             2 -> { atomic updates of s }
//             0 -> nothing (the runtime combined this thread's copy into
//                  another's through `combiner`)
//
// The runtime picks the path. Paths 0 and 2 move data where no derivative
// can follow (a callback the runtime calls; compare-exchange loops on the
// bits of a double), so before differentiation every thread takes path 1
// under the reduction's lock: the call becomes __kmpc_critical, its result
// the constant 1, the end call __kmpc_end_critical (and, for the blocking
// __kmpc_reduce, a barrier after it, which its end call implied). SimplifyCFG
// in canonicalization then drops the dead paths.
//===----------------------------------------------------------------------===//
#include "Eddy/Rules/OpenMpCalls.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace eddy {

static FunctionCallee runtime(Module &M, StringRef Name,
                              ArrayRef<Type *> Params) {
  return M.getOrInsertFunction(
      Name, FunctionType::get(Type::getVoidTy(M.getContext()), Params, false));
}

bool lowerOpenMpReductions(Function &F) {
  SmallVector<CallInst *, 4> Starts, Ends;
  for (Instruction &I : instructions(F))
    if (auto *CI = dyn_cast<CallInst>(&I))
      if (Function *Callee = CI->getCalledFunction()) {
        StringRef N = Callee->getName();
        if ((N == "__kmpc_reduce_nowait" || N == "__kmpc_reduce") &&
            CI->arg_size() == 7)
          Starts.push_back(CI);
        else if ((N == "__kmpc_end_reduce_nowait" || N == "__kmpc_end_reduce") &&
                 CI->arg_size() == 3)
          Ends.push_back(CI);
      }
  if (Starts.empty())
    return false;
  Module &M = *F.getParent();
  for (CallInst *CI : Starts) {
    // (loc, gtid, n, size, list, combiner, lock)
    Value *Loc = CI->getArgOperand(0), *Gtid = CI->getArgOperand(1),
          *Lock = CI->getArgOperand(6);
    IRBuilder<> B(CI);
    B.CreateCall(runtime(M, "__kmpc_critical",
                         {Loc->getType(), Gtid->getType(), Lock->getType()}),
                 {Loc, Gtid, Lock})
        ->setDebugLoc(CI->getDebugLoc());
    CI->replaceAllUsesWith(ConstantInt::get(CI->getType(), 1));
    CI->eraseFromParent();
  }
  for (CallInst *CI : Ends) {
    Value *Loc = CI->getArgOperand(0), *Gtid = CI->getArgOperand(1),
          *Lock = CI->getArgOperand(2);
    bool Blocking = CI->getCalledFunction()->getName() == "__kmpc_end_reduce";
    IRBuilder<> B(CI);
    B.CreateCall(runtime(M, "__kmpc_end_critical",
                         {Loc->getType(), Gtid->getType(), Lock->getType()}),
                 {Loc, Gtid, Lock})
        ->setDebugLoc(CI->getDebugLoc());
    if (Blocking)
      B.CreateCall(runtime(M, "__kmpc_barrier", {Loc->getType(), Gtid->getType()}),
                   {Loc, Gtid})
          ->setDebugLoc(CI->getDebugLoc());
    CI->eraseFromParent();
  }
  return true;
}

} // namespace eddy
