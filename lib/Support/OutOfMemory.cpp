//===- OutOfMemory.cpp - Report allocation failures in generated code -----===//
#include "Eddy/Support/OutOfMemory.h"
#include "Eddy/Support/Diagnostics.h"
#include "Eddy/Support/SanitizerAttributes.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/Cloning.h"

using namespace llvm;

namespace eddy {

FunctionCallee getOutOfMemoryReporter(Module &M) {
  LLVMContext &Ctx = M.getContext();
  Type *Ptr = PointerType::getUnqual(Ctx);
  FunctionCallee C = M.getOrInsertFunction(
      "__eddy_out_of_memory",
      FunctionType::get(Type::getVoidTy(Ctx), {Ptr, Type::getInt64Ty(Ctx), Ptr},
                        false));
  if (auto *F = dyn_cast<Function>(C.getCallee()); F && F->isDeclaration()) {
    F->addFnAttr(Attribute::NoReturn);
    F->addFnAttr(Attribute::Cold);
    F->addFnAttr(Attribute::NoUnwind);
  }
  return C;
}

Constant *privateString(Module &M, StringRef Text) {
  std::string Name = ("eddy.text." + Text).str();
  if (GlobalVariable *GV = M.getNamedGlobal(Name))
    if (GV->hasPrivateLinkage() && GV->isConstant())
      return GV;
  Constant *Init = ConstantDataArray::getString(M.getContext(), Text);
  auto *GV = new GlobalVariable(M, Init->getType(), /*isConstant=*/true,
                                GlobalValue::PrivateLinkage, Init, Name);
  GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  GV->setAlignment(Align(1));
  return GV;
}

Constant *functionNameString(Module &M, const Function &F) {
  return privateString(M, displayName(F));
}

/// __eddy_oom_check(i1 failed, i64 bytes, ptr function, ptr what): reports
/// when \p failed. A call rather than a branch where the check is needed, so
/// that the generators never split a block they are still filling; the
/// optimizer inlines it. Not named "eddy.*": the reverse sweep takes such
/// calls for tape accesses (markTapeNoAlias), and this one touches no tape.
static Function *getCheckFunction(Module &M) {
  if (Function *F = M.getFunction("__eddy_oom_check"))
    return F;
  LLVMContext &Ctx = M.getContext();
  Type *Ptr = PointerType::getUnqual(Ctx);
  auto *F = Function::Create(
      FunctionType::get(Type::getVoidTy(Ctx),
                        {Type::getInt1Ty(Ctx), Type::getInt64Ty(Ctx), Ptr, Ptr},
                        false),
      GlobalValue::LinkOnceODRLinkage, "__eddy_oom_check", M);
  F->setVisibility(GlobalValue::HiddenVisibility);
  F->addFnAttr(Attribute::NoUnwind);
  F->addFnAttr(Attribute::InlineHint);
  inheritModuleSanitizerAttributes(*F, M);
  BasicBlock *Entry = BasicBlock::Create(Ctx, "entry", F);
  BasicBlock *Fail = BasicBlock::Create(Ctx, "oom", F);
  BasicBlock *Done = BasicBlock::Create(Ctx, "done", F);
  IRBuilder<> B(Entry);
  MDNode *Unlikely = MDBuilder(Ctx).createBranchWeights(1, 1 << 20);
  B.CreateCondBr(F->getArg(0), Fail, Done, Unlikely);
  B.SetInsertPoint(Fail);
  B.CreateCall(getOutOfMemoryReporter(M),
               {F->getArg(2), F->getArg(1), F->getArg(3)})
      ->setDoesNotReturn();
  B.CreateUnreachable();
  B.SetInsertPoint(Done);
  B.CreateRetVoid();
  return F;
}

void checkAllocation(IRBuilderBase &B, Value *Failed, Value *Function,
                     Value *Bytes, StringRef What) {
  Module &M = *B.GetInsertBlock()->getModule();
  B.CreateCall(getCheckFunction(M),
               {Failed, B.CreateZExtOrTrunc(Bytes, B.getInt64Ty()), Function,
                privateString(M, What)});
}

void inlineAllocationChecks(Function &F) {
  // (Compared by address: a name is a hash lookup, and this runs on every
  // generated function.)
  Function *Check = F.getParent()->getFunction("__eddy_oom_check");
  if (!Check)
    return;
  SmallVector<CallBase *, 8> Calls;
  for (BasicBlock &BB : F)
    for (Instruction &I : BB)
      if (auto *CB = dyn_cast<CallBase>(&I);
          CB && CB->getCalledOperand() == Check)
        Calls.push_back(CB);
  for (CallBase *CB : Calls) {
    InlineFunctionInfo IFI;
    InlineFunction(*CB, IFI);
  }
}

} // namespace eddy
