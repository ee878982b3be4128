package dingcallback

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha1" //nolint:gosec // DingTalk's callback signature is defined as SHA-1.
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strings"
)

const (
	aesKeyLen  = 43 // EncodingAESKey characters
	padBlock   = 32 // DingTalk pads to 32-byte blocks
	randomLen  = 16 // random prefix of the plaintext
	lengthLen  = 4  // big-endian message length
	nonceLen   = 16 // characters of a generated nonce
	nonceChars = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
)

// Crypto verifies, decrypts and encrypts DingTalk callback messages (回调加解密)
// for one subscription: its token, EncodingAESKey and owner key. It is safe
// for concurrent use.
type Crypto struct {
	tokenBytes []byte
	owner      []byte
	iv         []byte
	block      cipher.Block
	rand       io.Reader
}

// NewCrypto returns a Crypto for a subscription. token and aesKey are the
// values configured in the DingTalk console (aesKey is the 43-character
// EncodingAESKey); ownerKey is what DingTalk appends to every plaintext: the
// appKey for internal apps, the suiteKey for third-party apps, or the corpId
// for subscriptions registered through the register_call_back API.
//
// The errors (ErrInvalidToken, ErrInvalidAESKey, ErrInvalidOwnerKey) never
// contain the secrets.
func NewCrypto(token, aesKey, ownerKey string) (*Crypto, error) {
	if token == "" {
		return nil, ErrInvalidToken
	}
	if ownerKey == "" {
		return nil, ErrInvalidOwnerKey
	}
	if len(aesKey) != aesKeyLen {
		return nil, fmt.Errorf("%w: it must have %d characters, not %d", ErrInvalidAESKey, aesKeyLen, len(aesKey))
	}
	key, err := base64.StdEncoding.DecodeString(aesKey + "=")
	if err != nil || len(key) != 32 {
		return nil, fmt.Errorf("%w: it is not base64 for a 32-byte key", ErrInvalidAESKey)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("%w: %T", ErrInvalidAESKey, err)
	}
	return &Crypto{
		tokenBytes: []byte(token),
		owner:      []byte(ownerKey),
		iv:         key[:aes.BlockSize],
		block:      block,
		rand:       rand.Reader,
	}, nil
}

// OwnerKey returns the owner key the Crypto expects (an appKey, suiteKey or
// corpId: an identifier, not a secret).
func (c *Crypto) OwnerKey() string { return string(c.owner) }

// sign returns lowercase hex SHA-1 over the sorted concatenation of the
// token, timestamp, nonce and encrypt.
func (c *Crypto) sign(timestamp, nonce string, encrypt []byte) string {
	parts := [4][]byte{c.tokenBytes, []byte(timestamp), []byte(nonce), encrypt}
	slices.SortFunc(parts[:], bytes.Compare)
	h := sha1.New() //nolint:gosec // defined by the protocol
	for _, p := range parts {
		h.Write(p)
	}
	var sum [sha1.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0]))
}

// Verify reports whether signature is the signature of timestamp, nonce and
// encrypt, comparing in constant time. Case of the hex digits is ignored.
func (c *Crypto) Verify(signature, timestamp, nonce, encrypt string) bool {
	return c.verify(signature, timestamp, nonce, []byte(encrypt))
}

func (c *Crypto) verify(signature, timestamp, nonce string, encrypt []byte) bool {
	want := c.sign(timestamp, nonce, encrypt)
	return subtle.ConstantTimeCompare([]byte(want), []byte(strings.ToLower(signature))) == 1
}

// Decrypt verifies the signature of a callback and returns its plaintext
// message, typically a JSON event for event.Parse. It checks, in order: the
// signature (ErrSignatureMismatch), base64 (ErrBadBase64), the block size
// (ErrBadBlockSize), the padding (ErrBadPadding, pad values 1..32), the length
// field against the plaintext (ErrBadLength) and the owner key
// (ErrOwnerMismatch). Nothing it is given can make it panic or allocate more
// than the input's size.
func (c *Crypto) Decrypt(signature, timestamp, nonce, encrypt string) ([]byte, error) {
	return c.decrypt(signature, timestamp, nonce, []byte(encrypt))
}

