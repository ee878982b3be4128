package serve_test

import (
	"context"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/internal/serve"
)

func TestRunShutsDownWhenContextEnds(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- serve.Run(ctx, "127.0.0.1:0", http.NotFoundHandler(), slog.New(slog.DiscardHandler))
	}()
	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(20 * time.Second):
		t.Fatal("Run did not return after the context ended")
	}
}

func TestRunReportsListenErrors(t *testing.T) {
	t.Parallel()
	err := serve.Run(context.Background(), "256.0.0.1:bad", http.NotFoundHandler(), slog.New(slog.DiscardHandler))
	assert.Error(t, err)
}

func TestEnv(t *testing.T) {
	t.Setenv("KEFU_TEST_A", "x")
	t.Setenv("KEFU_TEST_B", "")
	t.Setenv("KEFU_TEST_C", "")
	_, err := serve.Env("the hint", "KEFU_TEST_C", "KEFU_TEST_A", "KEFU_TEST_B")
	require.Error(t, err)
	assert.Equal(t, "set KEFU_TEST_B, KEFU_TEST_C (the hint)", err.Error())
	env, err := serve.Env("the hint", "KEFU_TEST_A")
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"KEFU_TEST_A": "x"}, env)
}

func TestAddr(t *testing.T) {
	t.Setenv("PORT", "9999")
	assert.Equal(t, ":9999", serve.Addr())
	t.Setenv("PORT", "")
	assert.Equal(t, ":8080", serve.Addr())
}
