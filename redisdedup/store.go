package redisdedup

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/kefu-go/kefu/dedup"
)

// DefaultPrefix namespaces the keys of a Store unless WithPrefix says
// otherwise: a key "event:e-42" is stored as "kefu:dedup:event:e-42".
const DefaultPrefix = "kefu:dedup:"

// doneValue marks a completed key; claims hold a random token instead.
const doneValue = "done"

// Option configures a Store; options validate their arguments.
type Option func(*Store) error

// WithPrefix namespaces the Store's keys, for several services or
// environments on one Redis. The prefix must not be empty.
func WithPrefix(prefix string) Option {
	return func(s *Store) error {
		if prefix == "" {
			return errors.New("redisdedup: WithPrefix(\"\"): the prefix must not be empty")
		}
		s.prefix = prefix
		return nil
	}
}

// Store is a dedup.Store on Redis, shared by every replica that uses the
// same server and prefix. A claim is SET key token NX PX lease; Complete and
// Release are scripts that act only while the key still holds the claim's
// token, so a replica whose lease ran out cannot overwrite a newer claim.
// A completed key holds "done" for the TTL.
type Store struct {
	rdb    redis.UniversalClient
	ttl    time.Duration
	prefix string
}

var _ dedup.Store = (*Store)(nil)

// New returns a Store on rdb that remembers completed keys for ttl.
// DingTalk redelivers a failed event for hours: a ttl of a day is a sound
// choice.
func New(rdb redis.UniversalClient, ttl time.Duration, opts ...Option) (*Store, error) {
	if rdb == nil {
		return nil, errors.New("redisdedup: New: nil redis client")
	}
	if ttl < time.Millisecond {
		return nil, fmt.Errorf("redisdedup: New(%s): the ttl must be at least 1ms", ttl)
	}
	s := &Store{rdb: rdb, ttl: ttl, prefix: DefaultPrefix}
	for _, opt := range opts {
		if err := opt(s); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// claimScript sets the key to the token for the lease if nobody holds it,
// and otherwise says whether it is done or held: one round trip, atomic.
var claimScript = redis.NewScript(`
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[3] then return 2 end
return 3`)

// completeScript marks the key done for the TTL if the token still holds it.
var completeScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0`)

// releaseScript deletes the key if the token still holds it.
var releaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0`)

// Claim implements dedup.Store.
func (s *Store) Claim(ctx context.Context, key string, lease time.Duration) (dedup.Claim, error) {
	if lease < time.Millisecond {
		return dedup.Claim{}, fmt.Errorf("redisdedup: Claim: the lease %s must be at least 1ms", lease)
	}
	token, err := newToken()
	if err != nil {
		return dedup.Claim{}, err
	}
	n, err := claimScript.Run(ctx, s.rdb, []string{s.prefix + key}, token, lease.Milliseconds(), doneValue).Int()
	if err != nil {
		return dedup.Claim{}, fmt.Errorf("redisdedup: claiming %q: %w", key, err)
	}
	switch n {
	case 1:
		return dedup.Claim{Key: key, Status: dedup.Claimed, Token: token}, nil
	case 2:
		return dedup.Claim{Key: key, Status: dedup.Done}, nil
	default:
		return dedup.Claim{Key: key, Status: dedup.Busy}, nil
	}
}

// Complete implements dedup.Store.
func (s *Store) Complete(ctx context.Context, c dedup.Claim) error {
	return s.settle(ctx, "completing", completeScript, c, doneValue, s.ttl.Milliseconds())
}

// Release implements dedup.Store.
func (s *Store) Release(ctx context.Context, c dedup.Claim) error {
	return s.settle(ctx, "releasing", releaseScript, c)
}

func (s *Store) settle(ctx context.Context, op string, script *redis.Script, c dedup.Claim, args ...any) error {
	if c.Token == "" {
		return fmt.Errorf("redisdedup: %s %q: the claim has no token", op, c.Key)
	}
	n, err := script.Run(ctx, s.rdb, []string{s.prefix + c.Key}, append([]any{c.Token}, args...)...).Int()
	if err != nil {
		return fmt.Errorf("redisdedup: %s %q: %w", op, c.Key, err)
	}
	if n != 1 {
		return dedup.ErrLeaseLost
	}
	return nil
}

// newToken returns a random claim token, never equal to doneValue.
func newToken() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("redisdedup: making a claim token: %w", err)
	}
	return "c:" + hex.EncodeToString(b[:]), nil
}
