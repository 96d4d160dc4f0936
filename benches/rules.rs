//! Where validation spends its time: each rule function's share of `validate::run` on generated
//! topologies (`vpcmap::sample::generated`), the slowest first. `cargo bench --bench rules
//! [-- N…]` (default 1000 and 5000 VPCs); each size runs 5 times and reports the median per
//! rule. A profile to steer work, not a regression gate: the totals are criterion's
//! (`--bench pipeline`).

// A bench binary reports on standard output; the lint is for the library and the CLI.
#![allow(clippy::print_stdout)]

use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use vpcmap::sample::generated;

const RUNS: usize = 5;
const SHOWN: usize = 40;

fn profile(n: usize) {
    let topo = generated(n);
    let mut samples: BTreeMap<&'static str, Vec<Duration>> = BTreeMap::new();
    let mut totals = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        let mut last = start;
        vpcmap::validate::run_observed(&topo, &mut |code| {
            let now = Instant::now();
            samples.entry(code).or_default().push(now - last);
            last = now;
        });
        totals.push(start.elapsed());
    }
    let median = |mut v: Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let total = median(totals);
    let mut rows: Vec<(&str, Duration)> = samples
        .into_iter()
        .map(|(code, v)| (code, median(v)))
        .collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    println!("validate {n} VPCs: {:.1} ms (median of {RUNS})", ms(total));
    for (code, time) in rows.iter().take(SHOWN) {
        println!("  {:>8.2} ms  {code}", ms(*time));
    }
    let rest: Duration = rows.iter().skip(SHOWN).map(|r| r.1).sum();
    println!(
        "  {:>8.2} ms  ({} other rule functions)",
        ms(rest),
        rows.len().saturating_sub(SHOWN)
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    // `cargo bench` passes `--bench`; anything numeric is a size.
    let sizes: Vec<usize> = std::env::args().filter_map(|a| a.parse().ok()).collect();
    for n in if sizes.is_empty() {
        vec![1000, 5000]
    } else {
        sizes
    } {
        profile(n);
    }
}
