// The "library" half of void-tangent-rule-value-names.c: compiled with it, but
// Eddy differentiating that file sees only the declaration.
void lib_triple(double *x) { x[0] *= 3.0; }
