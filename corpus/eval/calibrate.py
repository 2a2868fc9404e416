"""Sweeps minwon's decision thresholds over labelled questions and prints the
best settings: the most questions helped (right answer, or right one among
the choices) and the most answered outright, subject to at most 3% of in-scope
questions answered wrongly and at least 85% of out-of-scope ones rejected.

    minwon ask --json --top-k 5 < questions.txt > replies.jsonl
    python3 corpus/eval/calibrate.py corpus/eval/dev.jsonl ../shared/data/clinc150/calibration.jsonl

(it runs `minwon ask` itself with the binary named by $MINWON, default
target/release/minwon, and extra global options from $MINWON_ARGS). Thresholds: answer, margin, choice (docs/QUALITY.md).
"""

import itertools
import json
import os
import subprocess
import sys


def load(paths):
    rows = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            rows += [json.loads(line) for line in f if line.strip()]
    return rows


def replies(questions):
    binary = os.environ.get("MINWON", "target/release/minwon")
    extra = os.environ.get("MINWON_ARGS", "").split()
    text = "".join(q["q"].replace("\n", " ") + "\n" for q in questions)
    out = subprocess.run([binary, *extra, "ask", "--json", "--top-k", "5"], input=text, capture_output=True, text=True, check=True)
    return [json.loads(line) for line in out.stdout.splitlines()]


def decide(scores, answer, margin, choice):
    best, second = scores[0], scores[1] if len(scores) > 1 else 0.0
    if best >= answer and best - second >= margin:
        return "answer"
    if best >= choice:
        return "choices"
    return "no_match"


def evaluate(data, answer, margin, choice, max_choices=3):
    helped = wrong = answered = in_scope = oos = rejected = 0
    for q, r, empty in data:
        ids = [h["id"] for h in r["results"]]
        scores = [h["score"] for h in r["results"]]
        d = "no_match" if empty else decide(scores, answer, margin, choice)
        if q["id"] == "none":
            oos += 1
            rejected += d == "no_match"
            continue
        in_scope += 1
        if d == "answer":
            answered += 1
            if ids[0] == q["id"]:
                helped += 1
            else:
                wrong += 1
        elif d == "choices":
            offered = max(2, sum(1 for s in scores[:max_choices] if s >= choice))
            helped += q["id"] in ids[:offered]
    return {
        "helped": helped / max(in_scope, 1),
        "wrong": wrong / max(in_scope, 1),
        "answered": answered / max(in_scope, 1),
        "oos_rejected": rejected / max(oos, 1),
    }


def main():
    questions = load(sys.argv[1:])
    data = [(q, r, not any(c.isalnum() for c in q["q"])) for q, r in zip(questions, replies(questions))]
    grid = [x / 100 for x in range(20, 100, 2)]
    margins = [x / 100 for x in range(0, 30, 2)]
    best = []
    for answer, margin, choice in itertools.product(grid, margins, grid):
        if choice > answer:
            continue
        m = evaluate(data, answer, margin, choice)
        if m["wrong"] <= 0.03 and m["oos_rejected"] >= 0.85:
            best.append((m["helped"], m["answered"], answer, margin, choice, m))
    best.sort(reverse=True)
    print(f"{len(questions)} questions; best settings (helped, answered, answer, margin, choice):")
    for row in best[:10]:
        print(" ", row[:5], {k: round(v, 3) for k, v in row[5].items()})


if __name__ == "__main__":
    main()
