package dingcallback

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"sync"
	"time"

	"github.com/kefu-go/kefu/event"
)

// Deduplicator remembers which events were accepted, so a redelivered event is
// acknowledged without reaching the handler twice. Implementations backed by
// Redis or a database let several replicas share it.
type Deduplicator interface {
	// Seen reports whether key was accepted before.
	Seen(ctx context.Context, key string) (bool, error)
	// Accept records that the event with key was handled successfully.
	Accept(ctx context.Context, key string) error
}

// dedupKey returns the key of an event: its EventID or BizID when present,
// else a hash of the plaintext.
func dedupKey(ev event.Event, plain []byte) string {
	h := ev.EventHeader()
	switch {
	case h.EventID != "":
		return "event:" + h.EventID
	case h.BizID != "":
		return "biz:" + string(h.EventType) + ":" + h.BizID
	}
	sum := sha256.Sum256(plain)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// MemoryDeduplicator is an in-memory Deduplicator whose entries expire after
// a TTL. It is safe for concurrent use.
type MemoryDeduplicator struct {
	ttl time.Duration
	now func() time.Time

	mu      sync.Mutex
	entries map[string]time.Time // key → expiry
	sweepAt time.Time
}

// NewMemoryDeduplicator returns a MemoryDeduplicator that remembers keys for
// ttl. DingTalk redelivers for hours; a ttl of a day is a sound choice.
func NewMemoryDeduplicator(ttl time.Duration) (*MemoryDeduplicator, error) {
	if ttl <= 0 {
		return nil, errors.New("dingcallback: NewMemoryDeduplicator: the ttl must be positive")
	}
	return &MemoryDeduplicator{ttl: ttl, now: time.Now, entries: make(map[string]time.Time)}, nil
}

// Seen implements Deduplicator.
func (m *MemoryDeduplicator) Seen(_ context.Context, key string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	exp, ok := m.entries[key]
	return ok && m.now().Before(exp), nil
}

// Accept implements Deduplicator. Expired keys are swept at most once a TTL.
func (m *MemoryDeduplicator) Accept(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	m.entries[key] = now.Add(m.ttl)
	if now.After(m.sweepAt) {
		for k, exp := range m.entries {
			if !now.Before(exp) {
				delete(m.entries, k)
			}
		}
		m.sweepAt = now.Add(m.ttl)
	}
	return nil
}

// Len returns the number of keys remembered, expired ones not yet swept
// included.
func (m *MemoryDeduplicator) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.entries)
}
