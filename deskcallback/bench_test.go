package deskcallback_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/kefu-go/kefu/deskcallback"
	"github.com/kefu-go/kefu/kefutest"
)

// mirrorSessionEvent is what a user would write by hand: exact tags, the
// message content left as raw JSON.
type mirrorSessionEvent struct {
	CallbackCommand   string `json:"CallbackCommand"`
	SessionID         string `json:"SessionId"`
	Event             string `json:"Event"`
	EventTime         int64  `json:"EventTime"`
	ChannelType       string `json:"ChannelType"`
	ClientUserID      string `json:"ClientUserId"`
	CustomerServiceID string `json:"CustomerServiceId"`
	AgentID           string `json:"AgentId"`
	MsgKey            string `json:"MsgKey"`
	MsgBody           []struct {
		MsgType    string          `json:"MsgType"`
		MsgContent json.RawMessage `json:"MsgContent"`
	} `json:"MsgBody"`
	CloudCustomData      string `json:"CloudCustomData"`
	IsContactUser        bool   `json:"IsContactUser"`
	SatisfactionSelected int    `json:"SatisfactionSelected"`
}

// BenchmarkParseSessionEvent runs ParseSessionEvent of the seed sample
// beside a plain encoding/json decode into the mirror, in the same run.
func BenchmarkParseSessionEvent(b *testing.B) {
	data := readFile(b, "seed_session_event.json")
	b.Run("encoding_json_mirror", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			var m mirrorSessionEvent
			if err := json.Unmarshal(data, &m); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ParseSessionEvent", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := deskcallback.ParseSessionEvent(data); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkHandler serves one signed Desk.SessionEventNotify through the
// Handler beside what a user would write by hand for the same request —
// check SdkAppid and Sign, json.Unmarshal into the mirror, fixed reply — in
// the same run. The request is built the same way on both sides.
func BenchmarkHandler(b *testing.B) {
	data := readFile(b, "seed_session_event.json")
	const appID, token = "1400000001", "desk-callback-token"
	newReq := func() *http.Request {
		req, err := kefutest.NewDeskRequest("/desk", appID, token, deskcallback.CommandSessionEventNotify, data)
		if err != nil {
			b.Fatal(err)
		}
		return req
	}
	handwritten := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("SdkAppid") != appID || deskcallback.VerifySignature(token, q.Get("RequestTime"), q.Get("Sign"), time.Now()) != nil {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		if err != nil {
			http.Error(w, "bad body", http.StatusBadRequest)
			return
		}
		var ev mirrorSessionEvent
		if err := json.Unmarshal(body, &ev); err != nil {
			http.Error(w, "bad body", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write([]byte(`{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}`))
	})
	handler, err := deskcallback.New(deskcallback.Config{SdkAppID: appID, Token: token,
		OnSessionEvent: func(context.Context, *deskcallback.Query, *deskcallback.SessionEvent) error { return nil }})
	if err != nil {
		b.Fatal(err)
	}
	for _, side := range []struct {
		name string
		h    http.Handler
	}{{"impl=handwritten", handwritten}, {"impl=Handler", handler}} {
		b.Run(side.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				side.h.ServeHTTP(w, newReq())
				if w.Code != http.StatusOK {
					b.Fatal(w.Code, w.Body.String())
				}
			}
		})
	}
}
