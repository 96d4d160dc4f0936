#!/usr/bin/env bash
# Compare vpcmap's layout with elkjs (ELK Layered) on generated topologies, scored by one checker.
#
# Usage: scripts/elk-compare.sh [SIZE...]      (default sizes: 10 50 200 1000 VPCs)
#   RUNS=N        timing runs per engine and size (median reported; default 3)
#   ELK_COMPARE   the elk-compare folder (default: ../shared/bench/elk-compare)
#   SKIP_BUILD=1  use the existing target/release/vpcmap
#   SHAPE         the generated topology's shape: chain (default) or hub-mesh (`vpcmap sample --shape`)
#
# For each size: `vpcmap sample --vpcs N` writes the document, `vpcmap layout` its layout,
# elk-compare's run.sh lays the same graph (containment, leaf sizes, edges) out with elkjs,
# and `vpcmap layout-check` scores both. vpcmap's time is `layout::run` alone (native, release
# build, import excluded); ELK's is elk-compare's median in Node. elkjs is installed under
# target/elk-compare/, never committed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
elk_dir=${ELK_COMPARE:-$root/../shared/bench/elk-compare}
runs=${RUNS:-3}
shape=${SHAPE:-chain}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 50 200 1000)
work=$root/target/elk-compare
mkdir -p "$work"
export VPCMAP_ELK_CACHE=$work/cache
[ -n "${SKIP_BUILD:-}" ] || cargo build --release --quiet --bin vpcmap
bin=$root/target/release/vpcmap

rows=()
for n in "${sizes[@]}"; do
  doc=$work/doc-$shape-$n.json
  "$bin" sample --vpcs "$n" --shape "$shape" >"$doc"
  "$bin" layout "$doc" -o "$work/vpcmap-$shape-$n.json"
  elk_time=$("$elk_dir/run.sh" "$work/vpcmap-$shape-$n.json" "$work/elk-$shape-$n.json" --runs "$runs")
  vpcmap_score=$("$bin" layout-check "$work/vpcmap-$shape-$n.json" --time "$doc" --runs "$runs" | tr -d "\n" || true)
  elk_score=$("$bin" layout-check "$work/elk-$shape-$n.json" | tr -d "\n" || true)
  rows+=("$(printf '{"vpcs":%s,"elkTime":%s,"vpcmap":%s,"elk":%s}' "$n" "$elk_time" "$vpcmap_score" "$elk_score")")
done

printf '%s\n' "${rows[@]}" | node -e '
const rows = require("fs").readFileSync(0, "utf8").trim().split("\n").map((l) => JSON.parse(l));
const f = (v, d = 0) => Number(v).toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
console.log("| VPCs | boxes | edges | engine | time ms | crossings | edge length | bends | area (Mu²) | aspect | through boxes | shared runs | violations |");
console.log("|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const r of rows) {
  for (const [name, s, ms] of [["vpcmap", r.vpcmap, r.vpcmap.layoutMs], ["elkjs", r.elk, r.elkTime.elk_ms]]) {
    const m = s.metrics;
    console.log(`| ${r.vpcs} | ${m.nodes} | ${m.edges} | ${name} | ${f(ms, 1)} | ${f(m.crossings)} | ${f(m.edgeLength)} | ${f(m.bends)} | ${f(m.area / 1e6, 1)} | ${f(m.aspect, 2)} | ${f(m.throughBoxes)} | ${f(m.sharedRuns)} | ${s.violations} |`);
  }
}'
