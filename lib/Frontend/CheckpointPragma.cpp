//===- CheckpointPragma.cpp - Reading #pragma eddy checkpoint(...) --------===//
//
// The pragma handler: it reads the pragma's tokens, reports what is malformed
// at the token that is wrong, and on success puts a placeholder into the
// token stream in place of the pragma (see CheckpointPragma.h). The parser
// then reads the placeholder as an ordinary statement or declaration, so a
// pragma never disturbs the parse of what follows; CheckpointPlacement.cpp
// turns the placeholder into the marker call in the loop body.
//
// The pragma is registered when the AST consumers are made, not through
// PragmaHandlerRegistry: a registry handler would also run under `clang -E`,
// which would print the placeholder instead of the pragma.
//===----------------------------------------------------------------------===//
#include "CheckpointPragma.h"

#include "clang/AST/DeclBase.h"
#include "clang/Basic/TargetInfo.h"
#include "clang/Lex/LiteralSupport.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Sema/Sema.h"
#include "llvm/ADT/SmallString.h"

using namespace clang;

namespace eddy {

unsigned CheckpointPragmaTable::add(const CheckpointPragma &P) {
  Pragmas.push_back(P);
  ByLoc[P.Loc] = Pragmas.size() - 1;
  return Pragmas.size() - 1;
}

std::optional<unsigned>
CheckpointPragmaTable::byBraces(SourceLocation LBrace,
                                SourceLocation RBrace) const {
  auto It = ByLoc.find(LBrace);
  if (It == ByLoc.end() || Pragmas[It->second].NameLoc != RBrace)
    return std::nullopt;
  return It->second;
}

static constexpr llvm::StringLiteral TypedefPrefix = "__eddy_checkpoint_pragma_";

std::string CheckpointPragmaTable::typedefName(unsigned Index) {
  return (TypedefPrefix + llvm::Twine(Index)).str();
}

std::optional<unsigned>
CheckpointPragmaTable::byTypedefName(llvm::StringRef Name) const {
  unsigned Index;
  if (!Name.consume_front(TypedefPrefix) || Name.getAsInteger(10, Index) ||
      Index >= Pragmas.size())
    return std::nullopt;
  return Index;
}

namespace {

/// The forms, for messages.
constexpr const char *Forms =
    "'#pragma eddy checkpoint(binomial, snapshots(S))', '#pragma eddy "
    "checkpoint(periodic, every(K))' or '#pragma eddy checkpoint(online, "
    "snapshots(S))'";

/// Reads `(kind, name(N))` after `checkpoint`, reporting the first token
/// that does not fit.
class PragmaReader {
public:
  explicit PragmaReader(Preprocessor &PP) : PP(PP) {}

  std::optional<CheckpointPragma> read(PragmaIntroducer Introducer,
                                       Token NameTok) {
    CheckpointPragma P{CheckpointKind::Binomial, 0, Introducer.Loc,
                       NameTok.getLocation()};
    next();
    if (!expect(tok::l_paren, std::string("expected '(' after '#pragma eddy "
                                          "checkpoint'; write ") + Forms))
      return std::nullopt;
    std::optional<CheckpointKind> Kind = readKind();
    if (!Kind)
      return std::nullopt;
    P.Kind = *Kind;
    StringRef KindName = kindName(*Kind);
    StringRef Arg = argName(*Kind);
    std::string Write = "write '#pragma eddy checkpoint(" + KindName.str() +
                        ", " + Arg.str() + "(" + argLetter(*Kind) + "))'";
    if (!expect(tok::comma, "expected ',' after '" + KindName.str() +
                                "' in '#pragma eddy checkpoint'; " + Write))
      return std::nullopt;
    if (!isIdentifier(Arg)) {
      error(Tok.getLocation(), "'" + KindName.str() + "' takes " + Arg.str() +
                                   "(" + argLetter(*Kind) + "); " + Write);
      return std::nullopt;
    }
    next();
    if (!expect(tok::l_paren, "expected '(' after '" + Arg.str() + "'; " + Write))
      return std::nullopt;
    std::optional<uint64_t> Value = readCount(*Kind);
    if (!Value)
      return std::nullopt;
    P.Param = *Value;
    if (!expect(tok::r_paren, "expected ')' after " + Arg.str() + "(" +
                                  std::to_string(*Value) + "; " + Write) ||
        !expect(tok::r_paren,
                "expected ')' to close '#pragma eddy checkpoint('; " + Write))
      return std::nullopt;
    if (Tok.isNot(tok::eod)) {
      error(Tok.getLocation(),
            "unexpected tokens after '#pragma eddy checkpoint(...)'; " + Write);
      return std::nullopt;
    }
    return P;
  }

private:
  static StringRef kindName(CheckpointKind K) {
    switch (K) {
    case CheckpointKind::Binomial:
      return "binomial";
    case CheckpointKind::Periodic:
      return "periodic";
    case CheckpointKind::Online:
      return "online";
    }
    llvm_unreachable("unknown checkpoint kind");
  }
  static StringRef argName(CheckpointKind K) {
    return K == CheckpointKind::Periodic ? "every" : "snapshots";
  }
  static std::string argLetter(CheckpointKind K) {
    return K == CheckpointKind::Periodic ? "K" : "S";
  }

