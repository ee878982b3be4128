package dingcallback_test

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha1" //nolint:gosec // the protocol's signature
	"encoding/base64"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kefu-go/kefu/dedup"
	"github.com/kefu-go/kefu/dingcallback"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/kefutest"
)

// event1KiB is a bpms_task_change padded with a remark to 1 KiB.
func event1KiB() []byte {
	head := `{"EventType":"bpms_task_change","processInstanceId":"60406628-b642-4740-81e7-68cc67ebaa45","corpId":"dingc7c5220402493357f2c783f7214b6d69","type":"finish","result":"agree","createTime":1640682790000,"staffId":"manager164","taskId":72062030325,"remark":"`
	tail := `"}`
	return []byte(head + strings.Repeat("r", 1024-len(head)-len(tail)) + tail)
}

// BenchmarkDecrypt runs Decrypt of a 1 KiB event beside the bare cost of its
// parts: SHA-1 over the four sorted strings, base64 decoding and AES-CBC
// decryption, in one loop.
func BenchmarkDecrypt(b *testing.B) {
	c := kefutest.NewDingTalkCrypto()
	msg := event1KiB()
	r, err := c.Encrypt(msg, "1605695694141", "WelUQl6bCqcBa2fM")
	if err != nil {
		b.Fatal(err)
	}
	key, _ := base64.StdEncoding.DecodeString(kefutest.DingTalkAESKey + "=")
	block, _ := aes.NewCipher(key)

	b.Run("parts", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(msg)))
		for b.Loop() {
			parts := []string{kefutest.DingTalkToken, r.TimeStamp, r.Nonce, r.Encrypt}
			slices.Sort(parts)
			h := sha1.New() //nolint:gosec // the protocol's signature
			for _, p := range parts {
				h.Write([]byte(p))
			}
			if hex.EncodeToString(h.Sum(nil)) != r.MsgSignature {
				b.Fatal("signature")
			}
			ct, err := base64.StdEncoding.DecodeString(r.Encrypt)
			if err != nil {
				b.Fatal(err)
			}
			cipher.NewCBCDecrypter(block, key[:16]).CryptBlocks(ct, ct)
		}
	})
	b.Run("Decrypt", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(msg)))
		for b.Loop() {
			if _, err := c.Decrypt(r.MsgSignature, r.TimeStamp, r.Nonce, r.Encrypt); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkHandler runs the whole handler (httptest.NewRecorder, no network)
// beside Decrypt+Parse of the same request: the handler adds reading the
// body, dispatching and encrypting the reply.
func BenchmarkHandler(b *testing.B) {
	c := kefutest.NewDingTalkCrypto()
	msg := event1KiB()
	req, err := kefutest.NewDingTalkRequest(c, "/callback", msg)
	if err != nil {
		b.Fatal(err)
	}
	var body bytes.Buffer
	if _, err := body.ReadFrom(req.Body); err != nil {
		b.Fatal(err)
	}
	q := req.URL.Query()
	r, err := c.Encrypt(msg, q.Get("timestamp"), q.Get("nonce"))
	if err != nil {
		b.Fatal(err)
	}
	router := event.NewRouter()
	event.Handle(router, func(context.Context, *event.BpmTaskChange) error { return nil })
	h := dingcallback.NewHandler(c, router)
	target := req.URL.String()

	b.Run("Decrypt+Parse", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			plain, err := c.Decrypt(r.MsgSignature, r.TimeStamp, r.Nonce, r.Encrypt)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := event.Parse(plain); err != nil {
				b.Fatal(err)
			}
		}
	})
	serve := func(h http.Handler) func(b *testing.B) {
		return func(b *testing.B) {
			b.ReportAllocs()
			req := httptest.NewRequest("POST", target, nil)
			rd := bytes.NewReader(nil)
			for b.Loop() {
				rd.Reset(body.Bytes())
				req.Body, req.ContentLength = io.NopCloser(rd), int64(body.Len())
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatal(rec.Code, rec.Body.String())
				}
			}
		}
	}
	b.Run("Handler", serve(h))
	// With a store whose TTL ends at once, every delivery is claimed,
	// dispatched and completed: the full cost of de-duplication.
	store, err := dedup.NewMemory(time.Nanosecond)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("Handler+dedup.Memory", serve(dingcallback.NewHandler(c, router, dingcallback.WithDeduplicator(store))))
}
