// Package budget bounds the memory a parser may allocate for its input:
// hostile input must cost memory linear in its size. The resource tests and
// the fuzz targets of every parser assert the same budget, so that the
// fuzzer finds the next quadratic path.
package budget

import (
	"fmt"
	"runtime"
)

// The budget of one parse of n bytes: Factor*n + Slack bytes allocated. The
// factor covers a dense array of tiny objects, the costliest linear shape:
// 12 to 20 bytes such as "{\"id\":1}" or {"name":"l","id":1} become a Label
// of about 150 bytes in a slice that grows by doubling. Measured worst cases:
// 26 bytes per byte for labels or tracks as objects in event.Parse (51 when
// it decoded through a wire struct), 67 per body byte for labels as JSON
// strings through the whole dingcallback handler (measured with the wire
// struct). The slack covers fixed costs (maps, the payload struct, an
// error). A quadratic path exceeds the budget by orders of magnitude at the
// sizes the tests use (800 nested Desk relays allocated 1500 bytes per input
// byte).
const (
	Factor = 96
	Slack  = 64 << 10
)

// Allowed returns the bytes a parse of n bytes may allocate.
func Allowed(n int) uint64 { return uint64(Factor)*uint64(max(n, 0)) + Slack } //nolint:gosec // n >= 0

// Measure returns the bytes allocated while f runs. Run it where no other
// goroutine allocates much: not in a parallel test.
func Measure(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Check runs f on an input of n bytes twice and returns an error when the
// second run allocated more than Allowed(n). The first run pays what is built
// once, on first use, whatever the input (package event builds its registry
// index on first use): that is not the cost of this input. f
// must give the same result each time it runs.
func Check(n int, f func()) error {
	f()
	if got := Measure(f); got > Allowed(n) {
		return fmt.Errorf("allocated %d bytes for %d bytes of input: %.1f per byte, budget %d per byte + %d",
			got, n, float64(got)/float64(max(n, 1)), Factor, Slack)
	}
	return nil
}
