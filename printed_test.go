package kefu_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu"
	"github.com/kefu-go/kefu/deskcallback"
	"github.com/kefu-go/kefu/dingcallback"
	"github.com/kefu-go/kefu/dingstream"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/kefutest"
)

// Every exported type that holds a secret prints and logs what identifies
// it and [REDACTED] for each secret, whatever the verb or the handler.
func TestPrintedValuesHoldNoSecret(t *testing.T) {
	t.Parallel()
	const (
		appSecret   = "app-secret-0123456789abcdef"
		accessToken = "access-token-0123456789abcdef"
		deskToken   = "desk-token-0123456789abcdef"
	)
	withSecret, err := kefu.NewClient(kefu.WithAppCredentials("dingappkey", appSecret),
		kefu.WithBaseURL("https://proxy-user:proxy-pass@oapi.example.com"))
	require.NoError(t, err)
	withToken, err := kefu.NewClient(kefu.WithAccessToken(accessToken))
	require.NoError(t, err)
	crypto := kefutest.NewDingTalkCrypto()
	validator, err := dingcallback.NewValidator(crypto)
	require.NoError(t, err)
	handler, err := dingcallback.New(crypto, event.NewRouter())
	require.NoError(t, err)
	deskConfig := deskcallback.Config{SdkAppID: "1400000001", Token: deskToken,
		OnSessionEvent: func(context.Context, *deskcallback.Query, *deskcallback.SessionEvent) error { return nil }}
	deskHandler, err := deskcallback.New(deskConfig)
	require.NoError(t, err)
	stream, err := dingstream.New("dingstreamkey", appSecret, event.NewRouter())
	require.NoError(t, err)

	secrets := []string{appSecret, accessToken, deskToken, kefutest.DingTalkToken, kefutest.DingTalkAESKey,
		"proxy-pass", string(mustAESKey(t))}
	for _, tc := range []struct {
		name     string
		v        any
		identity string
	}{
		{"kefu.Client (app)", withSecret, "dingappkey"},
		{"kefu.Client (token)", withToken, "https://oapi.dingtalk.com"},
		{"dingcallback.Crypto", crypto, kefutest.DingTalkOwnerKey},
		{"dingcallback.Validator", validator, kefutest.DingTalkOwnerKey},
		{"dingcallback.Handler", handler, kefutest.DingTalkOwnerKey},
		{"deskcallback.Config", deskConfig, "1400000001"},
		{"*deskcallback.Config", &deskConfig, "1400000001"},
		{"deskcallback.Handler", deskHandler, "1400000001"},
		{"dingstream.Client", stream, "dingstreamkey"},
	} {
		var outs []string
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%x"} {
			outs = append(outs, fmt.Sprintf(verb, tc.v))
		}
		outs = append(outs, fmt.Sprint(tc.v), fmt.Sprintln(tc.v))
		for _, h := range []func(*bytes.Buffer) slog.Handler{
			func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
			func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
		} {
			var b bytes.Buffer
			slog.New(h(&b)).Info("value", "v", tc.v)
			outs = append(outs, b.String())
		}
		for _, out := range outs {
			for _, s := range secrets {
				assert.NotContains(t, out, s, "%s: %s", tc.name, out)
			}
			assert.Contains(t, out, "REDACTED", "%s: %s", tc.name, out)
		}
		assert.Contains(t, outs[0], tc.identity, tc.name)
		assert.Contains(t, outs[len(outs)-1], tc.identity, tc.name)
		assert.True(t, strings.HasPrefix(outs[4], `"`), "%%q quotes: %s", outs[4])
	}
	assert.Equal(t, "kefu.Client{BaseURL:https://REDACTED@oapi.example.com AppKey:dingappkey AppSecret:[REDACTED]}",
		fmt.Sprint(withSecret))
	assert.Equal(t, `&dingstream.Client{ClientID:"dingstreamkey", BaseURL:"https://api.dingtalk.com", ClientSecret:"[REDACTED]"}`,
		fmt.Sprintf("%#v", stream))
	var nilClient *kefu.Client
	assert.Equal(t, "<nil>", fmt.Sprint(nilClient))
}

// mustAESKey is the AES key's bytes, which a printed Crypto must not show.
func mustAESKey(t *testing.T) []byte {
	t.Helper()
	key, err := decodeAESKey(kefutest.DingTalkAESKey)
	require.NoError(t, err)
	return key
}

func decodeAESKey(k string) ([]byte, error) { return base64.StdEncoding.DecodeString(k + "=") }

// An option error shows a URL without its user information.
func TestURLsPrintWithoutUserinfo(t *testing.T) {
	t.Parallel()
	_, err := kefu.NewClient(kefu.WithBaseURL("ftp://admin:hunter2-secret@proxy.example.com/"), kefu.WithAccessToken("t"))
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "hunter2-secret")
	assert.Contains(t, err.Error(), "ftp://REDACTED@proxy.example.com/")
	_, err = dingstream.New("k", "s", event.NewRouter(), dingstream.WithBaseURL("ws://admin:hunter2-secret@gw.example.com"))
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "hunter2-secret")
	_, err = kefu.NewClient(kefu.WithBaseURL("http://admin:hunter2-secret@[::1"), kefu.WithAccessToken("t"))
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "hunter2-secret", "an unparsable URL is not shown")
}
