package event_test

import (
	"encoding/json"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/event"
)

// retained returns the heap bytes that n results of decode keep alive, per
// result, after a garbage collection.
func retained(t *testing.T, n int, decode func() any) float64 {
	t.Helper()
	keep := make([]any, n)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range keep {
		keep[i] = decode()
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(keep)
	return float64(after.HeapAlloc-before.HeapAlloc) / float64(n)
}

// A parsed event keeps only its own fields alive, not a wire copy: at most
// 1.25× what the hand-written mirror of the same payload keeps (the payload
// types carry the fixed Header and the fields of every shape, so they are a
// little larger than a one-shape mirror).
func TestRetainedHeap(t *testing.T) {
	// Not parallel: it measures the heap.
	cases := []struct {
		file   string
		mirror func(data []byte) any
	}{
		{"user_add_org.legacy.json", func(data []byte) any { m := new(mirrorUserAdd); _ = json.Unmarshal(data, m); return m }},
		{"bpms_task_change.legacy.json", func(data []byte) any { m := new(mirrorTaskChange); _ = json.Unmarshal(data, m); return m }},
	}
	for _, c := range cases {
		data := readFixture(t, c.file)
		_, err := event.Parse(data) // build the registry index first
		require.NoError(t, err)
		const n = 20000
		mirror := retained(t, n, func() any { return c.mirror(data) })
		parsed := retained(t, n, func() any { ev, _ := event.Parse(data); return ev })
		t.Logf("%s: event.Parse keeps %.0f B per event, the mirror %.0f B (%.2f×)", c.file, parsed, mirror, parsed/mirror)
		assert.LessOrEqual(t, parsed, 1.25*mirror, c.file)
	}
}
