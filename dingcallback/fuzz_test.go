package dingcallback_test

import (
	"bytes"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/kefu-go/kefu/dingcallback"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/internal/budget"
	"github.com/kefu-go/kefu/kefutest"
)

// FuzzDecrypt signs arbitrary ciphertext correctly, so every later check of
// Decrypt is reached: it must return an error or a message within the input's
// size, never panic.
func FuzzDecrypt(f *testing.F) {
	c, v := vectorCrypto(f)
	f.Add(v.Encrypt)
	f.Add("")
	f.Add("AAAA")
	for _, size := range []int{0, 7, 100, 1024} {
		r, err := c.Encrypt(bytes.Repeat([]byte("x"), size), "1", "n")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(r.Encrypt)
	}
	f.Fuzz(func(t *testing.T, encrypt string) {
		sig := refSign(v.Token, "1", "n", encrypt)
		var msg []byte
		var err error
		if berr := budget.Check(len(encrypt), func() { msg, err = c.Decrypt(sig, "1", "n", encrypt) }); berr != nil {
			t.Fatal(berr)
		}
		if err != nil {
			if msg != nil {
				t.Fatalf("message with error %v", err)
			}
			return
		}
		if len(msg) > base64.StdEncoding.DecodedLen(len(encrypt)) {
			t.Fatalf("message of %d bytes from %d bytes of input", len(msg), len(encrypt))
		}
	})
}

// FuzzHandler sends correctly signed requests with arbitrary plaintext and
// arbitrary raw bodies: the handler answers 200, 400, 403 or 500, and never
// panics.
func FuzzHandler(f *testing.F) {
	c := kefutest.NewDingTalkCrypto()
	r := event.NewRouter()
	h := dingcallback.NewHandler(c, r)
	f.Add([]byte(`{"EventType":"check_url"}`), []byte(nil))
	f.Add([]byte(`{"EventType":"user_add_org","UserId":["u1"],"TimeStamp":"1640921671286"}`), []byte(nil))
	f.Add([]byte(`{"EventType":"label_conf_modify","PostLabelList":["{\"id\":1}"]}`), []byte(nil))
	f.Add([]byte(nil), []byte(`{"encrypt":"AAAA"}`))
	f.Add([]byte(nil), []byte(`{"encrypt":5}`))
	f.Fuzz(func(t *testing.T, plain, raw []byte) {
		target, body := "", raw
		if raw == nil {
			req, err := kefutest.NewDingTalkRequest(c, "/callback", plain)
			if err != nil {
				t.Fatal(err)
			}
			if body, err = io.ReadAll(req.Body); err != nil {
				t.Fatal(err)
			}
			target = req.URL.String()
		} else {
			q := url.Values{"signature": {"x"}, "timestamp": {"1"}, "nonce": {"n"}}
			target = "/callback?" + q.Encode()
		}
		// A fresh request for each of budget.Check's runs: a drained body
		// would make the measured run cost nothing.
		var rec *httptest.ResponseRecorder
		if berr := budget.Check(len(body), func() {
			rec = httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, target, bytes.NewReader(body)))
		}); berr != nil {
			t.Fatal(berr)
		}
		switch rec.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusForbidden, http.StatusInternalServerError:
		default:
			t.Fatalf("status %d", rec.Code)
		}
		if rec.Code == http.StatusOK {
			if _, err := kefutest.OpenDingTalkReply(c, rec.Body); err != nil {
				t.Fatalf("reply does not open: %v", err)
			}
		}
	})
}
