// Registration macros without Eddy's plugin are a compile error that says so,
// never a silent no-op.
// RUN: not %clang -fsyntax-only -I%eddy-include %s 2>&1 | FileCheck %s
// CHECK: EDDY_INACTIVE_FUNCTION needs Eddy's Clang plugin: compile with -fplugin=
#include <eddy/eddy.h>
void log_event(double);
EDDY_INACTIVE_FUNCTION(log_event)
