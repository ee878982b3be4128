package backoff

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// Each wait lies between half and all of base doubled per attempt, capped.
func TestExponentialBounds(t *testing.T) {
	t.Parallel()
	base, maxWait := 200*time.Millisecond, 5*time.Second
	for n, full := range map[int]time.Duration{
		0: base, 1: base, 2: 2 * base, 3: 4 * base, 5: 16 * base, 6: maxWait, 40: maxWait, 200: maxWait,
	} {
		for range 100 {
			d := Exponential(base, maxWait, n)
			assert.GreaterOrEqual(t, d, full/2, "attempt %d", n)
			assert.LessOrEqual(t, d, full, "attempt %d", n)
		}
	}
}

func TestSleep(t *testing.T) {
	t.Parallel()
	assert.NoError(t, Sleep(context.Background(), time.Millisecond))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, Sleep(ctx, time.Hour), context.Canceled)
}
