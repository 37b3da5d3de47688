/* Includes the model's header with the plugin but does not define the
 * model: the derivatives must not be defined here (no duplicate symbols). */
#include "model.h"
double other_unit(const double *w) { return w[0]; }
