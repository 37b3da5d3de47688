# gnuplot -e "data='results.csv'; out='results.png'" bench/checkpoint/plot.gp
# The memory/time trade-off of checkpointing the heat stepper's time loop, log
# axes, one curve per variant (stored tape; binomial with S snapshots), the
# points being the numbers of steps: (1) the gradient's peak RSS against its
# CPU time; (2) the peak RSS against the steps; (3) gradient/primal CPU time
# against the steps.
# Columns of results.csv: 1 variant, 3 steps, 4 primal_s, 5 grad_s, 9 grad_mb,
# 16 error (rows with one are left out).
set terminal pngcairo size 1800,600 font ",10"
set output out
set datafile separator ","
set logscale xy
set grid
set key top left font ",9"
variants = "tape 4 16 64 256"
label(v) = (v eq "tape") ? "stored tape" : sprintf("S = %s", v)
sel(v, c) = (strcol(1) eq v && strcol(16) eq "" && strcol(c) ne "") ? column(c) : NaN
set multiplot layout 1,3 title "Heat stepper (128 cells), gradient by checkpointed reverse mode: binomial, snapshots(S)"

set title "peak RSS against gradient time (points: 10^3..10^6 steps)"
set xlabel "gradient CPU seconds"
set ylabel "gradient peak RSS (MB)"
plot for [i=1:words(variants)] data skip 1 \
     using (sel(word(variants, i), 5)):(sel(word(variants, i), 9)) \
     with linespoints lw 2 pt 7 title label(word(variants, i))

set title "peak RSS against steps"
set xlabel "steps"
set ylabel "gradient peak RSS (MB)"
plot for [i=1:words(variants)] data skip 1 \
     using (sel(word(variants, i), 3)):(sel(word(variants, i), 9)) \
     with linespoints lw 2 pt 7 title label(word(variants, i))

set title "gradient time / primal time"
set xlabel "steps"
set ylabel "gradient CPU s / primal CPU s"
plot for [i=1:words(variants)] data skip 1 \
     using (sel(word(variants, i), 3)):(sel(word(variants, i), 5) / sel(word(variants, i), 4)) \
     with linespoints lw 2 pt 7 title label(word(variants, i))
unset multiplot
