package redact

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
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
