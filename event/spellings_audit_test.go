package event_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/event"
	"github.com/kefu-go/kefu/internal/fixtures"
)

// The spelling audit: every key a sample fills — in DingTalk's page
// samples, the captures and the Stream frames, at every depth — reaches a
// field, whatever its spelling ("timestamp", "toUserid\t", "auth_corp_info").
// It decodes each sample, marshals the event back and checks that each
// input key with a non-zero value has a non-zero counterpart whose name is
// the same up to case, underscores and spaces. Only the envelope, which
// Header holds, and the payloads kept as received (Undocumented) are
// exempt.
func TestNoSampleKeyIsLost(t *testing.T) {
	t.Parallel()
	check := func(t *testing.T, name string, input []byte, ev event.Event) {
		t.Helper()
		if _, ok := ev.(*event.Unknown); ok {
			t.Fatalf("%s: decoded as Unknown", name)
		}
		if isUndocumented(ev) {
			return
		}
		out, err := json.Marshal(ev)
		require.NoError(t, err)
		var in, back any
		require.NoError(t, json.Unmarshal(input, &in))
		require.NoError(t, json.Unmarshal(out, &back))
		for _, lost := range lostKeys("", in, back, true) {
			t.Errorf("%s: %s is in the sample and in no field (marshalled back: %s)", name, lost, out)
		}
	}
	for _, f := range loadFixtures(t, "testdata/*.json") {
		if f.name == "unknown" {
			continue
		}
		ev, err := event.Parse(f.data)
		require.NoError(t, err, f.name)
		check(t, f.name+"."+f.shape, f.data, ev)
	}
	for _, f := range loadFixtures(t, "testdata/pages/*.json") {
		if strings.HasSuffix(f.shape, "http") {
			ev, err := event.Parse(f.data)
			require.NoError(t, err)
			check(t, f.name+"."+f.shape, f.data, ev)
			continue
		}
		var s pageSample
		require.NoError(t, json.Unmarshal(f.data, &s))
		ev, err := event.Decode(event.Header{EventType: s.EventType}, s.Data)
		require.NoError(t, err)
		check(t, f.name+"."+f.shape, s.Data, ev)
	}
	for _, s := range fixtures.Streams(t) {
		h, err := event.StreamHeader(s.Headers)
		require.NoError(t, err)
		ev, err := event.Decode(h, []byte(s.Data))
		require.NoError(t, err)
		check(t, "stream/"+s.Name, []byte(s.Data), ev)
	}
}

// isUndocumented reports a payload type that embeds Undocumented.
func isUndocumented(ev event.Event) bool {
	return reflect.ValueOf(ev).Elem().FieldByName("Undocumented").IsValid()
}

// envelopeKeys are the keys Header holds (and the Stream page's envelope,
// which Decode takes from the frame headers), normalised.
var envelopeKeys = map[string]bool{
	"eventtype": true, "eventtime": true, "corpid": true, "bizid": true, "eventid": true,
	"syncaction": true,
}

// lostKeys returns the paths of the keys of in with a non-zero value that
// have no non-zero counterpart in back.
func lostKeys(path string, in, back any, top bool) []string {
	var lost []string
	switch in := in.(type) {
	case map[string]any:
		backObj, _ := back.(map[string]any)
		norm := map[string]any{}
		for k, v := range backObj { // two spellings of one name: the non-zero one counts
			if prev, dup := norm[normKey(k)]; !dup || isZeroJSON(prev) {
				norm[normKey(k)] = v
			}
		}
		for k, v := range in {
			if isZeroJSON(v) || top && envelopeKeys[normKey(k)] {
				continue
			}
			b, ok := norm[normKey(k)]
			if !ok || isZeroJSON(b) {
				lost = append(lost, path+"/"+k)
				continue
			}
			lost = append(lost, lostKeys(path+"/"+k, v, b, false)...)
		}
	case []any:
		backArr, _ := back.([]any)
		for i, v := range in {
			if i >= len(backArr) {
				lost = append(lost, fmt.Sprintf("%s[%d]", path, i))
				continue
			}
			lost = append(lost, lostKeys(path+"[]", v, backArr[i], false)...)
		}
	}
	return lost
}

// normKey is a key without case, underscores and spaces: the spellings
// DingTalk's shapes give one field.
func normKey(k string) string {
	k = strings.Map(func(r rune) rune {
		if r == '_' || unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, k)
	if to, ok := misspelt[k]; ok {
		return to
	}
	return k
}

// misspelt are keys DingTalk misspells, by the field's own name.
var misspelt = map[string]string{
	"finshtime": "finishtime", // workflow_instance_change_broadcast's pages
}

func isZeroJSON(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return v == "" || v == "0" // a quoted zero, as some errcodes come
	case float64:
		return v == 0
	case bool:
		return !v
	case []any:
		return len(v) == 0
	case map[string]any:
		for _, x := range v {
			if !isZeroJSON(x) {
				return false
			}
		}
		return true
	}
	return false
}
