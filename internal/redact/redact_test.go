package redact

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestURL(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "https://oapi.dingtalk.com/gettoken?appkey=k&appsecret=REDACTED",
		URL("https://oapi.dingtalk.com/gettoken?appkey=k&appsecret=s3cr3t"))
	assert.Equal(t, "http://h/p?access_token=REDACTED", URL("http://h/p?access_token=tok"))
	assert.Equal(t, "wss://h/connect?ticket=REDACTED", URL("wss://h/connect?ticket=a-b-c"))
	assert.Equal(t, "http://h/p?x=1", URL("http://h/p?x=1"))
	assert.Equal(t, "(unparsable URL)", URL("http://[::1"))
}

func TestText(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		`{"clientSecret":"s3cr3t-x","clientId":"k"}`:     `{"clientSecret":"REDACTED","clientId":"k"}`,
		`{\"ticket\":\"7f-1\"}`:                          `{\"ticket\":\"REDACTED\"}`,
		`GET /connect?ticket=7f-1&x=1`:                   `GET /connect?ticket=REDACTED&x=1`,
		`access_token: tok1`:                             `access_token: REDACTED`,
		`echo literal lit-secret/+ and lit-secret%2F%2B`: `echo literal REDACTED and REDACTED`,
		`short abc stays`:                                `short abc stays`,
		``:                                               ``,
	} {
		assert.Equal(t, want, Text(in, "lit-secret/+", "abc"), in)
	}
}

func TestError(t *testing.T) {
	t.Parallel()
	plain := errors.New("no secret here")
	assert.Same(t, plain, Error(plain, "s3cr3t"))
	assert.NoError(t, Error(nil))

	err := Error(fmt.Errorf("dial wss://h?ticket=t-1 with s3cr3t: %w", context.DeadlineExceeded), "s3cr3t")
	assert.EqualError(t, err, "dial wss://h?ticket=REDACTED with REDACTED: context deadline exceeded")
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}

// Any run of 8 or more bytes of a secret is the secret: a prefix, a suffix
// or a middle that survived a cut, a line break or a quote.
func TestTextPieces(t *testing.T) {
	t.Parallel()
	const secret = "Q7vY2mK9pLx4Rt8WcZ1nB5hJ3dF6gS0aE" // 33 bytes, like a Stream client secret
	for in, want := range map[string]string{
		"cut: " + secret[:32]:                      "cut: REDACTED",
		"tail " + secret[20:] + " end":             "tail REDACTED end",
		"mid " + secret[5:13] + "!":                "mid REDACTED!",
		"seven " + secret[:7] + " stays":           "seven " + secret[:7] + " stays",
		"two " + secret[:10] + "\n" + secret[10:]:  "two REDACTED\nREDACTED",
		"whole " + secret + secret + " twice":      "whole REDACTED twice",
		"escaped " + url.QueryEscape("ab/+cdefgh"): "escaped REDACTED",
	} {
		assert.Equal(t, want, Text(in, secret, "ab/+cdefgh"), in)
		for i := 0; i+Piece <= len(secret); i++ {
			assert.NotContains(t, Text(in, secret), secret[i:i+Piece], in)
		}
	}
}

// Snippet redacts before it cuts: a secret across the cut leaves no piece.
func TestSnippetRedactsBeforeCutting(t *testing.T) {
	t.Parallel()
	const secret = "Q7vY2mK9pLx4Rt8WcZ1nB5hJ3dF6gS0aE"
	for pad := 150; pad < 210; pad++ {
		body := strings.Repeat("x", pad) + secret + " rest of the page"
		got := Snippet(body, 200, secret)
		for i := 0; i+Piece <= len(secret); i++ {
			require.NotContains(t, got, secret[i:i+Piece], "pad %d", pad)
		}
		assert.LessOrEqual(t, len(got), 200+len("…"))
	}
	assert.Equal(t, "short", Snippet("short", 200))
}

// The regexp is built on first use: importing the package costs nothing.
func TestNoRegexpAtImport(t *testing.T) {
	allocs := testing.AllocsPerRun(1, func() { _ = Text("plain text") })
	assert.Less(t, allocs, 50.0, "the first call may build it; later calls are cheap")
}
