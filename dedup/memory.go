package dedup

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"
)

// DefaultMaxKeys is how many keys a Memory store holds unless WithMaxKeys
// says otherwise: about 20 MB of keys of DingTalk's length.
const DefaultMaxKeys = 100_000

// sweepBatch is how many expired keys one call removes at most, so that no
// call pauses to sweep the whole store. Each call adds at most one key, so
// the sweep keeps up.
const sweepBatch = 4

// Option configures a Memory store; options validate their arguments.
type Option func(*Memory) error

// WithMaxKeys bounds the number of keys held; when a new key would exceed
// it, the oldest key is evicted first (even one still in flight, whose next
// delivery is then dispatched again). n must be positive.
func WithMaxKeys(n int) Option {
	return func(m *Memory) error {
		if n <= 0 {
			return fmt.Errorf("dedup: WithMaxKeys(%d): the bound must be positive", n)
		}
		m.max = n
		return nil
	}
}

// WithClock sets the clock leases and the TTL are measured with; the
// default is time.Now.
func WithClock(now func() time.Time) Option {
	return func(m *Memory) error {
		if now == nil {
			return errors.New("dedup: WithClock(nil)")
		}
		m.now = now
		return nil
	}
}

// Memory is an in-process Store: correct under concurrency, bounded in the
// number of keys (oldest evicted first), and without sweeps that pause: each
// call does a constant amount of work. It suits a single replica; replicas
// behind one callback URL need a shared Store such as redisdedup.
type Memory struct {
	ttl time.Duration
	max int
	now func() time.Time

	mu         sync.Mutex
	keys       map[string]*entry
	head, tail *entry // oldest first: insertion order, a completed key moves to the back
	seq        uint64
	visited    int // entries the last call swept or evicted, for tests
}

// entry is a key held in flight (token != 0) or done (token == 0).
type entry struct {
	key        string
	token      uint64
	expiry     time.Time
	prev, next *entry
}

// NewMemory returns a Memory store that remembers completed keys for ttl.
// DingTalk redelivers a failed event for hours: a ttl of a day is a sound
// choice.
func NewMemory(ttl time.Duration, opts ...Option) (*Memory, error) {
	if ttl <= 0 {
		return nil, fmt.Errorf("dedup: NewMemory(%s): the ttl must be positive", ttl)
	}
	m := &Memory{ttl: ttl, max: DefaultMaxKeys, now: time.Now, keys: make(map[string]*entry)}
	for _, opt := range opts {
		if err := opt(m); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// Claim implements Store.
func (m *Memory) Claim(_ context.Context, key string, lease time.Duration) (Claim, error) {
	if lease <= 0 {
		return Claim{}, fmt.Errorf("dedup: Claim: the lease %s must be positive", lease)
	}
	now := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.visited = m.sweep(now)
	e := m.keys[key]
	if e != nil && now.Before(e.expiry) {
		if e.token == 0 {
			return Claim{Key: key, Status: Done}, nil
		}
		return Claim{Key: key, Status: Busy}, nil
	}
	if e != nil {
		m.unlink(e)
	} else {
		if len(m.keys) >= m.max {
			m.remove(m.head)
			m.visited++
		}
		e = &entry{key: key}
		m.keys[key] = e
	}
	m.seq++
	e.token, e.expiry = m.seq, now.Add(lease)
	m.pushBack(e)
	return Claim{Key: key, Status: Claimed, Token: strconv.FormatUint(m.seq, 36)}, nil
}

// Complete implements Store.
func (m *Memory) Complete(_ context.Context, c Claim) error {
	return m.settle(c, func(e *entry, now time.Time) {
		e.token, e.expiry = 0, now.Add(m.ttl)
		m.unlink(e)
		m.pushBack(e)
	})
}

// Release implements Store.
func (m *Memory) Release(_ context.Context, c Claim) error {
	return m.settle(c, func(e *entry, _ time.Time) { m.remove(e) })
}

// settle applies f to the entry of c.Key if c's token still holds it.
func (m *Memory) settle(c Claim, f func(e *entry, now time.Time)) error {
	now := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	e, err := m.held(c, now)
	if err != nil {
		return err
	}
	f(e, now)
	return nil
}

// Len returns the number of keys held, in flight or done; expired keys not
// yet swept included.
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.keys)
}

// held returns the entry of c.Key if c's token still holds it.
func (m *Memory) held(c Claim, now time.Time) (*entry, error) {
	tok, err := strconv.ParseUint(c.Token, 36, 64)
	if err != nil || tok == 0 {
		return nil, fmt.Errorf("dedup: %q is not a token of this store", c.Token)
	}
	e := m.keys[c.Key]
	if e == nil || e.token != tok || !now.Before(e.expiry) {
		return nil, ErrLeaseLost
	}
	return e, nil
}

// sweep removes up to sweepBatch expired keys from the front and returns how
// many it looked at.
func (m *Memory) sweep(now time.Time) int {
	n := 0
	for m.head != nil && n < sweepBatch && !now.Before(m.head.expiry) {
		m.remove(m.head)
		n++
	}
	return n
}

func (m *Memory) remove(e *entry) {
	m.unlink(e)
	delete(m.keys, e.key)
}

func (m *Memory) unlink(e *entry) {
	if e.prev != nil {
		e.prev.next = e.next
	} else {
		m.head = e.next
	}
	if e.next != nil {
		e.next.prev = e.prev
	} else {
		m.tail = e.prev
	}
	e.prev, e.next = nil, nil
}

func (m *Memory) pushBack(e *entry) {
	e.prev = m.tail
	if m.tail != nil {
		m.tail.next = e
	} else {
		m.head = e
	}
	m.tail = e
}
