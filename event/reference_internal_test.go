package event

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/kefu-go/kefu/internal/jsonx"
)

// referenceDecode is the slow, obvious decoder the generated ones must agree
// with: it walks the object's members in order with encoding/json's
// Decoder, decodes each known key's value on its own with encoding/json (or
// the jsonx type of the same tolerance), and applies the package doc's rule
// for spellings through reflection over the struct tags. It shares no code
// with internal/jsonx.Decoder or internal/eventgen.
//
// It returns the event, or whether the input is invalid JSON (syntax) or a
// value of the wrong kind (a type error).
func referenceDecode(t Type, data []byte) (ev Event, syntax bool, err error) {
	if !json.Valid(data) {
		return nil, true, errors.New("invalid JSON")
	}
	e, known := theIndex().entries[t]
	zero := e.zero
	if !known {
		u := &Unknown{Raw: append(json.RawMessage(nil), data...)}
		if err := refObject(data, reflect.ValueOf(&u.Header).Elem()); err != nil {
			return nil, false, err
		}
		return u, false, nil
	}
	v := reflect.New(reflect.TypeOf(zero).Elem())
	if err := refObject(data, v.Elem()); err != nil {
		return nil, false, err
	}
	ev = v.Interface().(Event)
	if u, ok := ev.(interface{ undocumented() *Undocumented }); ok {
		u.undocumented().Raw = append(json.RawMessage(nil), data...)
	}
	return ev, false, nil
}

type refField struct {
	index []int // in the struct; through inline pointers
	keys  []string
	typ   reflect.Type
	exact bool // kefu:"exact": these keys only, taken before Header's
}

// refFields lists the decoded fields of struct type t, flattened.
func refFields(t reflect.Type, index []int) []refField {
	var out []refField
	for i := range t.NumField() {
		f := t.Field(i)
		idx := append(append([]int(nil), index...), i)
		tag, hasTag := f.Tag.Lookup("json")
		switch {
		case f.Anonymous && f.Type.Kind() == reflect.Struct && !hasTag:
			out = append(out, refFields(f.Type, idx)...)
			continue
		case f.Tag.Get("kefu") == "inline":
			out = append(out, refFields(f.Type.Elem(), idx)...)
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if !f.IsExported() || name == "" || name == "-" {
			continue
		}
		keys := []string{name}
		if alias := f.Tag.Get("alias"); alias != "" {
			keys = append(keys, strings.Split(alias, ",")...)
		}
		if f.Tag.Get("kefu") == "exact" {
			out = append(out, refField{index: idx, keys: keys, typ: f.Type, exact: true})
			continue
		}
		var all []string
		for _, k := range keys {
			r, n := utf8.DecodeRuneInString(k)
			other := string(unicode.ToUpper(r)) + k[n:]
			if unicode.IsUpper(r) {
				other = string(unicode.ToLower(r)) + k[n:]
			}
			for _, s := range []string{k, other} {
				if !slices.Contains(all, s) {
					all = append(all, s)
				}
			}
		}
		out = append(out, refField{index: idx, keys: all, typ: f.Type})
	}
	return out
}

// refObject decodes the object (or null) in data into the struct v.
func refObject(data []byte, v reflect.Value) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok == nil {
		return nil
	}
	if tok != json.Delim('{') {
		return fmt.Errorf("cannot use %s as %s", data, v.Type())
	}
	fields := refFields(v.Type(), nil)
	rank := make([]int, len(fields))
	var first error
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		exact := slices.ContainsFunc(fields, func(f refField) bool { return f.exact && slices.Contains(f.keys, key) })
		for i, f := range fields {
			for k, spelling := range f.keys {
				if spelling != key || exact && !f.exact {
					continue
				}
				x, nonZero, err := refValue(f.typ, raw)
				if err != nil {
					if first == nil {
						first = err
					}
					continue
				}
				if r := len(f.keys) - k; nonZero && r >= rank[i] {
					rank[i] = r
					fieldAlloc(v, f.index).Set(x)
				}
			}
		}
	}
	return first
}

