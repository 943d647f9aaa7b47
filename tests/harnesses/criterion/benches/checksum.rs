// A small Criterion suite whose target/criterion folder is the fixture of the
// criterion_directory adapter: a plain benchmark, a parameterised group with byte throughput,
// and one with element throughput.
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn fnv1a(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf29ce484222325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x100000001b3)
    })
}

fn plain(c: &mut Criterion) {
    c.bench_function("fnv1a 64 bytes", |b| b.iter(|| fnv1a(black_box(&[7u8; 64]))));
}

fn by_size(c: &mut Criterion) {
    let mut group = c.benchmark_group("checksum");
    for size in [256usize, 4096] {
        let data = vec![1u8; size];
        group.throughput(Throughput::Bytes(size as u64));
        group.bench_with_input(BenchmarkId::new("fnv1a", size), &data, |b, data| {
            b.iter(|| fnv1a(black_box(data)))
        });
    }
    group.finish();
}

fn by_elements(c: &mut Criterion) {
    let mut group = c.benchmark_group("sum");
    let values: Vec<u64> = (0..1000).collect();
    group.throughput(Throughput::Elements(values.len() as u64));
    group.bench_function("u64x1000", |b| b.iter(|| black_box(&values).iter().sum::<u64>()));
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).warm_up_time(std::time::Duration::from_millis(200))
        .measurement_time(std::time::Duration::from_millis(500));
    targets = plain, by_size, by_elements
}
criterion_main!(benches);
