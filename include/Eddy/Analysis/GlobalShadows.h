//===- Eddy/Analysis/GlobalShadows.h - Shadows of globals -------*- C++ -*-===//
//
// A mutable global variable of floating-point data gets a *shadow*: one
// zero-initialized global of the same type per vector width and lane
// (`g.eddy.shadow.w<W>.<L>`), which holds g's tangent (forward mode) or
// adjoint (reverse mode) wherever a derivative reads or writes g.
//
// Which globals: those a request's computation stores floating-point data
// into (directly, through a constant address, or by passing g's address to
// a call), anywhere in the functions the requests reach; and those whose
// shadow the program asks for with `__enzyme_shadow(&g, width, lane)`.
//   - The first kind are *intermediates*: their shadows are zeroed when each
//     request starts (g's value then does not depend on the request's
//     inputs), so no derivative leaks from one request into the next.
//   - The second kind are *user-managed*, as in Enzyme: the program seeds
//     the tangent there (forward mode) and reads the accumulated adjoint
//     (reverse mode, which ADDS into it); nothing zeroes them.
// Globals holding pointers get no shadow (a derivative through one is
// refused where it happens), nor do registered inactive globals.
//
//===----------------------------------------------------------------------===//
#ifndef EDDY_ANALYSIS_GLOBALSHADOWS_H
#define EDDY_ANALYSIS_GLOBALSHADOWS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <utility>

namespace llvm {
class CallBase;
class Constant;
class Function;
class GlobalVariable;
class IRBuilderBase;
class Module;
class Value;
} // namespace llvm

namespace eddy {
class DiagnosticSink;
class Registrations;

class GlobalShadows {
public:
  /// \p UserManaged: the globals lowerQueries found queried. Finds the
  /// intermediates among the globals written in the functions reachable
  /// from \p Roots.
  GlobalShadows(llvm::SetVector<llvm::GlobalVariable *> UserManaged,
                llvm::ArrayRef<llvm::Function *> Roots,
                const Registrations &Regs);

  bool has(const llvm::Value *G) const;
  /// Does \p F (or a function it calls) read or write a shadowed global? A
  /// call of it then carries derivatives even without active arguments.
  bool touches(const llvm::Function *F) const { return Touching.contains(F); }
  /// The shadow of \p G (a shadowed global, or a constant address inside
  /// one) for lane \p Lane of a width-\p Width derivative, or null.
  llvm::Constant *shadowOf(llvm::Value *P, unsigned Width, unsigned Lane) const;
  /// Refuses each request of \p Requests (call, target) that sits in code
  /// another request differentiates when its target touches a shadowed
  /// global: the inner and the outer derivative would share the shadows.
  void refuseNested(
      llvm::ArrayRef<std::pair<llvm::CallBase *, llvm::Function *>> Requests,
      DiagnosticSink &Diags) const;
  /// Zeroes the intermediates' shadows of every lane of width \p Width.
  void zeroIntermediates(llvm::IRBuilderBase &B, unsigned Width) const;

  /// Replaces each `__enzyme_shadow(&g, width, lane)` of \p M by the
  /// shadow's address and adds g to \p UserManaged; refuses Enzyme's shadow
  /// contexts (`__enzyme_context`, `__enzyme_zero_shadows`, a context as
  /// the query's first argument). Returns true if \p M changed.
  static bool
  lowerQueries(llvm::Module &M, DiagnosticSink &Diags,
               llvm::SetVector<llvm::GlobalVariable *> &UserManaged);

private:
  void findIntermediates(llvm::ArrayRef<llvm::Function *> Roots,
                         const Registrations &Regs);
  void findTouching(llvm::Module &M);

  llvm::SetVector<llvm::GlobalVariable *> UserManaged, Intermediates;
  llvm::SmallPtrSet<const llvm::Function *, 8> Touching;
};

/// Can global \p G have a shadow at all (mutable, defined here or not,
/// floating-point data without pointers)?
bool canShadowGlobal(const llvm::GlobalVariable &G);

} // namespace eddy

#endif // EDDY_ANALYSIS_GLOBALSHADOWS_H