  void next() { PP.Lex(Tok); }

  bool isIdentifier(StringRef Name) const {
    return Tok.is(tok::identifier) && Tok.getIdentifierInfo()->getName() == Name;
  }

  bool expect(tok::TokenKind Kind, const std::string &Msg) {
    if (Tok.isNot(Kind)) {
      error(Tok.getLocation(), Msg);
      return false;
    }
    next();
    return true;
  }

  std::optional<CheckpointKind> readKind() {
    std::optional<CheckpointKind> Kind;
    if (Tok.is(tok::identifier)) {
      StringRef Name = Tok.getIdentifierInfo()->getName();
      if (Name == "binomial")
        Kind = CheckpointKind::Binomial;
      else if (Name == "periodic")
        Kind = CheckpointKind::Periodic;
      else if (Name == "online")
        Kind = CheckpointKind::Online;
    }
    if (!Kind) {
      error(Tok.getLocation(), std::string("expected 'binomial', 'periodic' or "
                                           "'online' in '#pragma eddy "
                                           "checkpoint'; write ") +
                                   Forms);
      return std::nullopt;
    }
    next();
    return Kind;
  }

  /// S or K: an integer literal, after macro expansion, in range.
  std::optional<uint64_t> readCount(CheckpointKind Kind) {
    std::string Arg = (argName(Kind) + "(" + argLetter(Kind) + ")").str();
    std::string AtLeastOne =
        Arg + " needs " + argLetter(Kind) + " >= 1";
    if (Tok.is(tok::minus)) {
      error(Tok.getLocation(), AtLeastOne);
      return std::nullopt;
    }
    if (Tok.isNot(tok::numeric_constant)) {
      error(Tok.getLocation(), Arg + " needs an integer literal " +
                                   argLetter(Kind) +
                                   " (or a macro that expands to one)");
      return std::nullopt;
    }
    llvm::SmallString<32> Buffer;
    bool Invalid = false;
    StringRef Spelling = PP.getSpelling(Tok, Buffer, &Invalid);
    if (Invalid)
      return std::nullopt;
    NumericLiteralParser Literal(Spelling, Tok.getLocation(),
                                 PP.getSourceManager(), PP.getLangOpts(),
                                 PP.getTargetInfo(), PP.getDiagnostics());
    if (Literal.hadError) // Reported by the literal parser.
      return std::nullopt;
    if (!Literal.isIntegerLiteral() || Literal.hasUDSuffix()) {
      error(Tok.getLocation(), Arg + " needs an integer literal " +
                                   argLetter(Kind) +
                                   " (or a macro that expands to one)");
      return std::nullopt;
    }
    llvm::APInt Value(64, 0);
    uint64_t Max = Kind == CheckpointKind::Periodic ? uint64_t(INT64_MAX)
                                                    : MaxSnapshots;
    bool Overflow = Literal.GetIntegerValue(Value);
    if (!Overflow && Value == 0) {
      error(Tok.getLocation(), AtLeastOne);
      return std::nullopt;
    }
    if (Overflow || Value.ugt(Max)) {
      error(Tok.getLocation(), Arg + " needs " + argLetter(Kind) +
                                   " <= " + std::to_string(Max));
      return std::nullopt;
    }
    next();
    return Value.getZExtValue();
  }

