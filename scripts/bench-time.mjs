// Timing shared by the Node benchmarks (bench-wasm, layout-compare): the times of `runs` calls of
// `f` after one warm-up call (the first call compiles and fills caches), sorted, in ms.

/** @param {() => unknown} f @param {number} runs @returns {number[]} ascending */
export function timedRuns(f, runs) {
  f();
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
