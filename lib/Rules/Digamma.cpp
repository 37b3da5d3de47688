//===- Digamma.cpp - psi(x) as an internal IR function ---------------------===//
//
// psi(x), in three steps:
//  1. reflection for x < 0:  psi(x) = psi(1 - x) - pi cot(pi x), with cot's
//     argument reduced by the nearest integer first (x - round(x) is exact),
//     so that cot stays accurate for large |x|;
//  2. recurrence  psi(z) = psi(z + 1) - 1/z  until z >= Threshold;
//  3. the asymptotic series  psi(z) = ln z - 1/(2z) - sum B_2k / (2k z^2k)
//     through z^-14. At z >= 10 the first omitted term is below 5e-17
//     relative to psi (double); long double starts it at 20 (below 1e-21).
// The poles (x = 0, -1, -2, ...) give NaN; psi(+Inf) = +Inf; psi(NaN) = NaN.
// Checked against finite differences of lgamma in test/Exec/libm-gamma.c.
//===----------------------------------------------------------------------===//
#include "Eddy/Rules/Digamma.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"
#include <string>

using namespace llvm;

namespace eddy {
namespace {

constexpr double Pi = 3.14159265358979323846;

/// -B_2k / (2k) for k = 1..7: the coefficients of z^-2k in the series.
constexpr double SeriesCoeffs[] = {-1.0 / 12,   1.0 / 120,      -1.0 / 252,
                                   1.0 / 240,   -1.0 / 132,     691.0 / 32760,
                                   -1.0 / 12};

std::string helperName(Type *T) {
  std::string S;
  raw_string_ostream OS(S);
  T->print(OS);
  return "eddy.digamma." + S;
}

/// ln z - 1/(2z) + sum_k c_k w^k with w = 1/z^2, Horner from the last term.
Value *asymptoticSeries(IRBuilderBase &B, Type *T, Value *Z) {
  Value *W = B.CreateFDiv(ConstantFP::get(T, 1.0), B.CreateFMul(Z, Z));
  Value *Sum = ConstantFP::get(T, 0.0);
  for (double C : reverse(SeriesCoeffs))
    Sum = B.CreateFMul(W, B.CreateFAdd(ConstantFP::get(T, C), Sum));
  Value *Log = B.CreateUnaryIntrinsic(Intrinsic::log, Z);
  Value *Half = B.CreateFDiv(ConstantFP::get(T, 0.5), Z);
  return B.CreateFAdd(B.CreateFSub(Log, Half), Sum);
}

void buildBody(Function &F, Type *T) {
  LLVMContext &Ctx = F.getContext();
  BasicBlock *Entry = BasicBlock::Create(Ctx, "entry", &F);
  BasicBlock *Loop = BasicBlock::Create(Ctx, "recur", &F);
  BasicBlock *Step = BasicBlock::Create(Ctx, "recur.step", &F);
  BasicBlock *Tail = BasicBlock::Create(Ctx, "series", &F);
  IRBuilder<> B(Entry);
  Value *X = F.getArg(0);
  auto C = [&](double V) { return ConstantFP::get(T, V); };

  // 1. Reflection: the cotangent term and the argument of the rest.
  Value *Reflect = B.CreateFCmpOLT(X, C(0.0));
  Value *Frac = B.CreateFSub(X, B.CreateUnaryIntrinsic(Intrinsic::round, X));
  Value *Tan = B.CreateUnaryIntrinsic(Intrinsic::tan, B.CreateFMul(C(Pi), Frac));
  Value *Cot = B.CreateFDiv(C(-Pi), Tan);
  Value *Correction = B.CreateSelect(Reflect, Cot, C(0.0));
  Value *Start = B.CreateSelect(Reflect, B.CreateFSub(C(1.0), X), X);
  Value *Pole = B.CreateAnd(B.CreateFCmpOLE(X, C(0.0)), B.CreateFCmpOEQ(Frac, C(0.0)));
  B.CreateBr(Loop);

  // 2. Recurrence up to the threshold (a NaN or +Inf start skips it).
  double Threshold = T->isFloatTy() || T->isDoubleTy() ? 10.0 : 20.0;
  B.SetInsertPoint(Loop);
  PHINode *Z = B.CreatePHI(T, 2, "z");
  PHINode *Acc = B.CreatePHI(T, 2, "acc");
  B.CreateCondBr(B.CreateFCmpOLT(Z, C(Threshold)), Step, Tail);
  B.SetInsertPoint(Step);
  Value *NextAcc = B.CreateFSub(Acc, B.CreateFDiv(C(1.0), Z));
  Value *NextZ = B.CreateFAdd(Z, C(1.0));
  B.CreateBr(Loop);
  Z->addIncoming(Start, Entry);
  Z->addIncoming(NextZ, Step);
  Acc->addIncoming(C(0.0), Entry);
  Acc->addIncoming(NextAcc, Step);

  // 3. The series at z, plus what the recurrence and reflection added.
  B.SetInsertPoint(Tail);
  Value *Psi = B.CreateFAdd(B.CreateFAdd(asymptoticSeries(B, T, Z), Acc), Correction);
  B.CreateRet(B.CreateSelect(Pole, ConstantFP::getNaN(T), Psi));
}

} // namespace

Function *getDigamma(Module &M, Type *T) {
  std::string Name = helperName(T);
  if (Function *Existing = M.getFunction(Name))
    return Existing;
  auto *FT = FunctionType::get(T, {T}, false);
  Function *F = Function::Create(FT, GlobalValue::InternalLinkage, Name, M);
  // Intrinsics only: no memory, no errno, and the loop is bounded.
  F->setDoesNotAccessMemory();
  F->setDoesNotThrow();
  F->setWillReturn();
  F->addFnAttr(Attribute::MustProgress);
  F->addFnAttr(Attribute::NoFree);
  F->addFnAttr(Attribute::NoSync);
  buildBody(*F, T);
  return F;
}

} // namespace eddy
