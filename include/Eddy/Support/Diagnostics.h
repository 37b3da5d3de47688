//===- Eddy/Support/Diagnostics.h - Refusals at the user's source line -*- C++ -*-===//
//
// Eddy never emits a derivative it is not sure of: whatever it cannot
// differentiate is reported as an error at the instruction's debug location
// (Clang turns it into "file:line:col: error: ..."), naming the construct and
// the remedy. A DiagnosticSink remembers that it reported, so generation can
// stop cleanly instead of producing a wrong function.
//
//===----------------------------------------------------------------------===//
#ifndef EDDY_SUPPORT_DIAGNOSTICS_H
#define EDDY_SUPPORT_DIAGNOSTICS_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Twine.h"
#include <functional>
#include <memory>
#include <utility>

namespace llvm {
class DiagnosticLocation;
class Function;
class Instruction;
} // namespace llvm

namespace eddy {

/// Notes attached to Eddy's errors (the function being differentiated, the
/// request that asked for it). LLVM's diagnostics carry no notes, so a front
/// end that can show them (the Clang plugin) installs a hook; without one the
/// error text alone says which function was being differentiated.
using NoteHook =
    std::function<void(const llvm::DiagnosticLocation &Where, const llvm::Twine &Msg)>;
/// Installs \p Hook (an empty function removes it).
void setNoteHook(NoteHook Hook);

/// Whether an error was printed that no diagnostic handler took: where LLVM
/// would have exited (a context without a handler), the caller exits once it
/// is safe to (EddyPass, after its worker thread joined).
bool hadUnhandledError();

class DiagnosticSink {
public:
  /// A quiet sink records that an error happened without reporting it: the
  /// second and later lanes of a vector derivative meet the same constructs
  /// as the first, which reports them once.
  explicit DiagnosticSink(bool Quiet = false) : Quiet(Quiet) {}

  /// Reports an error at \p At (an instruction of the user's code, or of a
  /// clone that kept its debug location). \p Context names the function being
  /// differentiated and is appended as "(while differentiating 'f')".
  void error(const llvm::Instruction *At, const llvm::Twine &Msg,
             const llvm::Function *Context = nullptr);
  /// Reports a warning at \p At: the derivative is right, but something the
  /// user should know happens (a side effect that runs again).
  void warning(const llvm::Instruction *At, const llvm::Twine &Msg);
  bool hadError() const { return HadError; }
  /// While alive, errors are noted as happening while differentiating \p F,
  /// whose derivative was asked for at \p At (a request or a call inside
  /// another differentiated function): the chain reads like Clang's
  /// template instantiation notes.
  class Frame {
  public:
    Frame(DiagnosticSink &Sink, const llvm::Function *F, const llvm::Instruction *At)
        : Sink(Sink) {
      Sink.Frames = std::make_shared<const FrameInfo>(FrameInfo{F, At, Sink.Frames});
    }
    ~Frame() { Sink.Frames = Sink.Frames->Outer; }

  private:
    DiagnosticSink &Sink;
  };

  struct FrameInfo;
  /// The chain of functions being differentiated now, innermost first; null
  /// outside any. Frames are shared, so saving a chain copies one pointer.
  using FrameStack = std::shared_ptr<const FrameInfo>;
  struct FrameInfo {
    const llvm::Function *F;
    const llvm::Instruction *At;
    FrameStack Outer; ///< The frame whose function asked for F.
  };
  const FrameStack &frames() const { return Frames; }
  /// While alive, the chain is \p Saved (a derivative whose generation was
  /// put off reports as if it had been generated where it was asked for).
  class ReplacedFrames {
  public:
    ReplacedFrames(DiagnosticSink &Sink, FrameStack Saved)
        : Sink(Sink), Previous(std::exchange(Sink.Frames, std::move(Saved))) {}
    ~ReplacedFrames() { Sink.Frames = std::move(Previous); }

  private:
    DiagnosticSink &Sink;
    FrameStack Previous;
  };

private:
  void noteFrames() const;
  /// The outermost frame's call (the request), if any.
  const llvm::Instruction *requestCall() const;

  FrameStack Frames;
  bool Quiet;
  bool HadError = false;
};

/// The user-facing name of \p F (demangled for C++).
std::string displayName(const llvm::Function &F);

} // namespace eddy

#endif // EDDY_SUPPORT_DIAGNOSTICS_H