// fieldAlloc is v.FieldByIndex that allocates the nil inline pointers on
// the way.
func fieldAlloc(v reflect.Value, index []int) reflect.Value {
	for _, i := range index {
		if v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(i)
	}
	return v
}

var (
	refMillis = reflect.TypeFor[Millis]()
	refType   = reflect.TypeFor[Type]()
	refRaw    = reflect.TypeFor[json.RawMessage]()
	refLabel  = reflect.TypeFor[Label]()
)

// refValue decodes one value of type t and says whether it counts as set.
func refValue(t reflect.Type, raw []byte) (reflect.Value, bool, error) {
	isNull := string(raw) == "null"
	x := reflect.New(t).Elem()
	switch {
	case t == refRaw:
		x.SetBytes(append([]byte(nil), raw...))
		return x, true, nil
	case t == refType:
		var s string
		err := json.Unmarshal(raw, &s)
		x.SetString(s)
		return x, s != "", err
	case t == refMillis || t.Kind() == reflect.Int64:
		n, err := jsonx.ParseInt(raw, t)
		x.SetInt(n)
		return x, n != 0, err
	case t.Kind() == reflect.Float64:
		f, err := jsonx.ParseFloat(raw, t)
		x.SetFloat(f)
		return x, f != 0, err
	case t.Kind() == reflect.String:
		var s jsonx.String
		err := s.UnmarshalJSON(raw)
		x.SetString(string(s))
		return x, s != "", err
	case t.Kind() == reflect.Bool:
		var b bool
		err := json.Unmarshal(raw, &b)
		x.SetBool(b)
		return x, b, err
	case t == reflect.TypeFor[[]string]():
		l, err := refStrings(raw)
		x.Set(reflect.ValueOf(l))
		return x, len(l) > 0, err
	case t.Kind() == reflect.Pointer:
		if isNull {
			return x, false, nil
		}
		p := reflect.New(t.Elem())
		err := refStruct(raw, p.Elem())
		x.Set(p)
		return x, true, err
	case t.Kind() == reflect.Struct:
		if isNull {
			return x, false, nil
		}
		return x, true, refStruct(raw, x)
	case t.Kind() == reflect.Slice:
		if isNull {
			return x, false, nil
		}
		var elems []json.RawMessage
		if err := json.Unmarshal(raw, &elems); err != nil {
			return x, false, err
		}
		for _, e := range elems {
			y := reflect.New(t.Elem()).Elem()
			var err error
			if t.Elem().Kind() == reflect.Int64 {
				var n int64
				n, err = jsonx.ParseInt(e, t.Elem())
				y.SetInt(n)
			} else {
				err = refStruct(e, y)
			}
			if err != nil {
				return x, false, err
			}
			x.Set(reflect.Append(x, y))
		}
		return x, x.Len() > 0, nil
	}
	return x, false, fmt.Errorf("reference: unsupported type %s", t)
}

// refStrings decodes a list of identifiers: an array of strings, numbers
// or nulls, or one string or number, each element as jsonx.String decodes
// it; "" and null give nil.
func refStrings(raw []byte) ([]string, error) {
	if raw[0] != '[' {
		var s jsonx.String
		if err := s.UnmarshalJSON(raw); err != nil || s == "" {
			return nil, err
		}
		return []string{string(s)}, nil
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(raw, &elems); err != nil {
		return nil, err
	}
	var out []string
	for _, e := range elems {
		var s jsonx.String
		if err := s.UnmarshalJSON(e); err != nil {
			return nil, err
		}
		out = append(out, string(s))
	}
	return out, nil
}

// refStruct decodes a struct value: an object or null, and a Label also
// from a string holding its object.
func refStruct(raw []byte, v reflect.Value) error {
	if v.Type() == refLabel && len(raw) > 0 && raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return err
		}
		if !json.Valid([]byte(s)) || !jsonx.IsObject([]byte(s)) {
			return errors.New("string not holding a JSON object")
		}
		raw = []byte(s)
	}
	if string(raw) == "null" {
		return nil
	}
	if !jsonx.IsObject(raw) {
		return fmt.Errorf("cannot use %s as %s", raw, v.Type())
	}
	return refObject(raw, v)
}

