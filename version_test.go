package kefu_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu"
	"github.com/kefu-go/kefu/internal/version"
)

// kefu.Version is a literal, so go doc shows its value; it is the one the
// other packages' User-Agents send.
func TestVersionIsInternalVersion(t *testing.T) {
	t.Parallel()
	require.Equal(t, version.Version, kefu.Version)
}

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
