package event_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// fixture is one file of testdata/: NAME.SHAPE.json, where NAME is the event
// type (or "unknown") and SHAPE the wire shape (legacy, current, …).
type fixture struct {
	name, shape string
	data        []byte
}

// loadFixtures reads the fixtures matching pattern, such as
// "testdata/*.json" or "testdata/pages/*.json" (DingTalk's page samples).
func loadFixtures(t testing.TB, pattern string) []fixture {
	t.Helper()
	paths, err := filepath.Glob(pattern)
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	var fs []fixture
	for _, p := range paths {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		base := strings.TrimSuffix(filepath.Base(p), ".json")
		name, shape, _ := strings.Cut(base, ".")
		fs = append(fs, fixture{name: name, shape: shape, data: data})
	}
	return fs
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return data
}
