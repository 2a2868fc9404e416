#!/usr/bin/env bash
# Soak test: drives the kiosk in tmux with random keys (letters, Hangul,
# digits, Enter, arrows, Backspace, F5, F12, Esc, pastes) for DURATION
# seconds (default 1800) and samples the kiosk's memory every 10 s, so a
# leak shows as a rising line. Writes target/soak/memory.csv and prints a
# summary (first, last, min, max RSS in MB).
#
#     cargo build --release && benches/soak.sh [DURATION]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${1:-1800}"
out="$here/target/soak"
mkdir -p "$out"
command -v tmux >/dev/null || { echo "soak.sh needs tmux" >&2; exit 2; }
session="minwon-soak-$$"
config="$out/soak.toml"
# A short idle reset, so the run also crosses many resets; no speech engine
# is needed (a missing one only hides the Listen option).
printf '[ui]\nidle_seconds = 20\ncountdown_seconds = 5\nstaff_pin = "918273"\nlog_path = "%s/soak-log.jsonl"\n' "$out" > "$config"
tmux new-session -d -s "$session" -x 100 -y 30 \
    "cd '$here' && target/release/minwon --config '$config' ui --mode kiosk"
trap 'tmux kill-session -t "$session" 2>/dev/null || true' EXIT
sleep 5
pid=$(pgrep -f "minwon --config $config ui" | head -1)
[ -n "$pid" ] || { echo "the kiosk did not start" >&2; exit 2; }

keys=(a b c x 1 2 3 4 5 6 7 8 9 0 Enter Enter Enter BSpace Up Down PPage NPage F5 F12 Escape '*' '#' Space)
words=("여권" "아기 낳았어요" "등본뗄라면" "65세 어르신 혜택" "lost my id card" "wjsdlqtlsrh" "ㅋㅋㅋ" "🙂🙂" "1인 가구")
echo "seconds,rss_mb" > "$out/memory.csv"
start=$(date +%s)
next_sample=0
while :; do
    now=$(( $(date +%s) - start ))
    [ "$now" -lt "$duration" ] || break
    if [ $((RANDOM % 4)) -eq 0 ]; then
        tmux send-keys -t "$session" -l "${words[$((RANDOM % ${#words[@]}))]}"
        tmux send-keys -t "$session" Enter
    else
        tmux send-keys -t "$session" "${keys[$((RANDOM % ${#keys[@]}))]}"
    fi
    sleep 0.$((RANDOM % 5 + 1))
    if [ "$now" -ge "$next_sample" ]; then
        kill -0 "$pid" 2>/dev/null || { echo "the kiosk died at ${now}s" >&2; exit 1; }
        rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status")
        echo "$now,$rss" >> "$out/memory.csv"
        next_sample=$((next_sample + 10))
    fi
done
kill -0 "$pid" 2>/dev/null || { echo "the kiosk died" >&2; exit 1; }
awk -F, 'NR==2 {first=$2; min=$2; max=$2} NR>1 {last=$2; if ($2<min) min=$2; if ($2>max) max=$2}
    END {printf "samples %d, RSS first %d MB, last %d MB, min %d MB, max %d MB\n", NR-1, first, last, min, max}' "$out/memory.csv"
