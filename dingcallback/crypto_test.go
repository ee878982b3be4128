package dingcallback_test

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha1" //nolint:gosec // the protocol's signature
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/dingcallback"
)

type vector struct {
	Token, AESKey, OwnerKey, Signature, Timestamp, Nonce, Encrypt, Plaintext string
}

func loadVector(t testing.TB) vector {
	t.Helper()
	data, err := os.ReadFile("testdata/vector.json")
	require.NoError(t, err)
	var v vector
	require.NoError(t, json.Unmarshal(data, &v))
	return v
}

func vectorCrypto(t testing.TB) (*dingcallback.Crypto, vector) {
	t.Helper()
	v := loadVector(t)
	c, err := dingcallback.NewCrypto(v.Token, v.AESKey, v.OwnerKey)
	require.NoError(t, err)
	return c, v
}

// refSign is the documented signature rule, written independently of the
// package: lowercase hex SHA-1 of the sorted, concatenated strings.
func refSign(parts ...string) string {
	s := append([]string(nil), parts...)
	sort.Strings(s)
	sum := sha1.Sum([]byte(strings.Join(s, ""))) //nolint:gosec // the protocol's signature
	return hex.EncodeToString(sum[:])
}

// rawEncrypt encrypts plaintext bytes exactly as given (no framing, no
// padding added) with the vector's key, to craft hostile ciphertexts.
func rawEncrypt(t testing.TB, aesKey string, plain []byte) string {
	t.Helper()
	key, err := base64.StdEncoding.DecodeString(aesKey + "=")
	require.NoError(t, err)
	block, err := aes.NewCipher(key)
	require.NoError(t, err)
	out := make([]byte, len(plain))
	cipher.NewCBCEncrypter(block, key[:16]).CryptBlocks(out, plain)
	return base64.StdEncoding.EncodeToString(out)
}

// frame builds random‖len‖msg‖owner with pad bytes appended.
func frame(msg, owner string, length uint32, pad int, padByte byte) []byte {
	b := make([]byte, 16, 16+4+len(msg)+len(owner)+pad)
	b = binary.BigEndian.AppendUint32(b, length)
	b = append(b, msg...)
	b = append(b, owner...)
	return append(b, bytes.Repeat([]byte{padByte}, pad)...)
}

func TestDecryptPublicVector(t *testing.T) {
	t.Parallel()
	c, v := vectorCrypto(t)
	assert.Equal(t, v.Signature, refSign(v.Token, v.Timestamp, v.Nonce, v.Encrypt))
	assert.Equal(t, v.OwnerKey, c.OwnerKey())
	msg, err := c.Decrypt(v.Signature, v.Timestamp, v.Nonce, v.Encrypt)
	require.NoError(t, err)
	assert.Equal(t, v.Plaintext, string(msg))

	// Upper-case hex is the same signature.
	msg, err = c.Decrypt(strings.ToUpper(v.Signature), v.Timestamp, v.Nonce, v.Encrypt)
	require.NoError(t, err)
	assert.Equal(t, v.Plaintext, string(msg))
}

func TestNewCryptoValidates(t *testing.T) {
	t.Parallel()
	v := loadVector(t)
	tests := []struct {
		name, token, aesKey, owner string
		want                       error
	}{
		{"empty token", "", v.AESKey, v.OwnerKey, dingcallback.ErrInvalidToken},
		{"empty owner", v.Token, v.AESKey, "", dingcallback.ErrInvalidOwnerKey},
		{"short key", v.Token, v.AESKey[:42], v.OwnerKey, dingcallback.ErrInvalidAESKey},
		{"long key", v.Token, v.AESKey + "a", v.OwnerKey, dingcallback.ErrInvalidAESKey},
		{"not base64", v.Token, "!" + v.AESKey[1:], v.OwnerKey, dingcallback.ErrInvalidAESKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := dingcallback.NewCrypto(tt.token, tt.aesKey, tt.owner)
			assert.Nil(t, c)
			require.ErrorIs(t, err, tt.want)
			assert.NotContains(t, err.Error(), v.AESKey[:20])
			if tt.token != "" {
				assert.NotContains(t, err.Error(), tt.token)
			}
		})
	}
}

func TestEncryptDecryptRoundTrip(t *testing.T) {
	t.Parallel()
	c, v := vectorCrypto(t)
	for _, size := range []int{0, 1, 2, 11, 12, 13, 31, 32, 33, 100, 1024, 4097, 64 << 10} {
		msg := bytes.Repeat([]byte("钉a"), size/4+1)[:size]
		reply, err := c.Encrypt(msg, "1605695694141", "")
		require.NoError(t, err, size)

		// The reply's signature follows the documented rule over its own
		// timestamp and nonce.
		assert.Equal(t, refSign(v.Token, reply.TimeStamp, reply.Nonce, reply.Encrypt), reply.MsgSignature)
		assert.Len(t, reply.Nonce, 16)
		ct, err := base64.StdEncoding.DecodeString(reply.Encrypt)
		require.NoError(t, err)
		assert.Zero(t, len(ct)%32, "padded to 32-byte blocks")

		got, err := c.Decrypt(reply.MsgSignature, reply.TimeStamp, reply.Nonce, reply.Encrypt)
		require.NoError(t, err, size)
		assert.Equal(t, msg, got)
	}
}

