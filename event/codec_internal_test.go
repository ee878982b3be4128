package event

import (
	"reflect"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// firstUse runs get from 8 goroutines at once and returns what each got.
func firstUse(get func() *codec) []*codec {
	got := make([]*codec, 8)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			got[i] = get()
		}()
	}
	close(start)
	wg.Wait()
	return got
}

// A payload type's codec is built once, by the first of concurrent users;
// the others wait for it and get the same one.
func TestLazyCodecBuiltOnce(t *testing.T) {
	t.Parallel()
	l := &lazyCodec{t: reflect.TypeFor[OrgUserAdd]()}
	got := firstUse(l.get)
	require.NotNil(t, got[0])
	for _, c := range got {
		assert.Same(t, got[0], c)
	}
}

// probe is a nested type no payload uses, so its first use is this test's.
type probe struct {
	A string `json:"a"`
}

func TestNestedCodecFirstUseAgrees(t *testing.T) {
	t.Parallel()
	got := firstUse(nestedCodec[probe])
	for _, c := range got {
		assert.Same(t, got[0], c)
	}
	var p probe
	require.NoError(t, decodeNested([]byte(`{"A":"x"}`), &p))
	assert.Equal(t, probe{A: "x"}, p)
}

// A decode that fails part-way leaves nothing in the pooled wire struct for
// the next decode of the type to pick up.
func TestPooledWireHoldsNothingAfterAnError(t *testing.T) {
	// Not parallel: the pool is per codec and a parallel test could take
	// the wire struct in between.
	c := newCodec(reflect.TypeFor[OrgUserAdd]())
	var ev OrgUserAdd
	err := c.decodeInto([]byte(`{"OptStaffId":"stale","UserId":{"bad":1},"TimeStamp":"7"}`), reflect.ValueOf(&ev).Elem())
	require.Error(t, err)
	assert.Equal(t, OrgUserAdd{}, ev, "a failed decode copies nothing")

	require.NoError(t, c.decodeInto([]byte(`{"userId":["u1"]}`), reflect.ValueOf(&ev).Elem()))
	assert.Equal(t, OrgUserAdd{UserChange: UserChange{UserIDs: []string{"u1"}}}, ev)
}
