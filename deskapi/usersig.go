package deskapi

import (
	"bytes"
	"compress/zlib"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Errors of GenUserSig and VerifyUserSig. None of them contains the secret
// key or the UserSig.
var (
	// ErrUserSigMalformed: the UserSig is not Tencent's URL-safe Base64 of
	// a zlib stream of the TLS JSON document.
	ErrUserSigMalformed = errors.New("deskapi: malformed UserSig")
	// ErrUserSigAppID: the UserSig is for another SDKAppID.
	ErrUserSigAppID = errors.New("deskapi: UserSig is for another SDKAppID")
	// ErrUserSigIdentifier: the UserSig is for another identifier.
	ErrUserSigIdentifier = errors.New("deskapi: UserSig is for another identifier")
	// ErrUserSigExpired: now is past the UserSig's time plus its expiry.
	ErrUserSigExpired = errors.New("deskapi: UserSig expired")
	// ErrUserSigMismatch: the HMAC does not match the secret key (or the
	// UserSig carries a userbuf, which a plain UserSig has not).
	ErrUserSigMismatch = errors.New("deskapi: UserSig signature mismatch")
)

// MaxUserSigExpiry is the longest expiry Tencent accepts: 50 years.
const MaxUserSigExpiry = 50 * 365 * 24 * time.Hour

// maxUserSigDoc bounds the inflated TLS document: a real one is about 200
// bytes, and a zlib bomb must not cost more than this.
const maxUserSigDoc = 4 << 10

// userSigDoc is the TLS document, its fields in the order of Tencent's
// official Go implementation, so that GenUserSig's output is byte for byte
// the official one.
type userSigDoc struct {
	Version    string `json:"TLS.ver,omitempty"`
	Identifier string `json:"TLS.identifier,omitempty"`
	SdkAppID   int64  `json:"TLS.sdkappid,omitempty"`
	Expire     int64  `json:"TLS.expire,omitempty"`
	Time       int64  `json:"TLS.time,omitempty"`
	UserBuf    []byte `json:"TLS.userbuf,omitempty"`
	Sig        []byte `json:"TLS.sig,omitempty"`
}

// GenUserSig returns the UserSig (TLSSigAPIv2) of identifier for the
// application sdkAppID, signed with its secret key, valid for expire from
// now (whole seconds, at most MaxUserSigExpiry):
//
//  1. sig = HMAC-SHA256(secretKey, "TLS.identifier:"+id+"\n"+"TLS.sdkappid:"+appid+"\n"+
//     "TLS.time:"+now+"\n"+"TLS.expire:"+expire+"\n");
//  2. the JSON document {"TLS.ver":"2.0","TLS.identifier",…,"TLS.sig":base64(sig)};
//  3. zlib, then Base64 with + / = written * - _.
//
// It is byte for byte what Tencent's official Go implementation gives at the
// same time (stored zlib blocks), and any official implementation verifies
// it. See https://cloud.tencent.com/document/product/269/1664.
func GenUserSig(sdkAppID int64, identifier, secretKey string, expire time.Duration, now time.Time) (string, error) {
	switch {
	case sdkAppID <= 0:
		return "", fmt.Errorf("deskapi: GenUserSig: SDKAppID %d: must be positive", sdkAppID)
	case identifier == "":
		return "", errors.New("deskapi: GenUserSig: empty identifier")
	case secretKey == "":
		return "", errors.New("deskapi: GenUserSig: empty secret key")
	case expire < time.Second || expire > MaxUserSigExpiry:
		return "", fmt.Errorf("deskapi: GenUserSig: expiry %s: want 1s to 50 years", expire)
	}
	doc := userSigDoc{Version: "2.0", Identifier: identifier, SdkAppID: sdkAppID,
		Expire: int64(expire / time.Second), Time: now.Unix()}
	doc.Sig = doc.sign(secretKey)
	var b bytes.Buffer
	zw, err := zlib.NewWriterLevel(&b, zlib.NoCompression)
	if err != nil {
		return "", err
	}
	if err := json.NewEncoder(zw).Encode(doc); err != nil {
		return "", err
	}
	if err := zw.Close(); err != nil {
		return "", err
	}
	return sigEncoding.Replace(base64.StdEncoding.EncodeToString(b.Bytes())), nil
}

// VerifyUserSig checks that sig is a UserSig of identifier for sdkAppID,
// signed with secretKey and valid at now. It accepts the output of any
// official implementation: any zlib level, any JSON formatting. Its errors
// match ErrUserSigMalformed, ErrUserSigAppID, ErrUserSigIdentifier,
// ErrUserSigExpired or ErrUserSigMismatch; the HMAC is compared in constant
// time.
func VerifyUserSig(sdkAppID int64, identifier, secretKey, sig string, now time.Time) error {
	raw, err := base64.StdEncoding.DecodeString(sigDecoding.Replace(sig))
	if err != nil {
		return fmt.Errorf("%w: not Base64", ErrUserSigMalformed)
	}
	zr, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		return fmt.Errorf("%w: not zlib", ErrUserSigMalformed)
	}
	text, err := io.ReadAll(io.LimitReader(zr, maxUserSigDoc+1))
	if err != nil || len(text) > maxUserSigDoc {
		return fmt.Errorf("%w: bad or oversized zlib stream", ErrUserSigMalformed)
	}
	var doc userSigDoc
	if err := json.Unmarshal(text, &doc); err != nil {
		return fmt.Errorf("%w: not the TLS JSON document", ErrUserSigMalformed)
	}
	switch {
	case doc.SdkAppID != sdkAppID:
		return ErrUserSigAppID
	case doc.Identifier != identifier:
		return ErrUserSigIdentifier
	case now.Unix() > doc.Time+doc.Expire:
		return ErrUserSigExpired
	case doc.UserBuf != nil, !hmac.Equal(doc.sign(secretKey), doc.Sig):
		return ErrUserSigMismatch
	}
	return nil
}

// sign is the HMAC-SHA256 of the document's lines.
func (d userSigDoc) sign(key string) []byte {
	h := hmac.New(sha256.New, []byte(key))
	for _, line := range [...]struct{ k, v string }{
		{"TLS.identifier:", d.Identifier},
		{"TLS.sdkappid:", strconv.FormatInt(d.SdkAppID, 10)},
		{"TLS.time:", strconv.FormatInt(d.Time, 10)},
		{"TLS.expire:", strconv.FormatInt(d.Expire, 10)},
	} {
		h.Write([]byte(line.k + line.v + "\n"))
	}
	return h.Sum(nil)
}

// Tencent's URL-safe Base64: + / = are written * - _.
var (
	sigEncoding = strings.NewReplacer("+", "*", "/", "-", "=", "_")
	sigDecoding = strings.NewReplacer("*", "+", "-", "/", "_", "=")
)
