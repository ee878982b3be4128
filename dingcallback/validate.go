package dingcallback

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/kefu-go/kefu/internal/httpx"
	"github.com/kefu-go/kefu/internal/jsonx"
)

const pkg = "dingcallback"

// Validator is the verify stage of the Handler on its own, for users of
// other routers (gin, echo, chi) or of queues (verify now, parse later): a
// POST, the replay window when one is set, the body limit, the signature,
// AES and the owner key. A Handler built with the same options verifies
// exactly as its Validator does.
type Validator struct {
	c       *Crypto
	maxBody int64
	now     func() time.Time
	window  time.Duration
}

// NewValidator returns the Validator for the subscription c. It takes the
// options of the verify stage — WithMaxBodySize, WithReplayWindow and
// WithClock — and returns an error for any other (they mean nothing
// without a Handler).
func NewValidator(c *Crypto, opts ...Option) (*Validator, error) {
	if c == nil {
		return nil, errors.New("dingcallback: NewValidator: nil *Crypto")
	}
	cfg := newConfig(c, true)
	if err := cfg.apply(opts); err != nil {
		return nil, err
	}
	return &cfg.v, nil
}

// ValidateRequest verifies and decrypts a DingTalk callback request and
// returns the plaintext JSON for event.Parse. It does not answer the
// request: reply with Crypto.Encrypt.
//
// Its errors match, through errors.Is, the sentinels of Decrypt
// (ErrSignatureMismatch, ErrOwnerMismatch, …), ErrMissingParams,
// ErrBadBody and ErrReplayWindow; errors.As finds *http.MaxBytesError for a
// body over the limit. Each has a StatusCode method, the status the Handler
// answers (405 not POST, 413 too large, 403 signature or owner, 400 the
// rest), reachable with errors.As:
//
//	var sc interface{ StatusCode() int }
//	if errors.As(err, &sc) {
//		c.AbortWithStatus(sc.StatusCode())
//	}
func (v *Validator) ValidateRequest(r *http.Request) ([]byte, error) {
	plain, rerr := v.validate(nil, r)
	if rerr != nil {
		return nil, rerr
	}
	return plain, nil
}

// ValidateRequest is the verify stage with the defaults: NewValidator(c)
// without options (body limit DefaultMaxBodySize, no replay window). Use
// NewValidator for a replay window or another limit.
func (c *Crypto) ValidateRequest(r *http.Request) ([]byte, error) {
	v := Validator{c: c, maxBody: DefaultMaxBodySize, now: time.Now}
	return v.ValidateRequest(r)
}

// validate is the verify stage; w may be nil.
func (v *Validator) validate(w http.ResponseWriter, r *http.Request) ([]byte, *httpx.RequestError) {
	if rerr := httpx.CheckPost(pkg, w, r); rerr != nil {
		return nil, rerr
	}
	q := r.URL.Query()
	sig := q.Get("msg_signature")
	if sig == "" {
		sig = q.Get("signature")
	}
	ts, nonce := q.Get("timestamp"), q.Get("nonce")
	if sig == "" || ts == "" || nonce == "" {
		return nil, httpx.Reject(pkg, http.StatusBadRequest, "missing msg_signature, timestamp or nonce", ErrMissingParams)
	}
	if v.window > 0 {
		ms, err := strconv.ParseInt(ts, 10, 64)
		if err != nil {
			return nil, httpx.Reject(pkg, http.StatusBadRequest, "timestamp is not a number", ErrReplayWindow)
		}
		if d := v.now().Sub(time.UnixMilli(ms)).Abs(); d > v.window {
			return nil, httpx.Reject(pkg, http.StatusBadRequest, "timestamp outside the replay window", ErrReplayWindow)
		}
	}
	body, rerr := httpx.ReadLimited(pkg, w, r, v.maxBody)
	if rerr != nil {
		return nil, rerr
	}
	encrypt, err := encryptField(body)
	if err != nil {
		return nil, httpx.Reject(pkg, http.StatusBadRequest, ErrBadBody.Error(), fmt.Errorf("%w: %w", ErrBadBody, err))
	}
	if len(encrypt) == 0 {
		return nil, httpx.Reject(pkg, http.StatusBadRequest, "empty encrypt", ErrBadBody)
	}
	plain, err := v.c.decrypt(sig, ts, nonce, encrypt)
	switch {
	case err == nil:
		return plain, nil
	case errors.Is(err, ErrSignatureMismatch), errors.Is(err, ErrOwnerMismatch):
		return nil, httpx.Reject(pkg, http.StatusForbidden, err.Error(), err)
	default:
		return nil, httpx.Reject(pkg, http.StatusBadRequest, err.Error(), err)
	}
}

// encryptField returns the encrypt member of the body {"encrypt":"…"}.
// Base64 needs no JSON escapes, so the common case is a slice of the body,
// not a copy; anything else goes through encoding/json.
func encryptField(body []byte) ([]byte, error) {
	s := jsonx.NewObjectScanner(body)
	for s.Next() {
		if string(s.Key()) != `"encrypt"` {
			continue
		}
		if v, ok := jsonx.SimpleString(s.Value()); ok {
			return v, nil
		}
		var str string
		if err := json.Unmarshal(s.Value(), &str); err != nil {
			return nil, err
		}
		return []byte(str), nil
	}
	return nil, s.Err()
}
