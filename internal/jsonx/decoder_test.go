package jsonx

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var validSeeds = []string{
	`{}`, `[]`, `null`, `true`, `false`, `0`, `-0.5e+3`, `"a\u00e9\ud83d\ude00\n"`,
	`{"a":[1,{"b":null}],"c":"d"}`, ` { "a" : [ ] , "b" : { } } `,
	`{"a":1,}`, `[1,]`, `{"a"}`, `{"a":01}`, `"\x"`, `"\u12"`, `"a` + "\x01" + `"`,
	`[1 2]`, `{"a":1 "b":2}`, `-`, `1.`, `1e`, `nul`, `{"a":1}}`, `[[[[`, "\"\xff\"",
	`"\ud800"`, `"\ud800\u0041"`, `"\udc00\ud800"`, `{"a":tru}`, `[,1]`, `{,"a":1}`,
}

func FuzzValid(f *testing.F) {
	for _, s := range validSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if got, want := Valid(data), json.Valid(data); got != want {
			t.Fatalf("Valid(%q) = %v, encoding/json says %v", data, got, want)
		}
	})
}

// String gives what encoding/json gives for every valid string, escapes,
// invalid UTF-8 and lone surrogates included.
func FuzzString(f *testing.F) {
	for _, s := range validSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var want string
		if json.Unmarshal(data, &want) != nil || strings.TrimSpace(string(data)) == "null" {
			return
		}
		d := NewDecoder(data)
		got := d.String()
		require.NoError(t, d.Finish())
		if got != want {
			t.Fatalf("String(%q) = %q, want %q", data, got, want)
		}
	})
}

func TestDecoderObject(t *testing.T) {
	d := NewDecoder([]byte(` {"id":"7","n\u0061me":"x","skip":{"deep":[1,{"a":[]}]},"list":[1,"b",null],"ok":true,"f":"2.5"} `))
	require.True(t, d.Object("T"))
	got := map[string]any{}
	for d.Next() {
		switch k := string(d.Key()); k {
		case "id":
			got[k] = d.Int("int64")
		case "name":
			got[k] = d.String()
		case "list":
			got[k] = d.Strings()
		case "ok":
			got[k] = d.Bool()
		case "f":
			got[k] = d.Float("float64")
		default:
			d.Skip()
		}
	}
	require.NoError(t, d.Finish())
	assert.Equal(t, map[string]any{"id": int64(7), "name": "x", "list": []string{"1", "b", ""}, "ok": true, "f": 2.5}, got)
}

func TestDecoderTypeErrorPath(t *testing.T) {
	d := NewDecoder([]byte(`{"a":{"b":[{"c":"x"}]},"z":{`))
	require.True(t, d.Object("T"))
	for d.Next() {
		if !d.Object("A") {
			continue
		}
		for d.Next() {
			if d.Array("B") {
				for d.Elem() {
					if d.Object("C") {
						for d.Next() {
							d.Int("int64")
						}
					}
				}
			}
		}
	}
	// The syntax error at the end wins over the type error before it.
	assert.ErrorIs(t, d.Finish(), ErrSyntax)

	d = NewDecoder([]byte(`{"a":{"b":[{"c":"x"}]},"z":1}`))
	require.True(t, d.Object("T"))
	for d.Next() {
		if string(d.Key()) == "z" {
			d.Skip()
			continue
		}
		require.True(t, d.Object("A"))
		for d.Next() {
			require.True(t, d.Array("B"))
			for d.Elem() {
				require.True(t, d.Object("C"))
				for d.Next() {
					assert.Zero(t, d.Int("int64"))
				}
			}
		}
	}
	var te *TypeError
	require.True(t, errors.As(d.Finish(), &te))
	assert.Equal(t, &TypeError{Field: "a.b.c", Value: `"x"`, Want: "int64"}, te)
	assert.Equal(t, `cannot use value "x" as int64`, te.Error())
}

func TestDecoderEmbedded(t *testing.T) {
	d := NewDecoder([]byte(`["{\"id\":\"x\"}","nope",{"id":2}]`))
	var ids []int64
	require.True(t, d.Array("L"))
	for d.Elem() {
		doc, ok := d.Embedded("L")
		var m Mark
		if ok {
			if doc == nil {
				continue
			}
			m = d.Enter(doc)
		}
		if d.Object("L") {
			for d.Next() {
				ids = append(ids, d.Int("int64"))
			}
		}
		if ok {
			d.Leave(m)
		}
	}
	var te *TypeError
	require.True(t, errors.As(d.Finish(), &te))
	assert.Equal(t, "id", te.Field, "the first error: the embedded document's")
	assert.Equal(t, []int64{0, 2}, ids)
}

func TestDecoderDeepSkipDoesNotRecurse(t *testing.T) {
	deep := strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
	assert.True(t, Valid([]byte(deep)))
	assert.False(t, Valid([]byte(deep[:len(deep)-1])))
}
