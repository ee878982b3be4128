package event

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/kefu-go/kefu/internal/jsonx"
)

// A codec decodes one payload struct type T from JSON whose keys may come in
// PascalCase or camelCase, without relying on encoding/json's case folding.
//
// It builds, once per type, a "wire" struct with one field per accepted key
// spelling:
//
//	struct {
//		F1 []string `json:"UserId"`
//		F2 []string `json:"userId"`
//		...
//	}
//
// decodes into it with encoding/json, and copies the first non-zero spelling
// of every field into a new T. The wire structs are pooled and zeroed after
// each use, so a decoded T does not keep its wire copy alive: a parsed event
// holds only its own fields.
//
// A field tagged kefu:"inline" that points to a struct takes that struct's
// keys at the top level, and is allocated only when one of them is present.
// The json tag of a field of T names its primary key; the other case of the
// first letter is accepted too, and an `alias:"a,b"` tag adds more keys (each
// in both cases). Scalar int64 and float64 fields also accept quoted numbers,
// scalar string fields also accept numbers (kept as written), and []string
// fields accept elements that are numbers and a single string or number in
// place of the list: DingTalk sends some identifiers in each of these ways.
type codec struct {
	t      reflect.Type
	wire   reflect.Type
	fields []fieldCopy
	pool   sync.Pool // of *wire, as any
}

type copyKind uint8

const (
	copySet copyKind = iota
	copyInt
	copyFloat
	copyString
	copyStrings
)

// fieldCopy moves one field of T from the wire fields that spell its key.
type fieldCopy struct {
	dst  []int // index path in T
	src  []int // wire field indices, in order of preference
	kind copyKind
}

var (
	int64Type     = reflect.TypeFor[int64]()
	float64Type   = reflect.TypeFor[float64]()
	flexIntType   = reflect.TypeFor[jsonx.Int64]()
	flexFloatType = reflect.TypeFor[jsonx.Float64]()
	stringType    = reflect.TypeFor[string]()
	flexStrType   = reflect.TypeFor[jsonx.String]()
	stringsType   = reflect.TypeFor[[]string]()
	flexListType  = reflect.TypeFor[jsonx.Strings]()
)

// newCodec builds the codec for struct type t. It panics on a struct that
// declares the same key twice: that is a bug in this package, caught by tests.
func newCodec(t reflect.Type) *codec {
	c := &codec{t: t}
	var wire []reflect.StructField
	seen := map[string]string{}
	var walk func(t reflect.Type, path []int)
	walk = func(t reflect.Type, path []int) {
		for i := range t.NumField() {
			f := t.Field(i)
			idx := append(append([]int(nil), path...), i)
			tag, hasTag := f.Tag.Lookup("json")
			if f.Anonymous && f.Type.Kind() == reflect.Struct && !hasTag {
				walk(f.Type, idx)
				continue
			}
			if f.Tag.Get("kefu") == "inline" && f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Struct {
				// The fields of *f come at the top level of the object; *f
				// is allocated when one of them is present.
				walk(f.Type.Elem(), idx)
				continue
			}
			name, _, _ := strings.Cut(tag, ",")
			if !f.IsExported() || name == "-" || name == "" {
				continue
			}
			fc := fieldCopy{dst: idx}
			wt := f.Type
			switch f.Type {
			case int64Type:
				wt, fc.kind = flexIntType, copyInt
			case float64Type:
				wt, fc.kind = flexFloatType, copyFloat
			case stringType:
				wt, fc.kind = flexStrType, copyString
			case stringsType:
				wt, fc.kind = flexListType, copyStrings
			}
			keys := []string{name}
			if alias := f.Tag.Get("alias"); alias != "" {
				keys = append(keys, strings.Split(alias, ",")...)
			}
			for _, k := range spellings(keys) {
				if prev, dup := seen[k]; dup {
					panic(fmt.Sprintf("event: %s: key %q used by %s and %s", t, k, prev, f.Name))
				}
				seen[k] = f.Name
				fc.src = append(fc.src, len(wire))
				wire = append(wire, reflect.StructField{
					Name: "F" + strconv.Itoa(len(wire)),
					Type: wt,
					Tag:  reflect.StructTag(`json:` + strconv.Quote(k)),
				})
			}
			c.fields = append(c.fields, fc)
		}
	}
	walk(t, nil)
	c.wire = reflect.StructOf(wire)
	c.pool.New = func() any { return reflect.New(c.wire).Interface() }
	return c
}

// spellings returns every key with both cases of its first letter, without
// repeats, primary spelling first.
func spellings(keys []string) []string {
	var out []string
	add := func(k string) {
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	for _, k := range keys {
		add(k)
		r, n := utf8.DecodeRuneInString(k)
		if unicode.IsUpper(r) {
			add(string(unicode.ToLower(r)) + k[n:])
		} else {
			add(string(unicode.ToUpper(r)) + k[n:])
		}
	}
	return out
}

// decode decodes data into a new T and returns a pointer to it.
func (c *codec) decode(data []byte) (reflect.Value, error) {
	v := reflect.New(c.t)
	if err := c.decodeInto(data, v.Elem()); err != nil {
		return reflect.Value{}, err
	}
	return v, nil
}

// decodeInto decodes data into dst, an addressable T.
func (c *codec) decodeInto(data []byte, dst reflect.Value) error {
	p := c.pool.Get()
	w := reflect.ValueOf(p).Elem()
	err := json.Unmarshal(data, p)
	if err == nil {
		c.copy(dst, w)
	}
	w.SetZero() // drop what the fields point to before pooling
	c.pool.Put(p)
	return err
}

func (c *codec) copy(dst, wire reflect.Value) {
	for i := range c.fields {
		fc := &c.fields[i]
		for _, si := range fc.src {
			src := wire.Field(si)
			if src.IsZero() {
				continue
			}
			d := fieldByIndexAlloc(dst, fc.dst)
			switch fc.kind {
			case copyInt:
				d.SetInt(src.Int())
			case copyFloat:
				d.SetFloat(src.Float())
			case copyString:
				d.SetString(src.String())
			case copyStrings:
				d.Set(src.Convert(stringsType))
			default:
				d.Set(src)
			}
			break
		}
	}
}

// fieldByIndexAlloc is reflect.Value.FieldByIndex that allocates the nil
// struct pointers (inline fields) on the way.
func fieldByIndexAlloc(v reflect.Value, index []int) reflect.Value {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v
}
