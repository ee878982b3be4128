package deskcallback_test

import (
	"os/exec"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A Desk-only program does not link DingTalk's event package.
func TestDoesNotLinkTheDingTalkEvents(t *testing.T) {
	t.Parallel()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool on PATH")
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").Output()
	require.NoError(t, err)
	assert.Contains(t, string(out), "github.com/kefu-go/kefu/internal/deliver\n", "the listing is of this package")
	assert.NotContains(t, string(out), "github.com/kefu-go/kefu/event\n")
}
