package dingcallback_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/dingcallback"
	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/internal/budget"
	"github.com/kefu-go/kefu/kefutest"
)

// TestHandlerResourceBudget: for hostile requests up to the body limit —
// correctly encrypted worst-shape plaintexts, and raw bodies that never
// decrypt — the whole handler (read, verify, decrypt, parse, dispatch,
// reply) allocates at most budget.Factor bytes per body byte.
func TestHandlerResourceBudget(t *testing.T) { // not parallel: it measures the heap
	c := kefutest.NewDingTalkCrypto()
	r := event.NewRouter()
	r.HandleDefault(func(context.Context, event.Event) error { return nil })
	h := dingcallback.NewHandler(c, r)
	// The ciphertext is base64 of the padded plaintext: 4/3 of it and more.
	const plainSize = (dingcallback.DefaultMaxBodySize - 1024) * 3 / 4
	repeat := func(unit string, size int) string {
		return strings.Repeat(unit+",", size/(len(unit)+1)) + unit
	}
	plaintexts := map[string]string{
		"many user ids":     `{"EventType":"user_add_org","UserId":[` + repeat(`"u"`, plainSize) + `]}`,
		"many labels":       `{"EventType":"label_conf_modify","PostLabelList":[` + repeat(`"{\"id\":1}"`, plainSize) + `]}`,
		"many unknown keys": `{"EventType":"org_change",` + repeat(`"k":1`, plainSize) + `}`,
		"deep arrays":       `{"EventType":"org_change","x":` + strings.Repeat("[", 9000) + strings.Repeat("]", 9000) + `}`,
		"unknown type":      `{"EventType":"brand_new","x":"` + strings.Repeat("x", plainSize-40) + `"}`,
		"not json":          strings.Repeat("{", plainSize),
	}
	for name, plain := range plaintexts {
		req, err := kefutest.NewDingTalkRequest(c, "/callback", []byte(plain))
		require.NoError(t, err)
		var body bytes.Buffer
		_, err = body.ReadFrom(req.Body)
		require.NoError(t, err)
		require.LessOrEqual(t, body.Len(), dingcallback.DefaultMaxBodySize, name)
		target := req.URL.String()
		var rec *httptest.ResponseRecorder
		// A fresh request for each of budget.Check's runs: a drained body
		// would make the measured run cost nothing.
		assert.NoError(t, budget.Check(body.Len(), func() {
			rec = httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, target, bytes.NewReader(body.Bytes())))
		}), name)
		assert.NotEqual(t, http.StatusRequestEntityTooLarge, rec.Code, name)
	}

	q := url.Values{"signature": {"x"}, "timestamp": {"1"}, "nonce": {"n"}}.Encode()
	raws := map[string]string{
		"many keys before encrypt": `{` + repeat(`"k":1`, dingcallback.DefaultMaxBodySize-1024) + `,"encrypt":"AAAA"}`,
		"escaped encrypt":          `{"encrypt":"` + strings.Repeat(`\u0041`, (dingcallback.DefaultMaxBodySize-1024)/6) + `"}`,
		"deep value":               `{"x":` + strings.Repeat("[", 500000) + `}`,
	}
	for name, raw := range raws {
		var rec *httptest.ResponseRecorder
		assert.NoError(t, budget.Check(len(raw), func() {
			rec = httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/callback?"+q, strings.NewReader(raw)))
		}), name)
		assert.Contains(t, []int{http.StatusBadRequest, http.StatusForbidden}, rec.Code, name)
	}
}
