// -fplugin-arg-eddy-no-cleanup is accepted.
// RUN: %eddy-clang -O2 -c -fplugin-arg-eddy-no-cleanup %s -o %t.o
int main(void) { return 0; }
