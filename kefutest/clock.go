package kefutest

import (
	"sync"
	"time"
)

// Clock is a clock a test moves by hand, for the WithClock options of the
// receivers and stores. It is safe for concurrent use.
//
//	clk := kefutest.NewClock(time.Unix(1700000000, 0))
//	store, _ := dedup.NewMemory(time.Hour, dedup.WithClock(clk.Now))
//	clk.Advance(2 * time.Hour) // every key expired
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// NewClock returns a Clock that reads start until it is advanced.
func NewClock(start time.Time) *Clock { return &Clock{now: start} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
