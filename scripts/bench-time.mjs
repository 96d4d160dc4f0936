// Timing shared by the Node benchmarks (bench-wasm, layout-compare): the times of `runs` calls of
// `f` after warm-up calls, sorted, in ms.
//
// The warm-up is not one call: V8 first runs WebAssembly from its baseline compiler (Liftoff) and
// recompiles a function with the optimising one (TurboFan) only once it is hot, in the background.
// A draw of 50 VPCs took ~15 calls to get there (the full core at opt-level 3: 40-50 ms per call,
// then 11 ms), so a single warm-up timed mostly baseline code, and larger builds, which have more
// to recompile, looked slower than they are. An editor makes that many calls in its first minute.
const WARMUP_CALLS = 20;
const WARMUP_MS = 3000;

/** @param {() => unknown} f @param {number} runs @returns {number[]} ascending */
export function timedRuns(f, runs) {
  const warmup = performance.now();
  for (let i = 0; i < WARMUP_CALLS && (i === 0 || performance.now() - warmup < WARMUP_MS); i += 1) f();
  const times = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    f();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

/** The median of `times` (any order). */
export const median = (times) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
