package event_test

import (
	"encoding/json"
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

func loadFixtures(t testing.TB) []fixture {
	t.Helper()
	paths, err := filepath.Glob("testdata/*.json")
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

// streamFixture is a Stream-mode frame: string headers and the data body.
type streamFixture struct {
	name    string
	Headers map[string]string `json:"headers"`
	Data    string            `json:"data"`
}

func loadStreamFixtures(t testing.TB) []streamFixture {
	t.Helper()
	paths, err := filepath.Glob("testdata/stream/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	var fs []streamFixture
	for _, p := range paths {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		var f streamFixture
		require.NoError(t, json.Unmarshal(data, &f))
		f.name = strings.TrimSuffix(filepath.Base(p), ".json")
		fs = append(fs, f)
	}
	return fs
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return data
}