  void error(SourceLocation Loc, const std::string &Msg) {
    DiagnosticsEngine &D = PP.getDiagnostics();
    D.Report(Loc, D.getCustomDiagID(DiagnosticsEngine::Error, "%0")) << Msg;
  }

  Preprocessor &PP;
  Token Tok;
};

Token makeToken(tok::TokenKind Kind, SourceLocation Loc,
                IdentifierInfo *II = nullptr) {
  Token T;
  T.startToken();
  T.setKind(Kind);
  T.setLocation(Loc);
  T.setLength(1);
  if (II)
    T.setIdentifierInfo(II);
  return T;
}

/// A keyword or identifier token spelled \p Name, at \p Loc.
Token makeWord(Preprocessor &PP, StringRef Name, SourceLocation Loc) {
  IdentifierInfo *II = PP.getIdentifierInfo(Name);
  return makeToken(II->getTokenID(), Loc, II);
}

class CheckpointHandler : public PragmaHandler {
public:
  explicit CheckpointHandler(std::shared_ptr<CheckpointPragmaTable> Table)
      : PragmaHandler("checkpoint"), Table(std::move(Table)) {}

  void HandlePragma(Preprocessor &PP, PragmaIntroducer Introducer,
                    Token &NameTok) override {
    std::optional<CheckpointPragma> P = PragmaReader(PP).read(Introducer, NameTok);
    if (!P)
      return;
    Sema *S = Table->S;
    bool InFunction = !S || S->CurContext->isFunctionOrMethod();
    bool CPlusPlus = PP.getLangOpts().CPlusPlus;
    if (!InFunction && !CPlusPlus) {
      // In C, a context that is not a function is not in a function body
      // (C has no member functions whose bodies are read ahead).
      DiagnosticsEngine &D = PP.getDiagnostics();
      D.Report(P->Loc, D.getCustomDiagID(DiagnosticsEngine::Error, "%0"))
          << "'#pragma eddy checkpoint' must be in a function body, on the "
             "line before a for, while or do loop";
      return;
    }
    unsigned Index = Table->add(*P);
    std::vector<Token> Toks;
    if (InFunction) {
      Toks = {makeToken(tok::l_brace, P->Loc),
              makeToken(tok::r_brace, P->NameLoc)};
    } else {
      // `typedef int __eddy_checkpoint_pragma_N __attribute__((__unused__));`
      SourceLocation L = P->Loc;
      Toks = {makeWord(PP, "typedef", L),
              makeWord(PP, "int", L),
              makeWord(PP, CheckpointPragmaTable::typedefName(Index), L),
              makeWord(PP, "__attribute__", L),
              makeToken(tok::l_paren, L),
              makeToken(tok::l_paren, L),
              makeWord(PP, "__unused__", L),
              makeToken(tok::r_paren, L),
              makeToken(tok::r_paren, L),
              makeToken(tok::semi, L)};
    }
    auto Stream = std::make_unique<Token[]>(Toks.size());
    std::copy(Toks.begin(), Toks.end(), Stream.get());
    PP.EnterTokenStream(std::move(Stream), Toks.size(),
                        /*DisableMacroExpansion=*/true, /*IsReinject=*/false);
  }

private:
  std::shared_ptr<CheckpointPragmaTable> Table;
};

/// `#pragma eddy <anything else>`.
class UnknownEddyPragmaHandler : public PragmaHandler {
public:
  UnknownEddyPragmaHandler() : PragmaHandler("") {}

  void HandlePragma(Preprocessor &PP, PragmaIntroducer,
                    Token &NameTok) override {
    std::string Name;
    if (const IdentifierInfo *II = NameTok.getIdentifierInfo())
      Name = " " + II->getName().str();
    DiagnosticsEngine &D = PP.getDiagnostics();
    D.Report(NameTok.getLocation(),
             D.getCustomDiagID(DiagnosticsEngine::Warning, "%0"))
        << "unknown pragma '#pragma eddy" + Name +
               "' ignored; Eddy's pragma is '#pragma eddy checkpoint(...)' "
               "(docs/checkpointing.md)";
  }
};

} // namespace

void registerEddyPragmas(Preprocessor &PP,
                         std::shared_ptr<CheckpointPragmaTable> Table) {
  PP.AddPragmaHandler("eddy", new CheckpointHandler(std::move(Table)));
  PP.AddPragmaHandler("eddy", new UnknownEddyPragmaHandler());
}

} // namespace eddy
