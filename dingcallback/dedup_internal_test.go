package dingcallback

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/event"
)

func TestMemoryDeduplicatorExpires(t *testing.T) {
	t.Parallel()
	m, err := NewMemoryDeduplicator(time.Minute)
	require.NoError(t, err)
	now := time.Unix(1700000000, 0)
	m.now = func() time.Time { return now }
	ctx := context.Background()

	require.NoError(t, m.Accept(ctx, "a"))
	seen, err := m.Seen(ctx, "a")
	require.NoError(t, err)
	assert.True(t, seen)

	now = now.Add(59 * time.Second)
	seen, _ = m.Seen(ctx, "a")
	assert.True(t, seen)

	now = now.Add(2 * time.Second)
	seen, _ = m.Seen(ctx, "a")
	assert.False(t, seen, "expired")

	// The next Accept after a TTL sweeps expired keys.
	require.NoError(t, m.Accept(ctx, "b"))
	assert.Equal(t, 1, m.Len())
}

func TestDedupKey(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "event:e1", dedupKey(&event.OrgChange{Header: event.Header{EventID: "e1", BizID: "b1"}}, nil))
	assert.Equal(t, "biz:crm_customer_track:b1", dedupKey(&event.CrmCustomerTrack{Header: event.Header{EventType: event.TypeCrmCustomerTrack, BizID: "b1"}}, nil))
	k1 := dedupKey(&event.OrgChange{}, []byte(`{"a":1}`))
	k2 := dedupKey(&event.OrgChange{}, []byte(`{"a":2}`))
	assert.NotEqual(t, k1, k2)
	assert.Len(t, k1, len("sha256:")+64)
}