// checkAgainstReference fails when decodeAs and referenceDecode disagree
// on data as type t: in the event, or in the kind of error.
func checkAgainstReference(t *testing.T, typ Type, data []byte) {
	t.Helper()
	got, err := decodeAs(typ, data)
	want, wantSyntax, wantErr := referenceDecode(typ, data)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("%s: %q\ngenerated: %v\nreference: %v", typ, data, err, wantErr)
	}
	if err != nil {
		var se *json.SyntaxError
		if gotSyntax := errors.As(err, &se); gotSyntax != wantSyntax {
			t.Fatalf("%s: %q: syntax error %v, reference says %v\ngenerated: %v\nreference: %v",
				typ, data, gotSyntax, wantSyntax, err, wantErr)
		}
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: %q\ngenerated: %#v\nreference: %#v", typ, data, got, want)
	}
}

// referenceInputs are the fixtures and the pages' samples.
func referenceInputs(tb testing.TB) [][]byte {
	tb.Helper()
	var out [][]byte
	for _, pattern := range []string{"testdata/*.json", "testdata/pages/*.json"} {
		names, err := filepath.Glob(pattern)
		if err != nil {
			tb.Fatal(err)
		}
		for _, name := range names {
			b, err := os.ReadFile(name)
			if err != nil {
				tb.Fatal(err)
			}
			out = append(out, b)
		}
	}
	if len(out) < 50 {
		tb.Fatalf("only %d fixtures", len(out))
	}
	return out
}

// Every fixture, decoded as every type, as the reference decodes it: the
// fixtures of one type exercise every other type's unknown keys, and their
// own type's every field.
func TestGeneratedMatchesReference(t *testing.T) {
	t.Parallel()
	inputs := referenceInputs(t)
	for _, data := range inputs {
		for _, typ := range append(Types(), "brand_new") {
			checkAgainstReference(t, typ, data)
		}
	}
	// The tolerance rules, each against the reference.
	for _, body := range []string{
		`{"UserId":"u1","userId":["u2"],"TimeStamp":"1","timeStamp":2,"OptStaffId":7}`,
		`{"userId":[1,"2",null],"UserId":[],"CorpId":"","corpId":"c"}`,
		`{"UserId":[{}]}`, `{"UserId":true}`, `{"TimeStamp":"1.5"}`, `{"TimeStamp":1e3}`,
		`{"PostLabelList":["{\"id\":\"7\",\"name\":\"n\"}",{"Id":8},null],"LabelIdList":["1",2]}`,
		`{"PostLabelList":["{\"id\":\"x\"}"]}`, `{"PostLabelList":["[]"]}`, `{"PostLabelList":[1]}`,
		`{"tracks":[{"id":1,"Id":"2","gmtCreate":"3"},null]}`, `{"tracks":{}}`,
		`{"diffInfo":{"prev":{"name":"a"},"Curr":{"Name":"b"},"userid":3}}`, `{"diffInfo":null}`,
		`{"userid":"u","Userid":"v","department":[1,"2"],"active":true,"isAdmin":null}`,
		`{"k\u0065y":"v","EventType":"user_add_org","eventType":"x","EventTime":"-5"}`,
		"{\"name\":\"\xff\\ud800\"}", `{"extraInfo":{"a":[1, 2]}}`, `null`, `[]`, `{"a":1}x`,
	} {
		for _, typ := range append(Types(), "brand_new") {
			checkAgainstReference(t, typ, []byte(body))
		}
	}
}

// FuzzGeneratedMatchesReference compares the generated decoder of the
// input's own type (user_add_org when it names none) with the reference.
func FuzzGeneratedMatchesReference(f *testing.F) {
	for _, data := range referenceInputs(f) {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		typ, ok, err := peekType(data)
		if err != nil || !ok {
			typ = TypeUserAddOrg
		}
		checkAgainstReference(t, typ, data)
	})
}
