// Package goharness holds benchmarks whose real `go test -bench` output the Go adapter tests
// ingest: MB/s from b.SetBytes, B/op and allocs/op from -benchmem, a custom metric from
// b.ReportMetric, and sub-benchmarks.
package goharness

import (
	"sort"
	"testing"
)

var sink []byte

func BenchmarkCopy(b *testing.B) {
	source := make([]byte, 4096)
	b.SetBytes(int64(len(source)))
	for i := 0; i < b.N; i++ {
		target := make([]byte, len(source))
		copy(target, source)
		sink = target
	}
}

func BenchmarkSort(b *testing.B) {
	for _, size := range []int{16, 256} {
		b.Run("size="+itoa(size), func(b *testing.B) {
			compares := 0
			for i := 0; i < b.N; i++ {
				values := make([]int, size)
				for j := range values {
					values[j] = size - j
				}
				sort.Slice(values, func(x, y int) bool {
					compares++
					return values[x] < values[y]
				})
			}
			b.ReportMetric(float64(compares)/float64(b.N), "compares/op")
		})
	}
}

func itoa(value int) string {
	digits := ""
	for ; value > 0; value /= 10 {
		digits = string(rune('0'+value%10)) + digits
	}
	return digits
}
