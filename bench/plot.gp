# gnuplot -e "datafile='plot.dat'; outfile='results.png'" bench/plot.gp
set terminal pngcairo size 1400,650 font ",11"
set output outfile
set title "Derivative cost / primal cost (median, lower is better; log scale)"
set style data histogram
set style histogram cluster gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set logscale y
set yrange [0.5:*]
set grid ytics
set ylabel "× primal"
set xtics rotate by -20 scale 0
set key top left
plot for [c=2:6] datafile using c:xtic(1) title columnheader(c)
