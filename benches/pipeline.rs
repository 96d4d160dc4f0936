//! Speed of each stage on generated topologies (`vpcmap::sample::generated`): validation at
//! 50–5000 VPCs, one trace on 1000 VPCs after indexing, the full subnet matrix of 200 VPCs
//! (1000 subnets), and layout at 50–1000 VPCs. Run with `cargo bench --bench pipeline`; the
//! README's table comes from here. Timing belongs here, never in tests.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use std::hint::black_box;
use std::time::Duration;
use vpcmap::reach::{self, Index, MatrixQuery, Query};
use vpcmap::sample::generated;

fn validate(c: &mut Criterion) {
    let mut group = c.benchmark_group("validate");
    group.measurement_time(Duration::from_secs(5));
    for n in [50, 200, 1000, 5000] {
        let topo = generated(n);
        group.bench_with_input(BenchmarkId::from_parameter(n), &topo, |b, topo| {
            b.iter(|| vpcmap::validate::run(black_box(topo)))
        });
    }
    group.finish();
}

fn trace(c: &mut Criterion) {
    let topo = generated(1000);
    let index = Index::new(&topo);
    // Across the chain of peerings: vpc-10 → vpc-11 (peered), both ways, SGs and all.
    let query = Query {
        from: "i-10".to_string(),
        to: "i-11".to_string(),
        protocol: Some("tcp".to_string()),
        port: Some(443),
    };
    assert!(index.trace(&query).map(|t| t.reachable).unwrap_or(false));
    c.bench_function("trace/1000 (indexed)", |b| {
        b.iter(|| index.trace(black_box(&query)))
    });
    c.bench_function("trace/1000 (index + trace)", |b| {
        b.iter(|| reach::trace(black_box(&topo), black_box(&query)))
    });
}

fn matrix(c: &mut Criterion) {
    let topo = generated(200);
    let query = MatrixQuery {
        protocol: Some("tcp".to_string()),
        port: Some(443),
    };
    let mut group = c.benchmark_group("matrix");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("200 VPCs, 1000 subnets", |b| {
        b.iter(|| reach::matrix(black_box(&topo), black_box(&query)))
    });
    group.finish();
}

fn layout(c: &mut Criterion) {
    let mut group = c.benchmark_group("layout");
    group.sample_size(10);
    for n in [50, 200, 1000] {
        let topo = generated(n);
        group.bench_with_input(BenchmarkId::from_parameter(n), &topo, |b, topo| {
            b.iter(|| vpcmap::layout::run(black_box(topo)))
        });
    }
    group.finish();
}

criterion_group!(benches, validate, trace, matrix, layout);
criterion_main!(benches);
