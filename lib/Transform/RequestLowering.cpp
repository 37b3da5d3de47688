#include "Eddy/Transform/RequestLowering.h"
namespace eddy {
bool lowerAllRequests(llvm::Module &M, llvm::ModuleAnalysisManager &MAM,
                      const EddyOptions &Opts) { return false; }
}
