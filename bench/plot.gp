# bench/plot.gp: bench의 CSV(--csv=FILE)로 지연과 처리량의 그림을 그린다 (gnuplot 5).
#
#   make bench PLOT=1                     bench를 돌리고 bench-out/ 에 네 파일을 만든다
#   gnuplot -e "csv='bench-out/bench.csv'; out='bench-out'" bench/plot.gp     CSV가 이미 있을 때
#
# 만드는 것 (out 디렉터리):
#   latency.svg, latency.png        방식마다 왕복 p50 (막대)와 반복의 [최소, 최대] (오차 막대), 로그 눈금.
#                                   점선은 같은 실행의 바닥: 1바이트 pipe 왕복 (잠드는 방식은 그 위에 선다)
#   throughput.svg, throughput.png  방식마다 크기에 따른 MB/s (선)와 [최소, 최대], 두 축 모두 로그 눈금.
#                                   굵은 점선은 같은 실행의 한계 copy + verify, 가는 점선은 memcpy 한 번
#
# CSV의 열: section,mechanism,size,metric,unit,median,min,max,runs,check (bench --help의 --format).
# 줄은 grep으로 고른다 (gnuplot의 "< 명령" 입력): 파일 이름에 작은따옴표가 없어야 한다.
# 읽을 것: gnuplot의 help plot, help logscale, help errorbars

if (!exists("csv")) csv = "bench-out/bench.csv"
if (!exists("out")) out = "bench-out"

rows(pattern) = sprintf("< grep -E '%s' '%s'", pattern, csv)

set datafile separator ","
# 방식 열한 가지가 서로 다른 색이 되게 (기본 8색은 되풀이된다): 색 11개를 돌려 쓴다
array colors[11] = ["#332288", "#117733", "#44aa99", "#88ccee", "#ddcc77", "#cc6677", "#aa4499", \
                    "#882255", "#e69f00", "#000000", "#999999"]
do for [i = 1:11] { set linetype i lc rgb colors[i] pt i }
set linetype cycle 11
set grid ytics mytics lc rgb "#dddddd"
set key outside right top

# 그림 하나를 SVG와 PNG 두 가지로: 같은 plot 명령을 터미널만 바꿔 두 번 부른다 (replot)
svg(name) = sprintf("set terminal svg size 960,540 dynamic font 'sans,12' background rgb 'white'; set output '%s/%s.svg'", out, name)
png(name) = sprintf("set terminal pngcairo size 960,540 font 'sans,10'; set output '%s/%s.png'", out, name)

# ---- 지연: 방식마다 p50 -------------------------------------------------------------------
stats rows('^ceiling,floor,1,p50,') using 6 nooutput
floor = STATS_min
set title "Round trip of one message (ping-pong), p50 with [min, max] of the runs; dashed: 1-byte pipe floor"
set ylabel "microseconds (log scale)"
set logscale y
set xtics rotate by -30 nomirror
set style fill solid 0.6 border -1
set boxwidth 0.6
set yrange [*:*]
set arrow 1 from graph 0, first floor to graph 1, first floor nohead dt 2 lw 2 lc rgb "#cc0000" front
set label 1 sprintf("floor %.3g us", floor) at graph 0.01, first floor offset 0, 0.7 tc rgb "#cc0000" front
eval svg("latency")
plot rows('^latency,[^,]*,[0-9]+,p50,') using 0:6:xticlabels(2) with boxes lc rgb "#4477aa" title "p50", \
     ''                                 using 0:6:7:8 with yerrorbars lc rgb "black" pt 0 title "[min, max]"
eval png("latency")
replot
unset arrow 1
unset label 1
unset xtics
set xtics nomirror

# ---- 처리량: 크기마다 MB/s ------------------------------------------------------------------
# 그릴 방식의 목록: 처리량 줄이 있는 방식 (CSV는 방식마다 모여 있으니 uniq로 충분하다)
mechs = system(sprintf("grep -E '^throughput,[^,]*,[0-9]+,MB_per_s,' '%s' | cut -d, -f2 | uniq", csv))
set title "One-way stream: MB/s by message size, [min, max] of the runs; dashed: ceilings of the same run"
set ylabel "MB/s (10^6 bytes, log scale)"
set xlabel "message size in bytes, header included (log scale)"
set logscale xy
# 눈금은 4의 거듭제곱마다, bench의 크기 표기로 (bench가 받는 크기는 32 B ~ 16 MiB)
set xtics ("16 B" 16, "64 B" 64, "256 B" 256, "1 KiB" 1024, "4 KiB" 4096, "16 KiB" 16384, "64 KiB" 65536, \
           "256 KiB" 262144, "1 MiB" 1048576, "4 MiB" 4194304, "16 MiB" 16777216)
set autoscale xfix
set offsets graph 0.04, graph 0.04, 0, 0
set key outside right top
eval svg("throughput")
plot for [m in mechs] rows(sprintf('^throughput,%s,[0-9]+,MB_per_s,', m)) using 3:6:7:8 \
         with yerrorlines lw 2 title m, \
     rows('^ceiling,copy_verify,') using 3:6 with lines dt 2 lw 3 lc rgb "black" title "copy + verify", \
     rows('^ceiling,memcpy,') using 3:6 with lines dt 3 lw 1 lc rgb "gray40" title "memcpy"
eval png("throughput")
replot
set output
