use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use otp_plan_core::prd;
use pulldown_cmark::Parser;

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    let inputs = [
        ("10KB", otp_plan_bench::prd(10 << 10)),
        ("1MB", otp_plan_bench::prd(1 << 20)),
        ("8MB", otp_plan_bench::prd(8 << 20)),
        ("fixtures_1MB", otp_plan_bench::corpus(1 << 20)),
    ];
    for (name, input) in inputs {
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("pulldown_cmark_events", name),
            &input,
            |b, input| {
                b.iter(|| Parser::new_ext(black_box(input), prd::document::options()).count())
            },
        );
        group.bench_with_input(BenchmarkId::new("prd_parse", name), &input, |b, input| {
            b.iter(|| prd::parse(black_box(input.as_bytes())).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
