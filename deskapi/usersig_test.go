package deskapi_test

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/deskapi"
)

// The inputs of the official implementations' own examples
// (tencentyun/tls-sig-api-v2-python TLSSigAPIv2.py main: SDKAppID
// 1400000000, this key, "xiaojun", 180 days), at a fixed time.
const (
	officialAppID = 1400000000
	officialKey   = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"
	officialUser  = "xiaojun"
	officialTime  = 1700000000
)

var officialExpiry = 180 * 24 * time.Hour

// What the official implementations gave for those inputs at officialTime,
// run beside this repository (their time.Now pinned; their code is not
// part of it): Tencent's Go implementation (tencentyun/tls-sig-api-v2-golang
// @061d84e, stored zlib blocks), and the Python one (TLSSigAPIv2.py, zlib
// level 6, and the same document at level 9).
const (
	officialGo       = "eAEArABT-3siVExTLnZlciI6IjIuMCIsIlRMUy5pZGVudGlmaWVyIjoieGlhb2p1biIsIlRMUy5zZGthcHBpZCI6MTQwMDAwMDAwMCwiVExTLmV4cGlyZSI6MTU1NTIwMDAsIlRMUy50aW1lIjoxNzAwMDAwMDAwLCJUTFMuc2lnIjoiTHZBN2QvSXc3Z1NzbnNrdlZ6QkRQT0NDRGJ1TkN3NEdId1RDMGJpcCtCND0ifQoBAAD--9-DMfw_"
	officialPython   = "eJyrVgrxCdYrSy1SslJQMtIzUNJRAItkpqTmlWSmZUIkKjIT87NK82CSxSnZiQUFmSlAKUMTAyiAyqVWFGQWpYJkTE1NjRDiJZm5YFFzNPXFmekgG3zKHM1T9D3LzdODi-OKs8vCqpxcAvydnV2SSv2cy03cPcpDnA2SMgu0nUxslWoBHdYzUg__"
	officialPythonL9 = "eNqrVgrxCdYrSy1SslJQMtIzUNJRAItkpqTmlWSmZUIkKjIT87NK82CSxSnZiQUFmSlAKUMTAyiAyqVWFGQWpYJkTE1NjRDiJZm5YFFzNPXFmekgG3zKHM1T9D3LzdODi-OKs8vCqpxcAvydnV2SSv2cy03cPcpDnA2SMgu0nUxslWoBHdYzUg__"
)

func TestGenUserSigIsTheOfficialOne(t *testing.T) {
	t.Parallel()
	sig, err := deskapi.GenUserSig(officialAppID, officialUser, officialKey, officialExpiry, time.Unix(officialTime, 0))
	require.NoError(t, err)
	assert.Equal(t, officialGo, sig, "byte for byte Tencent's Go implementation")
}

func TestVerifyUserSigAcceptsEveryOfficialPacking(t *testing.T) {
	t.Parallel()
	at := time.Unix(officialTime+3600, 0)
	for name, sig := range map[string]string{"go": officialGo, "python": officialPython, "python level 9": officialPythonL9} {
		assert.NoError(t, deskapi.VerifyUserSig(officialAppID, officialUser, officialKey, sig, at), name)
	}
	// The same document at every zlib level.
	raw, err := base64.StdEncoding.DecodeString(strings.NewReplacer("*", "+", "-", "/", "_", "=").Replace(officialGo))
	require.NoError(t, err)
	zr, err := zlib.NewReader(bytes.NewReader(raw))
	require.NoError(t, err)
	var doc bytes.Buffer
	_, err = doc.ReadFrom(zr)
	require.NoError(t, err)
	for level := zlib.HuffmanOnly; level <= zlib.BestCompression; level++ {
		var b bytes.Buffer
		zw, err := zlib.NewWriterLevel(&b, level)
		require.NoError(t, err)
		_, _ = zw.Write(doc.Bytes())
		require.NoError(t, zw.Close())
		sig := strings.NewReplacer("+", "*", "/", "-", "=", "_").Replace(base64.StdEncoding.EncodeToString(b.Bytes()))
		assert.NoError(t, deskapi.VerifyUserSig(officialAppID, officialUser, officialKey, sig, at), "level %d", level)
	}
}

