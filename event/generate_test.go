package event_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/internal/eventgen"
)

// The committed decoders are what the generator writes for the committed
// types: run go generate ./event after changing a payload type.
func TestGeneratedIsCurrent(t *testing.T) {
	t.Parallel()
	want, err := eventgen.Generate(".")
	require.NoError(t, err)
	for _, name := range eventgen.Outputs {
		got, err := os.ReadFile(name)
		require.NoError(t, err)
		assert.Equal(t, string(want[name]), string(got), "event/%s is stale: run go generate ./event", name)
	}
}
