package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/kefu-go/kefu/dingcallback"
	"github.com/kefu-go/kefu/event"
)

const decryptUsage = `Usage: kefu decrypt --url 'CALLBACK URL WITH QUERY' < body.json

Verifies and decrypts a captured DingTalk callback: the URL it was posted to
(with signature, timestamp and nonce) and its body {"encrypt":"…"} on
standard input. Prints {"plaintext":…,"event":{"type":…,"go":…,"payload":…}}.
A bad signature, AES key or owner key says which check failed.

Environment: DINGTALK_CALLBACK_TOKEN, DINGTALK_AES_KEY, DINGTALK_OWNER_KEY
(the appKey, suiteKey or corpId the subscription belongs to).

Example:
  kefu decrypt --url 'https://example.com/cb?signature=f36f…&timestamp=1605695694141&nonce=WelUQl6bCqcBa2fM' < body.json
`

func decrypt(_ context.Context, e *env, args []string) error {
	fs := flags("decrypt")
	target := fs.String("url", "", "the callback URL, with its query")
	if err := parse(e, fs, decryptUsage, args); err != nil {
		return err
	}
	if *target == "" {
		return usagef("--url is required")
	}
	u, err := url.Parse(*target)
	if err != nil || u.RawQuery == "" {
		return usagef("--url must be the callback URL with its query (signature, timestamp, nonce)")
	}
	c, err := callbackCrypto(e)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(io.LimitReader(e.stdin, dingcallback.DefaultMaxBodySize+1))
	if err != nil {
		return fmt.Errorf("reading the body from standard input: %w", err)
	}
	req, err := http.NewRequest(http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		return err
	}
	plain, err := c.ValidateRequest(req)
	if err != nil {
		return explainCryptoError(err)
	}
	out := map[string]any{"plaintext": string(plain)}
	if json.Valid(plain) {
		ev, perr := event.Parse(plain)
		if u, ok := event.AsUnknown(perr); ok {
			ev, perr = u, nil
		}
		if perr == nil {
			out["event"] = eventJSON(ev)
		} else {
			out["event_error"] = perr.Error()
		}
	}
	return json.NewEncoder(e.stdout).Encode(out)
}

// callbackCrypto is the DingTalk callback crypto from the environment.
func callbackCrypto(e *env) (*dingcallback.Crypto, error) {
	v, err := e.need("the callback subscription's token, AES key and owner key (appKey, suiteKey or corpId)",
		"DINGTALK_CALLBACK_TOKEN", "DINGTALK_AES_KEY", "DINGTALK_OWNER_KEY")
	if err != nil {
		return nil, err
	}
	c, err := dingcallback.NewCrypto(v["DINGTALK_CALLBACK_TOKEN"], v["DINGTALK_AES_KEY"], v["DINGTALK_OWNER_KEY"])
	if err != nil {
		return nil, fmt.Errorf("DINGTALK_CALLBACK_TOKEN, DINGTALK_AES_KEY or DINGTALK_OWNER_KEY: %w", err)
	}
	return c, nil
}

// forwardCrypto is the Crypto of --forward's receiver, nil without
// --forward (url empty).
func forwardCrypto(e *env, url string) (*dingcallback.Crypto, error) {
	if url == "" {
		return nil, nil
	}
	c, err := callbackCrypto(e)
	if err != nil {
		return nil, fmt.Errorf("--forward: %w", err)
	}
	return c, nil
}

// explainCryptoError says which check of a callback failed and what to fix.
func explainCryptoError(err error) error {
	switch {
	case errors.Is(err, dingcallback.ErrSignatureMismatch):
		return fmt.Errorf("signature check failed: DINGTALK_CALLBACK_TOKEN is not the subscription's token, or the URL or body was changed (%w)", err)
	case errors.Is(err, dingcallback.ErrOwnerMismatch):
		return fmt.Errorf("owner check failed: the message is for another app; set DINGTALK_OWNER_KEY to its appKey, suiteKey or corpId (%w)", err)
	case errors.Is(err, dingcallback.ErrBadPadding), errors.Is(err, dingcallback.ErrBadLength), errors.Is(err, dingcallback.ErrBadBlockSize):
		return fmt.Errorf("decryption failed: DINGTALK_AES_KEY is not the subscription's AES key (%w)", err)
	case errors.Is(err, dingcallback.ErrMissingParams):
		return fmt.Errorf("the URL lacks signature, timestamp or nonce (%w)", err)
	case errors.Is(err, dingcallback.ErrBadBody):
		return fmt.Errorf(`standard input is not a callback body {"encrypt":"…"} (%w)`, err)
	}
	return err
}
