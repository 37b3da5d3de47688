// --list prints nothing for a source without derivative requests.
// RUN: %eddy-transform --list --emit=none %s -- | count 0
double twice(double x) { return 2 * x; }
