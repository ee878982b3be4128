package event_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/internal/streamwire"
)

// The Stream wire is defined once, in internal/streamwire; event re-exports
// what users need as literals, so go doc shows the values.
func TestStreamConstantsAreTheWires(t *testing.T) {
	t.Parallel()
	assert.Equal(t, streamwire.HeaderEventType, event.StreamHeaderEventType)
	assert.Equal(t, streamwire.HeaderEventID, event.StreamHeaderEventID)
	assert.Equal(t, streamwire.HeaderEventCorpID, event.StreamHeaderEventCorpID)
	assert.Equal(t, streamwire.HeaderEventBornTime, event.StreamHeaderEventBornTime)
	assert.Equal(t, streamwire.AckSuccess, event.AckSuccess)
	assert.Equal(t, streamwire.AckLater, event.AckLater)
}
