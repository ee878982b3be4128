package event_test

import (
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/event"
)

func TestRegistryComplete(t *testing.T) {
	t.Parallel()
	types := event.Types()
	require.Len(t, types, 79)
	seen := map[reflect.Type]event.Type{}
	for _, typ := range types {
		ev, err := event.Parse(fmt.Appendf(nil, `{"EventType":%q}`, typ))
		require.NoError(t, err, typ)
		rt := reflect.TypeOf(ev)
		assert.NotEqual(t, reflect.TypeFor[*event.Unknown](), rt, typ)
		assert.Equal(t, typ, ev.EventHeader().EventType)
		assert.Equal(t, reflect.TypeOf(event.New(typ)), rt, typ)
		prev, dup := seen[rt]
		assert.False(t, dup, "%s and %s share %s", prev, typ, rt)
		seen[rt] = typ

		// Every type has a legacy and a current fixture and a Stream frame.
		for _, name := range []string{string(typ) + ".legacy.json", string(typ) + ".current.json", "stream/" + string(typ) + ".json"} {
			assert.NotEmpty(t, readFixture(t, name))
		}
	}
}

func TestNewUnknownType(t *testing.T) {
	t.Parallel()
	ev := event.New("brand_new")
	assert.Equal(t, &event.Unknown{Header: event.Header{EventType: "brand_new"}}, ev)
}

// Many goroutines decoding every type at once get the same results (run
// with -race); TestLazyCodecBuiltOnce covers the first use itself.
func TestConcurrentFirstUse(t *testing.T) {
	t.Parallel()
	var wg sync.WaitGroup
	results := make([][]event.Event, 8)
	for g := range results {
		wg.Go(func() {
			for _, typ := range event.Types() {
				ev, err := event.Parse(readFixture(t, string(typ)+".current.json"))
				if err != nil {
					t.Error(err)
					return
				}
				results[g] = append(results[g], ev)
			}
		})
	}
	wg.Wait()
	for g := 1; g < len(results); g++ {
		assert.Equal(t, results[0], results[g])
	}
}
