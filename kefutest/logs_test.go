package kefutest_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kefu-go/kefu/kefutest"
)

func TestLogBuffer(t *testing.T) {
	t.Parallel()
	var b kefutest.LogBuffer
	log := b.Logger()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			log.Debug("retrying", "attempt", 2)
		})
	}
	wg.Wait()
	out := b.String()
	assert.Equal(t, 8, countLines(out))
	assert.Contains(t, out, "level=DEBUG msg=retrying attempt=2")
}

func countLines(s string) int {
	n := 0
	for _, c := range s {
		if c == '\n' {
			n++
		}
	}
	return n
}
