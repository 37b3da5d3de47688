//===- ParallelRegions.cpp - Forks, team tapes, atomics -------------------===//
//
// What forward and reverse mode share about OpenMP parallel regions
// (ParallelRegions.h): which captured variables of a fork carry
// derivatives, how a derivative's fork is made, the microtasks that give
// each thread its tape, and which atomic updates are differentiated.
//===----------------------------------------------------------------------===//
#include "ParallelRegions.h"
#include "Eddy/Rules/OpenMpCalls.h"
#include "Eddy/Support/Diagnostics.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace eddy {

static Function *outlinedOf(const CallBase &Fork) {
  auto *F = dyn_cast<Function>(
      Fork.getArgOperand(ForkOutlinedArg)->stripPointerCasts());
  if (!F || F->isDeclaration() || F->isVarArg() ||
      F->arg_size() != Fork.arg_size() - ForkFirstCaptured + 2)
    return nullptr;
  return F;
}

std::optional<ActivitySignature> forkSignature(const CallBase &Fork,
                                               const ActivityInfo &Act) {
  Function *F = outlinedOf(Fork);
  if (!F)
    return std::nullopt;
  ActivitySignature S;
  S.Args = {false, false}; // &gtid, &btid
  for (unsigned Op = ForkFirstCaptured; Op < Fork.arg_size(); ++Op) {
    const Value *A = Fork.getArgOperand(Op);
    bool Active = Act.isActive(A);
    if (Active && !A->getType()->isPointerTy())
      return std::nullopt;
    S.Args.push_back(Active);
  }
  return S;
}

std::string forkRefusal(const CallBase &Fork, const ActivityInfo &Act) {
  if (!outlinedOf(Fork))
    return "a parallel region whose outlined function Eddy cannot see "
           "(__kmpc_fork_call of an unknown or variadic microtask)";
  return "a parallel region captures a value that depends on the "
         "differentiated inputs by copy (a 'firstprivate' floating-point "
         "variable, or one the optimizer passes by value); make it 'shared' "
         "or read it from memory inside the region";
}

CallInst *forkCall(IRBuilderBase &B, const CallBase &Original,
                   Function *Microtask, ArrayRef<Value *> Captured) {
  SmallVector<Value *, 12> Args{
      Original.getArgOperand(0),
      B.getInt32(Captured.size()), Microtask};
  Args.append(Captured.begin(), Captured.end());
  CallInst *Fork = B.CreateCall(Original.getFunctionType(),
                                Original.getCalledOperand(), Args);
  Fork->setDebugLoc(Original.getDebugLoc());
  return Fork;
}

Function *teamSweepWrapper(Function &Sweep, bool Adjoint) {
  Module &M = *Sweep.getParent();
  std::string Name = (Sweep.getName() + ".team").str();
  if (Function *W = M.getFunction(Name))
    return W;
  LLVMContext &Ctx = M.getContext();
  Type *Ptr = PointerType::getUnqual(Ctx);
  // Same parameters; the tape's place holds the team record.
  Function *W = Function::Create(Sweep.getFunctionType(),
                                 GlobalValue::InternalLinkage, Name, M);
  W->addFnAttr(Attribute::NoUnwind);
  W->setDSOLocal(true);
  BasicBlock *BB = BasicBlock::Create(Ctx, "entry", W);
  IRBuilder<> B(BB);
  FunctionType *TapeOf = FunctionType::get(Ptr, {Ptr}, false);
  Value *Team = W->getArg(W->arg_size() - 1);
  Value *Tape = B.CreateCall(
      M.getOrInsertFunction(Adjoint ? "__eddy_omp_tape_reenter"
                                    : "__eddy_omp_tape_enter",
                            TapeOf),
      {Team}, "tape");
  SmallVector<Value *, 12> Args;
  for (Argument &A : W->args())
    Args.push_back(&A);
  Args.back() = Tape;
  B.CreateCall(&Sweep, Args);
  if (Adjoint) // The thread's tape is spent.
    B.CreateCall(M.getOrInsertFunction(
                     "__eddy_omp_tape_leave",
                     FunctionType::get(B.getVoidTy(), {Ptr}, false)),
                 {Tape});
  B.CreateRetVoid();
  return W;
}

std::optional<std::string> refusesAtomic(const Instruction &I,
                                         const ActivityInfo &Act) {
  if (isa<AtomicCmpXchgInst>(I))
    return "an atomic compare-and-swap on differentiated memory (an '#pragma "
           "omp atomic' update other than += or -=, or a hand-written CAS "
           "loop); Eddy differentiates atomic '+=' and '-=' of floating-point "
           "values — rewrite the update as one of those, or use '#pragma omp "
           "critical'";
  auto &RMW = cast<AtomicRMWInst>(I);
  if (RMW.getOperation() != AtomicRMWInst::FAdd &&
      RMW.getOperation() != AtomicRMWInst::FSub)
    return "an atomic read-modify-write on differentiated memory other than "
           "a floating-point '+=' or '-='; use '#pragma omp critical'";
  if (!RMW.use_empty())
    return "the old value of an atomic update of differentiated memory is "
           "used ('#pragma omp atomic capture'); use '#pragma omp critical' "
           "to read and update together";
  return std::nullopt;
}

} // namespace eddy