// decrypt is Decrypt over the bytes of encrypt, which the handler slices out
// of the request body without a copy.
func (c *Crypto) decrypt(signature, timestamp, nonce string, encrypt []byte) ([]byte, error) {
	if !c.verify(signature, timestamp, nonce, encrypt) {
		return nil, ErrSignatureMismatch
	}
	buf := make([]byte, base64.StdEncoding.DecodedLen(len(encrypt)))
	n, err := base64.StdEncoding.Decode(buf, encrypt)
	if err != nil {
		return nil, ErrBadBase64
	}
	ct := buf[:n]
	if len(ct) == 0 || len(ct)%aes.BlockSize != 0 {
		return nil, ErrBadBlockSize
	}
	cipher.NewCBCDecrypter(c.block, c.iv).CryptBlocks(ct, ct)

	pad := int(ct[len(ct)-1])
	if pad < 1 || pad > padBlock || pad > len(ct) {
		return nil, ErrBadPadding
	}
	for _, b := range ct[len(ct)-pad:] {
		if int(b) != pad {
			return nil, ErrBadPadding
		}
	}
	plain := ct[:len(ct)-pad]
	if len(plain) < randomLen+lengthLen {
		return nil, ErrBadLength
	}
	size := binary.BigEndian.Uint32(plain[randomLen:])
	rest := plain[randomLen+lengthLen:]
	if uint64(size) > uint64(len(rest)) {
		return nil, ErrBadLength
	}
	msg, owner := rest[:size], rest[size:]
	if subtle.ConstantTimeCompare(owner, c.owner) != 1 {
		return nil, ErrOwnerMismatch
	}
	return msg, nil
}

// Reply is the JSON a callback receiver answers DingTalk with: the encrypted
// message (normally "success"), signed over the reply's own timestamp and
// nonce.
type Reply struct {
	MsgSignature string `json:"msg_signature"`
	TimeStamp    string `json:"timeStamp"`
	Nonce        string `json:"nonce"`
	Encrypt      string `json:"encrypt"`
}

// Encrypt encrypts msg for DingTalk: 16 random bytes from crypto/rand, the
// big-endian length, msg and the owner key, padded to 32-byte blocks, in
// AES-256-CBC, base64; and signs it over timestamp and nonce. An empty nonce
// is replaced by a random 16-character one. DingTalk expects timestamp in
// milliseconds.
func (c *Crypto) Encrypt(msg []byte, timestamp, nonce string) (*Reply, error) {
	if uint64(len(msg)) > uint64(^uint32(0)) {
		return nil, fmt.Errorf("dingcallback: message of %d bytes is too long", len(msg))
	}
	// One read of crypto/rand serves the random prefix and, when needed, the
	// nonce.
	var rnd [randomLen + nonceLen]byte
	if _, err := io.ReadFull(c.rand, rnd[:]); err != nil {
		return nil, fmt.Errorf("dingcallback: reading random bytes: %w", err)
	}
	if nonce == "" {
		nonce = nonceFrom(rnd[randomLen:])
	}
	plainLen := randomLen + lengthLen + len(msg) + len(c.owner)
	pad := padBlock - plainLen%padBlock
	buf := make([]byte, plainLen+pad)
	copy(buf, rnd[:randomLen])
	binary.BigEndian.PutUint32(buf[randomLen:], uint32(len(msg))) //nolint:gosec // bounded above
	n := copy(buf[randomLen+lengthLen:], msg)
	copy(buf[randomLen+lengthLen+n:], c.owner)
	for i := plainLen; i < len(buf); i++ {
		buf[i] = byte(pad)
	}
	cipher.NewCBCEncrypter(c.block, c.iv).CryptBlocks(buf, buf)
	enc := base64.StdEncoding.EncodeToString(buf)
	return &Reply{
		MsgSignature: c.sign(timestamp, nonce, []byte(enc)),
		TimeStamp:    timestamp,
		Nonce:        nonce,
		Encrypt:      enc,
	}, nil
}

// nonceFrom maps random bytes to an alphanumeric nonce.
func nonceFrom(rnd []byte) string {
	b := make([]byte, len(rnd))
	for i, r := range rnd {
		b[i] = nonceChars[int(r)%len(nonceChars)]
	}
	return string(b)
}
