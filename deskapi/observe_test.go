package deskapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/deskapi"
	"github.com/kefu-go/kefu/kefutest"
)

// A retried call is observed per attempt, with Desk's ErrorCode, and no
// UserSig or secret key in what the Observer is told.
func TestObserverSeesEachAttempt(t *testing.T) {
	t.Parallel()
	obs := kefutest.NewObserver()
	c, srv := newClient(t, deskapi.WithObserver(obs))
	srv.Script(kefutest.DeskReply{Status: http.StatusBadGateway}, kefutest.DeskReply{ErrorCode: 60018}, kefutest.DeskReply{})
	require.NoError(t, c.EndSession(context.Background(), "s-1"))

	calls := obs.Calls()
	require.Len(t, calls, 3, "%+v", calls)
	for i, a := range calls {
		assert.Equal(t, deskapi.Path+"end_session", a.API)
		assert.Equal(t, http.MethodPost, a.Method)
		assert.Equal(t, strings.TrimPrefix(srv.URL, "http://"), a.Host)
		assert.Equal(t, i+1, a.Attempt)
		assert.NotContains(t, a.API+a.Host, "usersig")
	}
	assert.Equal(t, http.StatusBadGateway, calls[0].StatusCode)
	assert.Empty(t, calls[0].Code)
	require.Error(t, calls[0].Err)
	assert.Equal(t, http.StatusOK, calls[1].StatusCode)
	assert.Equal(t, "60018", calls[1].Code)
	var apiErr *deskapi.APIError
	require.ErrorAs(t, calls[1].Err, &apiErr)
	assert.Equal(t, http.StatusOK, calls[2].StatusCode)
	assert.Empty(t, calls[2].Code)
	assert.NoError(t, calls[2].Err)
	for _, a := range calls {
		if a.Err != nil {
			assert.NotContains(t, a.Err.Error(), kefutest.DeskSecretKey)
		}
	}
}

func TestWithObserverNil(t *testing.T) {
	t.Parallel()
	_, err := deskapi.New(kefutest.DeskAppID, kefutest.DeskAdminID, kefutest.DeskSecretKey, deskapi.WithObserver(nil))
	require.ErrorContains(t, err, "deskapi: WithObserver(nil)")
}
