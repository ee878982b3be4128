package deskcallback_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kefu-go/kefu/internal/golist"
)

// A Desk-only program does not link DingTalk's event package.
func TestDoesNotLinkTheDingTalkEvents(t *testing.T) {
	t.Parallel()
	deps := golist.Deps(t)
	assert.Contains(t, deps, "github.com/kefu-go/kefu/internal/deliver", "the listing is of this package")
	assert.NotContains(t, deps, "github.com/kefu-go/kefu/event")
}
