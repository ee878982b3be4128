package dingcallback

import "errors"

// Errors of NewCrypto: the configuration is wrong. None of them contains the
// token or the key.
var (
	// ErrInvalidToken: the callback token is empty.
	ErrInvalidToken = errors.New("dingcallback: the callback token is empty")
	// ErrInvalidAESKey: the EncodingAESKey is not 43 base64 characters
	// decoding to 32 bytes (DingTalk code 900004).
	ErrInvalidAESKey = errors.New("dingcallback: invalid aesKey")
	// ErrInvalidOwnerKey: the owner key (appKey, suiteKey or corpId) is empty.
	ErrInvalidOwnerKey = errors.New("dingcallback: the owner key is empty")
)

// Errors of Decrypt: each way a callback can be bad. errors.Is matches them.
// None of them reveals the key or the token.
var (
	// ErrSignatureMismatch: the signature does not match token, timestamp,
	// nonce and encrypt (DingTalk code 900005).
	ErrSignatureMismatch = errors.New("dingcallback: signature mismatch")
	// ErrBadBase64: encrypt is not standard base64.
	ErrBadBase64 = errors.New("dingcallback: encrypt is not valid base64")
	// ErrBadBlockSize: the ciphertext is empty or not a whole number of AES
	// blocks.
	ErrBadBlockSize = errors.New("dingcallback: ciphertext is not a whole number of AES blocks")
	// ErrBadPadding: the PKCS#7 padding is not 1..32 equal bytes.
	ErrBadPadding = errors.New("dingcallback: bad PKCS#7 padding")
	// ErrBadLength: the message length field does not fit the plaintext
	// (DingTalk code 900009).
	ErrBadLength = errors.New("dingcallback: message length does not fit the plaintext")
	// ErrOwnerMismatch: the message is for another app, suite or corp
	// (DingTalk code 900010).
	ErrOwnerMismatch = errors.New("dingcallback: owner key mismatch")
)

// Errors of ValidateRequest besides those of Decrypt.
var (
	// ErrMissingParams: the query lacks msg_signature (or signature),
	// timestamp or nonce.
	ErrMissingParams = errors.New("dingcallback: missing msg_signature, timestamp or nonce")
	// ErrBadBody: the body is not {"encrypt":"…"} with a non-empty encrypt.
	ErrBadBody = errors.New(`dingcallback: the body is not {"encrypt":"…"}`)
	// ErrReplayWindow: the timestamp is not a number or lies outside the
	// window of WithReplayWindow.
	ErrReplayWindow = errors.New("dingcallback: timestamp outside the replay window")
)
