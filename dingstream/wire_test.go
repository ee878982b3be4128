package dingstream_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kefu-go/kefu/dingstream"
	"github.com/kefu-go/kefu/internal/streamwire"
)

// OpenPath is a literal, so go doc shows its value; it is the wire's.
func TestOpenPathIsTheWires(t *testing.T) {
	t.Parallel()
	assert.Equal(t, streamwire.OpenPath, dingstream.OpenPath)
}
