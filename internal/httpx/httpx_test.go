package httpx_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/internal/httpx"
)

func TestReadBody(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		body    string
		length  int64 // -1: unknown
		limit   int64
		tooBig  bool
		wantLen int
	}{
		{"sized", strings.Repeat("a", 100), 100, 1000, false, 100},
		{"unknown length", strings.Repeat("a", 100), -1, 1000, false, 100},
		{"at the limit", strings.Repeat("a", 10), 10, 10, false, 10},
		{"over the limit", strings.Repeat("a", 11), 11, 10, true, 0},
		{"over, length unknown", strings.Repeat("a", 11), -1, 10, true, 0},
		{"length understated", strings.Repeat("a", 50), 5, 100, false, 50},
		{"empty", "", 0, 10, false, 0},
	} {
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(tc.body))
		req.ContentLength = tc.length
		body, err := httpx.ReadBody(httptest.NewRecorder(), req, tc.limit)
		if tc.tooBig {
			var mbe *http.MaxBytesError
			assert.True(t, errors.As(err, &mbe), tc.name)
			continue
		}
		require.NoError(t, err, tc.name)
		assert.Len(t, body, tc.wantLen, tc.name)
	}
}

func TestWriteJSON(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	httpx.WriteJSON(rec, http.StatusTeapot, map[string]int{"a": 1})
	assert.Equal(t, http.StatusTeapot, rec.Code)
	assert.Equal(t, "application/json; charset=utf-8", rec.Header().Get("Content-Type"))
	assert.JSONEq(t, `{"a":1}`, rec.Body.String())

	rec = httptest.NewRecorder()
	httpx.WriteJSON(rec, http.StatusOK, make(chan int))
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
}

func TestLoggerNilIsSilent(t *testing.T) {
	t.Parallel()
	l := httpx.Logger(nil)
	require.NotNil(t, l)
	assert.False(t, l.Enabled(t.Context(), 12))
}
