# gnuplot -e "data='results.csv'; out='results.png'" bench/compile/plot.gp
# One log-log panel per shape: compile CPU seconds against size, for the
# plain compile and Eddy's forward and reverse requests, at -O0 and -O2, and
# at -O2 Eddy's own time (the static-f compile less the plain IR compile,
# run.py), whose growth the linearity target is about.
set terminal pngcairo size 1600,800 font ",10"
set output out
set datafile separator ","
set logscale xy
set grid
set key top left font ",8"
set multiplot layout 2,4 title "Compile time (CPU s) against size (statements), log-log"
shapes = "straight loop switch nest8 chain kinetics kinetics-loop"
sel(s, l, c) = (strcol(1) eq s && column(3) == l && strcol(c) ne "") ? column(c) : NaN
own(s, c) = (strcol(1) eq s && column(3) == 2 && strcol(c) ne "" && strcol(12) ne "" \
             && column(c) > column(12)) ? column(c) - column(12) : NaN
do for [i=1:words(shapes)] {
  s = word(shapes, i)
  set title s
  plot data skip 1 using 2:(sel(s, 0, 4)) with linespoints lc 1 dt 2 title "plain -O0", \
       ''   skip 1 using 2:(sel(s, 0, 5)) with linespoints lc 2 dt 2 title "fwd -O0", \
       ''   skip 1 using 2:(sel(s, 0, 6)) with linespoints lc 3 dt 2 title "rev -O0", \
       ''   skip 1 using 2:(sel(s, 2, 4)) with linespoints lc 1 title "plain -O2", \
       ''   skip 1 using 2:(sel(s, 2, 5)) with linespoints lc 2 title "fwd -O2", \
       ''   skip 1 using 2:(sel(s, 2, 6)) with linespoints lc 3 title "rev -O2", \
       ''   skip 1 using 2:(own(s, 10)) with linespoints lc 4 dt 3 title "own fwd -O2", \
       ''   skip 1 using 2:(own(s, 11)) with linespoints lc 7 dt 3 title "own rev -O2"
}
unset multiplot