func TestEncryptIsRandomised(t *testing.T) {
	t.Parallel()
	c, _ := vectorCrypto(t)
	a, err := c.Encrypt([]byte("success"), "1", "n")
	require.NoError(t, err)
	b, err := c.Encrypt([]byte("success"), "1", "n")
	require.NoError(t, err)
	assert.NotEqual(t, a.Encrypt, b.Encrypt)
	assert.Equal(t, "n", a.Nonce)
}

func TestReplyJSON(t *testing.T) {
	t.Parallel()
	out, err := json.Marshal(dingcallback.Reply{MsgSignature: "s", TimeStamp: "1", Nonce: "n", Encrypt: "e"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"msg_signature":"s","timeStamp":"1","nonce":"n","encrypt":"e"}`, string(out))
}

func TestDecryptRejects(t *testing.T) {
	t.Parallel()
	c, v := vectorCrypto(t)
	other, err := dingcallback.NewCrypto(v.Token, v.AESKey, "dingother")
	require.NoError(t, err)
	fromOther, err := other.Encrypt([]byte("success"), "1", "n")
	require.NoError(t, err)

	tests := []struct {
		name    string
		encrypt string
		want    error
	}{
		{"bad base64", "not base64!", dingcallback.ErrBadBase64},
		{"empty ciphertext", "", dingcallback.ErrBadBlockSize},
		{"partial block", base64.StdEncoding.EncodeToString(make([]byte, 20)), dingcallback.ErrBadBlockSize},
		// 16 random + 4 length + 7 "success" + 10 owner = 37 bytes: 11 to pad.
		{"pad zero", rawEncrypt(t, v.AESKey, frame("success", v.OwnerKey, 7, 11, 0)), dingcallback.ErrBadPadding},
		{"pad 33", rawEncrypt(t, v.AESKey, frame("success", v.OwnerKey, 7, 11, 33)), dingcallback.ErrBadPadding},
		{"pad bytes differ", rawEncrypt(t, v.AESKey, append(frame("success", v.OwnerKey, 7, 10, 9), 11)), dingcallback.ErrBadPadding},
		{"length too large", rawEncrypt(t, v.AESKey, frame("success", v.OwnerKey, 1<<31, 11, 11)), dingcallback.ErrBadLength},
		{"length max uint32", rawEncrypt(t, v.AESKey, frame("success", v.OwnerKey, ^uint32(0), 11, 11)), dingcallback.ErrBadLength},
		{"length one past", rawEncrypt(t, v.AESKey, frame("success", v.OwnerKey, 18, 11, 11)), dingcallback.ErrBadLength},
		{"too short for header", rawEncrypt(t, v.AESKey, append(make([]byte, 16), bytes.Repeat([]byte{16}, 16)...)), dingcallback.ErrBadLength},
		{"owner mismatch", fromOther.Encrypt, dingcallback.ErrOwnerMismatch},
		{"owner truncated", rawEncrypt(t, v.AESKey, frame("success", v.OwnerKey[:5], 7, 32, 32)), dingcallback.ErrOwnerMismatch},
		{"length swallows owner", rawEncrypt(t, v.AESKey, frame("success", v.OwnerKey, 17, 11, 11)), dingcallback.ErrOwnerMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sig := refSign(v.Token, "1", "n", tt.encrypt)
			msg, err := c.Decrypt(sig, "1", "n", tt.encrypt)
			assert.Nil(t, msg)
			require.ErrorIs(t, err, tt.want)
			assert.NotContains(t, err.Error(), v.Token)
			assert.NotContains(t, err.Error(), v.AESKey)
		})
	}
}

func TestDecryptAcceptsSixteenBytePadding(t *testing.T) {
	t.Parallel()
	c, v := vectorCrypto(t)
	// 16+4+7+10 = 37 bytes; a sender padding to 16-byte blocks adds 11.
	enc := rawEncrypt(t, v.AESKey, frame("success", v.OwnerKey, 7, 11, 11))
	msg, err := c.Decrypt(refSign(v.Token, "1", "n", enc), "1", "n", enc)
	require.NoError(t, err)
	assert.Equal(t, "success", string(msg))
}

func TestDecryptSignatureMismatch(t *testing.T) {
	t.Parallel()
	c, v := vectorCrypto(t)
	for name, args := range map[string][4]string{
		"tampered signature": {"0" + v.Signature[1:], v.Timestamp, v.Nonce, v.Encrypt},
		"other timestamp":    {v.Signature, "1605695694142", v.Nonce, v.Encrypt},
		"other nonce":        {v.Signature, v.Timestamp, "x", v.Encrypt},
		"short signature":    {v.Signature[:10], v.Timestamp, v.Nonce, v.Encrypt},
		"empty signature":    {"", v.Timestamp, v.Nonce, v.Encrypt},
	} {
		msg, err := c.Decrypt(args[0], args[1], args[2], args[3])
		assert.Nil(t, msg, name)
		assert.ErrorIs(t, err, dingcallback.ErrSignatureMismatch, name)
	}
}
