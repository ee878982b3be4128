// Package robotsign is the signature of robot messages DingTalk pushes over
// HTTP, for dingbot (which checks it) and the request builders (which make
// it) without either importing the other.
package robotsign

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
)

// Sign is Base64 of HMAC-SHA256 keyed with the app secret over the
// timestamp (milliseconds), a newline and the app secret.
func Sign(appSecret, timestamp string) string {
	h := hmac.New(sha256.New, []byte(appSecret))
	h.Write([]byte(timestamp + "\n" + appSecret))
	return base64.StdEncoding.EncodeToString(h.Sum(nil))
}
