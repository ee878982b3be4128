package jsonx_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/internal/jsonx"
)

func TestInt64(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int64{`12`: 12, `"12"`: 12, `-7`: -7, `""`: 0, `null`: 0, `"9223372036854775807"`: 1<<63 - 1} {
		var n jsonx.Int64
		require.NoError(t, json.Unmarshal([]byte(in), &n), in)
		assert.Equal(t, jsonx.Int64(want), n, in)
	}
	for _, in := range []string{`1.5`, `"1.5"`, `"a"`, `true`, `[]`, `"\u0031"`, `"99999999999999999999"`} {
		var n jsonx.Int64
		err := json.Unmarshal([]byte(in), &n)
		var te *json.UnmarshalTypeError
		assert.True(t, errors.As(err, &te), "%s: %v", in, err)
	}
}

func TestFloat64(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]float64{`30.27`: 30.27, `"120.03"`: 120.03, `""`: 0, `null`: 0} {
		var f jsonx.Float64
		require.NoError(t, json.Unmarshal([]byte(in), &f), in)
		assert.InDelta(t, want, float64(f), 1e-12, in)
	}
	var f jsonx.Float64
	assert.Error(t, json.Unmarshal([]byte(`"north"`), &f))
}

func TestObjectScanner(t *testing.T) {
	t.Parallel()
	s := jsonx.NewObjectScanner([]byte(` {"a" : "x\"}" , "b":{"c":[1,"]"]},"d":true} `))
	var keys, values []string
	for s.Next() {
		keys = append(keys, string(s.Key()))
		values = append(values, string(s.Value()))
	}
	require.NoError(t, s.Err())
	assert.Equal(t, []string{`"a"`, `"b"`, `"d"`}, keys)
	assert.Equal(t, []string{`"x\"}"`, `{"c":[1,"]"]}`, `true`}, values)

	for _, bad := range []string{``, `[]`, `null`, `{"a"`, `{"a":`, `{"a":"x`, `{a:1}`, `{"a" 1}`, `{"a":{"b":1}`, `{"k\\":"v"`} {
		s := jsonx.NewObjectScanner([]byte(bad))
		for s.Next() {
		}
		assert.ErrorIs(t, s.Err(), jsonx.ErrNotObject, bad)
	}
}

func TestSimpleString(t *testing.T) {
	t.Parallel()
	v, ok := jsonx.SimpleString([]byte(`"abc+/="`))
	assert.True(t, ok)
	assert.Equal(t, "abc+/=", string(v))
	for _, in := range []string{`"a\"b"`, `"a\\b"`, `abc`, `"`, `5`} {
		_, ok := jsonx.SimpleString([]byte(in))
		assert.False(t, ok, in)
	}
}

func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"", "plain", `q"uote`, `back\slash`, "nl\ncr\rtab\t", "\x00\x01\x1f\x7f",
		"中文鉴权失败", "\u2028\u2029", "bad\xffutf8\xc3", "<html>&amp;", `{"status":"SUCCESS"}`,
	} {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		require.NoError(t, enc.Encode(s))
		assert.Equal(t, strings.TrimSuffix(buf.String(), "\n"), string(jsonx.AppendString(nil, s)), "%q", s)
	}
}

func TestStrings(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]jsonx.Strings{
		`["a","b"]`: {"a", "b"}, `[1,"2"]`: {"1", "2"}, `"ding12345"`: {"ding12345"}, `123`: {"123"},
		`[]`: {}, `null`: nil, `""`: nil,
	} {
		var l jsonx.Strings
		require.NoError(t, json.Unmarshal([]byte(in), &l), in)
		assert.Equal(t, want, l, in)
	}
	for _, in := range []string{`{}`, `true`, `[{}]`, `[true]`} {
		var l jsonx.Strings
		assert.Error(t, json.Unmarshal([]byte(in), &l), in)
	}
}
