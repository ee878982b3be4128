package deskcallback

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// DefaultSignatureWindow is how far RequestTime may be from now.
const DefaultSignatureWindow = 60 * time.Second

// Sign returns the Sign Tencent sends with callback authentication on:
// lowercase hex SHA-256 of token followed by requestTime (Unix seconds). It
// is plain SHA-256 of the concatenation, not an HMAC.
func Sign(token, requestTime string) string {
	h := sha256.New()
	h.Write([]byte(token))
	h.Write([]byte(requestTime))
	return hex.EncodeToString(h.Sum(nil))
}

// VerifySignature checks a callback's Sign and RequestTime against token:
// the signature in constant time, and RequestTime within 60 seconds of now,
// before or after. It returns nil, ErrMissingSignature, ErrBadRequestTime,
// ErrRequestExpired or ErrSignatureMismatch.
func VerifySignature(token, requestTime, sign string, now time.Time) error {
	return verifySignature(token, requestTime, sign, now, DefaultSignatureWindow)
}

func verifySignature(token, requestTime, sign string, now time.Time, window time.Duration) error {
	if sign == "" || requestTime == "" {
		return ErrMissingSignature
	}
	sec, err := strconv.ParseInt(requestTime, 10, 64)
	if err != nil {
		return ErrBadRequestTime
	}
	if d := now.Sub(time.Unix(sec, 0)).Abs(); d > window {
		return ErrRequestExpired
	}
	want := Sign(token, requestTime)
	if subtle.ConstantTimeCompare([]byte(want), []byte(strings.ToLower(sign))) != 1 {
		return ErrSignatureMismatch
	}
	return nil
}
