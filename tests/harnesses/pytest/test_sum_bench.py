# A parametrised pytest-benchmark benchmark whose real JSON output the pytest_benchmark adapter
# tests read. Run by tests/adapters/pytest_benchmark_test.cpp with Debian's pytest-benchmark.
import pytest


@pytest.mark.parametrize("size", [10, 1000])
def test_sum(benchmark, size):
    benchmark(sum, range(size))


def test_sorted(benchmark):
    benchmark(sorted, [3, 1, 2])
