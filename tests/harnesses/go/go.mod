module perfwatch.test/goharness

go 1.19
