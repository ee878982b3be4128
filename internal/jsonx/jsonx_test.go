package jsonx_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/internal/jsonx"
)

// decodeOne reads one value of data with read and returns what Finish says.
func decodeOne[T any](data string, read func(*jsonx.Decoder) T) (T, error) {
	d := jsonx.NewDecoder([]byte(data))
	v := read(&d)
	return v, d.Finish()
}

func TestDecoderInt(t *testing.T) {
	t.Parallel()
	readInt := func(d *jsonx.Decoder) int64 { return d.Int("int64") }
	for in, want := range map[string]int64{`12`: 12, `"12"`: 12, `-7`: -7, `""`: 0, `null`: 0, `"9223372036854775807"`: 1<<63 - 1} {
		n, err := decodeOne(in, readInt)
		require.NoError(t, err, in)
		assert.Equal(t, want, n, in)
		p, err := jsonx.ParseInt([]byte(in), reflect.TypeFor[int64]())
		require.NoError(t, err, in)
		assert.Equal(t, want, p, in)
	}
	for _, in := range []string{`1.5`, `"1.5"`, `"a"`, `true`, `[]`, `"\u0031"`, `"99999999999999999999"`} {
		_, err := decodeOne(in, readInt)
		var te *jsonx.TypeError
		assert.True(t, errors.As(err, &te), "%s: %v", in, err)
		_, err = jsonx.ParseInt([]byte(in), reflect.TypeFor[int64]())
		var ue *json.UnmarshalTypeError
		assert.True(t, errors.As(err, &ue), "%s: %v", in, err)
	}
}

func TestDecoderFloat(t *testing.T) {
	t.Parallel()
	readFloat := func(d *jsonx.Decoder) float64 { return d.Float("float64") }
	for in, want := range map[string]float64{`30.27`: 30.27, `"120.03"`: 120.03, `""`: 0, `null`: 0} {
		f, err := decodeOne(in, readFloat)
		require.NoError(t, err, in)
		assert.InDelta(t, want, f, 1e-12, in)
	}
	_, err := decodeOne(`"north"`, readFloat)
	assert.Error(t, err)
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

func TestDecoderStrings(t *testing.T) {
	t.Parallel()
	readStrings := func(d *jsonx.Decoder) []string { return d.Strings() }
	for in, want := range map[string][]string{
		`["a","b"]`: {"a", "b"}, `[1,"2"]`: {"1", "2"}, `"ding12345"`: {"ding12345"}, `123`: {"123"},
		`[]`: nil, `null`: nil, `""`: nil,
	} {
		l, err := decodeOne(in, readStrings)
		require.NoError(t, err, in)
		assert.Equal(t, want, l, in)
	}
	for _, in := range []string{`{}`, `true`, `[{}]`, `[true]`} {
		_, err := decodeOne(in, readStrings)
		assert.Error(t, err, in)
	}
}
