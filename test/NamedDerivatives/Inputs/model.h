/* A small model library whose gradient is exported by name. The translation
 * unit that defines the model (model.c) is compiled with Eddy's plugin and
 * defines the derivatives; callers in C, C++ or Python only link to them.
 * Callers compiled without the plugin define EDDY_DECLARATIONS_ONLY. */
#ifndef MODEL_H
#define MODEL_H
#include <eddy/eddy.h>
#ifdef __cplusplus
extern "C" {
#endif

/* Mean squared error of a one-hidden-unit model tanh(w0 + w1 x) * w2 over n
 * samples (x, y); w holds the 3 parameters. */
double model_loss(const double *w, const double *x, const double *y, int n);

/* d loss / d w, ADDED into d_w (x and y are data). */
void model_loss_grad(const double *w, double *d_w, const double *x,
                     const double *y, int n) EDDY_GRADIENT_OF(model_loss, "w");

/* Directional derivative of the loss along t_w. */
double model_loss_dir(const double *w, const double *t_w, const double *x,
                      const double *y, int n) EDDY_TANGENT_OF(model_loss, "w");

/* A scalar function with every argument active by default. */
double bump(double a, double b);
void bump_grad(double a, double *d_a, double b, double *d_b) EDDY_GRADIENT_OF(bump);

#ifdef __cplusplus
}
#endif
#endif