func TestVerifyUserSigRejects(t *testing.T) {
	t.Parallel()
	at := time.Unix(officialTime+3600, 0)
	for name, tc := range map[string]struct {
		appID     int64
		user, key string
		sig       string
		now       time.Time
		want      error
	}{
		"other app":      {officialAppID + 1, officialUser, officialKey, officialGo, at, deskapi.ErrUserSigAppID},
		"other user":     {officialAppID, "someone", officialKey, officialGo, at, deskapi.ErrUserSigIdentifier},
		"expired":        {officialAppID, officialUser, officialKey, officialGo, time.Unix(officialTime, 0).Add(officialExpiry + time.Second), deskapi.ErrUserSigExpired},
		"other key":      {officialAppID, officialUser, "another-key", officialGo, at, deskapi.ErrUserSigMismatch},
		"not base64":     {officialAppID, officialUser, officialKey, "!!!", at, deskapi.ErrUserSigMalformed},
		"not zlib":       {officialAppID, officialUser, officialKey, "aGVsbG8_", at, deskapi.ErrUserSigMalformed},
		"truncated":      {officialAppID, officialUser, officialKey, officialGo[:60], at, deskapi.ErrUserSigMalformed},
		"empty":          {officialAppID, officialUser, officialKey, "", at, deskapi.ErrUserSigMalformed},
		"zlib bomb":      {officialAppID, officialUser, officialKey, bomb(t), at, deskapi.ErrUserSigMalformed},
		"not a document": {officialAppID, officialUser, officialKey, packed(t, `[1,2]`), at, deskapi.ErrUserSigMalformed},
	} {
		err := deskapi.VerifyUserSig(tc.appID, tc.user, tc.key, tc.sig, tc.now)
		require.ErrorIs(t, err, tc.want, name)
		assert.NotContains(t, err.Error(), officialKey, name)
	}
}

func TestGenUserSigValidates(t *testing.T) {
	t.Parallel()
	now := time.Now()
	for name, err := range map[string]error{
		"app":      errOf(deskapi.GenUserSig(0, "a", "k", time.Hour, now)),
		"user":     errOf(deskapi.GenUserSig(1, "", "k", time.Hour, now)),
		"key":      errOf(deskapi.GenUserSig(1, "a", "", time.Hour, now)),
		"short":    errOf(deskapi.GenUserSig(1, "a", "k", time.Millisecond, now)),
		"too long": errOf(deskapi.GenUserSig(1, "a", "k", deskapi.MaxUserSigExpiry+time.Hour, now)),
	} {
		assert.Error(t, err, name)
	}
	sig, err := deskapi.GenUserSig(42, "admin", "k", time.Hour, now)
	require.NoError(t, err)
	require.NoError(t, deskapi.VerifyUserSig(42, "admin", "k", sig, now.Add(59*time.Minute)))
	require.ErrorIs(t, deskapi.VerifyUserSig(42, "admin", "k", sig, now.Add(61*time.Minute)), deskapi.ErrUserSigExpired)
}

func errOf(_ string, err error) error { return err }

// packed is doc as a UserSig is packed.
func packed(t testing.TB, doc string) string {
	var b bytes.Buffer
	zw := zlib.NewWriter(&b)
	_, _ = zw.Write([]byte(doc))
	require.NoError(t, zw.Close())
	return strings.NewReplacer("+", "*", "/", "-", "=", "_").Replace(base64.StdEncoding.EncodeToString(b.Bytes()))
}

// bomb is a UserSig that inflates to 8 MiB.
func bomb(t testing.TB) string {
	return packed(t, `{"TLS.identifier":"`+strings.Repeat("x", 8<<20)+`"}`)
}
