package kefu_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu"
)

// Version and the newest CHANGELOG heading agree.
func TestVersionMatchesChangelog(t *testing.T) {
	t.Parallel()
	log, err := os.ReadFile("CHANGELOG.md")
	require.NoError(t, err)
	m := regexp.MustCompile(`(?m)^## \[(\d+\.\d+\.\d+)\]( - unreleased)?`).FindSubmatch(log)
	require.NotNil(t, m, "CHANGELOG.md has a version heading")
	want := string(m[1])
	if len(m[2]) > 0 {
		want += "-dev"
	}
	require.Equal(t, want, kefu.Version)
	require.False(t, strings.Contains(string(log), "## [Unreleased]"), "one heading for the coming version")
}
