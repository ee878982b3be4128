package jsonx

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// ErrSyntax is what Decoder.Finish returns for a document that is not valid
// JSON. It carries no position: callers that report one ask encoding/json for
// its *json.SyntaxError, on that cold path only.
var ErrSyntax = errors.New("invalid JSON")

// TypeError reports a valid JSON value of the wrong kind for its field, such
// as an object where a string was expected.
type TypeError struct {
	// Field is the path of object keys to the value, joined by dots, such as
	// "PostLabelList.id"; array indices are not part of it. Empty for the
	// document itself.
	Field string
	// Value is the value as written, cut to 32 bytes.
	Value string
	// Want names what was expected, such as "int64" or "event.Track".
	Want string
	// Reason says more, when the kind of the value is not the whole story:
	// "a string not holding a JSON object".
	Reason string
}

// Error implements error.
func (e *TypeError) Error() string {
	msg := "cannot use value " + e.Value + " as " + e.Want
	if e.Reason != "" {
		msg += ": " + e.Reason
	}
	return msg
}

// maxPath is how many levels of object keys a TypeError's Field records.
const maxPath = 16

// Decoder reads one JSON document in a single pass, for the decoders that
// internal/eventgen generates per type: they ask for the value they expect at
// each key, and the Decoder checks the syntax of everything, skipped values
// included, as it goes. It does not allocate, except for the strings and
// slices it returns.
//
// Errors are sticky and never stop the caller's loop by panicking: after a
// syntax error every method returns a zero value and Next and Elem return
// false. A value of the wrong kind (a TypeError) is skipped and decoding goes
// on, so that, as with encoding/json, a syntax error anywhere in the document
// wins over a type error before it; Finish reports the first of either.
//
//	d := jsonx.NewDecoder(data)
//	if d.Object("T") {
//		for d.Next() {
//			switch string(d.Key()) {
//			case "id":
//				v.ID = d.Int()
//			default:
//				d.Skip()
//			}
//		}
//	}
//	err := d.Finish()
type Decoder struct {
	data    []byte
	i       int
	syntax  bool
	typeErr *TypeError
	// first is true right after '{' or '[': no comma is due.
	first bool
	key   []byte
	// path holds the keys of the enclosing objects, for TypeError.Field.
	path  [maxPath][]byte
	depth int
}

// NewDecoder returns a Decoder over data.
func NewDecoder(data []byte) Decoder { return Decoder{data: data} }

// Finish checks that nothing but white space follows the document and
// returns ErrSyntax, the first *TypeError, or nil.
func (d *Decoder) Finish() error {
	if d.peek(); !d.syntax && (d.depth != 0 || d.i < len(d.data)) {
		d.fail() // an open object, or more than white space after the document
	}
	switch {
	case d.syntax:
		return ErrSyntax
	case d.typeErr != nil:
		return d.typeErr
	}
	return nil
}

// Valid reports whether data is one valid JSON document.
func Valid(data []byte) bool {
	d := NewDecoder(data)
	d.Skip()
	return d.Finish() == nil
}

func (d *Decoder) fail() {
	d.syntax = true
	d.i = len(d.data)
}

// peek skips white space and returns the next byte, or 0 at the end.
func (d *Decoder) peek() byte {
	for d.i < len(d.data) {
		switch c := d.data[d.i]; c {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return c
		}
	}
	return 0
}

// Key returns the key of the current object member, unescaped. It is valid
// until the next call of Next.
func (d *Decoder) Key() []byte { return d.key }

// Object starts reading an object. It returns true when the value is one;
// the caller then reads its members with Next. It returns false, having
// consumed the value, for null and for any other value, which is a
// TypeError naming want.
func (d *Decoder) Object(want string) bool {
	if !d.open('{', want) {
		return false
	}
	if d.depth < maxPath {
		d.path[d.depth] = nil
	}
	d.depth++
	return true
}

// Next advances to the next member of the object Object opened and reads
// its key; the caller must then read or Skip its value. It returns false at
// the end of the object, or on a syntax error.
func (d *Decoder) Next() bool {
	if !d.advance('}') {
		d.depth--
		return false
	}
	if d.peek() != '"' {
		d.fail()
		return false
	}
	raw, escaped, ok := d.scanString()
	if !ok {
		return false
	}
	d.key = raw
	if escaped {
		d.key = unescape(raw)
	}
	if d.peek() != ':' {
		d.fail()
		return false
	}
	d.i++
	if d.depth <= maxPath {
		d.path[d.depth-1] = d.key
	}
	return true
}

// Array starts reading an array: true when the value is one, and the caller
// reads its elements with Elem. For null it returns false; any other value
// is a TypeError naming want.
func (d *Decoder) Array(want string) bool { return d.open('[', want) }

// Elem advances to the next element of the array Array opened; the caller
// must then read or Skip it. It returns false at the end of the array, or
// on a syntax error.
func (d *Decoder) Elem() bool {
	if !d.advance(']') {
		return false
	}
	if c := d.peek(); c == 0 || c == ']' {
		d.fail()
		return false
	}
	return true
}

// open consumes the byte that opens an object or an array and returns true,
// or consumes null, or any other value as a TypeError, and returns false.
func (d *Decoder) open(c byte, want string) bool {
	switch d.peek() {
	case c:
		d.i++
		d.first = true
		return true
	case 'n':
		d.literal("null")
		return false
	}
	d.mismatch(want)
	return false
}

// advance consumes the comma before the next member or element and returns
// true, or consumes the closing byte end, or fails, and returns false.
func (d *Decoder) advance(end byte) bool {
	if d.syntax {
		return false
	}
	first := d.first
	d.first = false
	switch c := d.peek(); {
	case c == end:
		d.i++
		return false
	case first:
		return true
	case c == ',':
		d.i++
		return true
	}
	d.fail()
	return false
}

// Null consumes the value and returns true if it is null; otherwise it
// consumes nothing and returns false.
func (d *Decoder) Null() bool {
	if d.peek() != 'n' {
		return false
	}
	d.literal("null")
	return true
}

// String reads a string value. As DingTalk sends identifiers both ways, a
// number is accepted too and kept as written; null gives "". Invalid UTF-8
// and lone surrogates become U+FFFD, as with encoding/json.
func (d *Decoder) String() string { return d.str("string") }

// str is String, naming want in a TypeError.
func (d *Decoder) str(want string) string {
	switch c := d.peek(); {
	case c == '"':
		raw, escaped, ok := d.scanString()
		if !ok {
			return ""
		}
		if !escaped && utf8.Valid(raw) {
			return string(raw)
		}
		return string(unescape(raw))
	case c == '-' || c >= '0' && c <= '9':
		return string(d.number())
	case c == 'n':
		d.literal("null")
		return ""
	}
	d.mismatch(want)
	return ""
}

// StrictString reads a string value or null, nothing else.
func (d *Decoder) StrictString(want string) string {
	switch d.peek() {
	case '"':
		return d.String()
	case 'n':
		d.literal("null")
		return ""
	}
	d.mismatch(want)
	return ""
}

// Int reads an integer: a number (123), a quoted number ("123"), or "" and
// null, which give 0. want names the field's type in a TypeError.
func (d *Decoder) Int(want string) int64 {
	raw, start := d.numberText(want)
	if len(raw) == 0 {
		return 0
	}
	n, err := strconv.ParseInt(string(raw), 10, 64)
	if err != nil {
		d.typeError(start, want, "")
		return 0
	}
	return n
}

// Float reads a float as Int reads an integer.
func (d *Decoder) Float(want string) float64 {
	raw, start := d.numberText(want)
	if len(raw) == 0 {
		return 0
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil {
		d.typeError(start, want, "")
		return 0
	}
	return f
}

// numberText consumes a value and returns the text of the number it holds,
// nothing for "" and null, and where the value started. Any other value is
// a TypeError naming want.
func (d *Decoder) numberText(want string) (raw []byte, start int) {
	d.peek()
	start = d.i
	raw, ok := d.numeric()
	if !ok {
		d.typeError(start, want, "")
		return nil, start
	}
	return raw, start
}

// numeric consumes a value and returns the text of the number it holds:
// the number itself, the inside of a string without escapes, or nothing for
// null. ok is false for any other value, which it skips.
func (d *Decoder) numeric() (raw []byte, ok bool) {
	switch c := d.peek(); {
	case c == '"':
		s, escaped, ok := d.scanString()
		return s, ok && !escaped
	case c == '-' || c >= '0' && c <= '9':
		return d.number(), !d.syntax
	case c == 'n':
		d.literal("null")
		return nil, true
	}
	d.Skip()
	return nil, false
}

// Bool reads true, false or null (false).
func (d *Decoder) Bool() bool {
	switch d.peek() {
	case 't':
		d.literal("true")
		return true
	case 'f':
		d.literal("false")
		return false
	case 'n':
		d.literal("null")
		return false
	}
	d.mismatch("bool")
	return false
}

// Strings reads a list of identifiers, which DingTalk sends as an array of
// strings or numbers, or, in some shapes, as one string or number: that
// gives a list of one. null and "" give nil; elements read as String does.
func (d *Decoder) Strings() []string {
	if d.peek() == '[' {
		var out []string
		d.Array("[]string")
		for d.Elem() {
			out = append(out, d.str("[]string"))
		}
		return out
	}
	if s := d.str("[]string"); s != "" {
		return []string{s}
	}
	return nil
}

// Ints reads an array of integers, each as Int reads one; null gives nil.
func (d *Decoder) Ints() []int64 {
	var out []int64
	if d.Array("[]int64") {
		for d.Elem() {
			out = append(out, d.Int("[]int64"))
		}
	}
	return out
}

// Raw reads any value and returns a copy of it as written.
func (d *Decoder) Raw() []byte {
	if v := d.RawView(); v != nil {
		return append([]byte(nil), v...)
	}
	return nil
}

// RawView reads any value and returns it as written: a slice of the
// document, not a copy, so it is valid as long as the document is.
func (d *Decoder) RawView() []byte {
	d.peek()
	start := d.i
	d.Skip()
	if d.syntax {
		return nil
	}
	return d.data[start:d.i:d.i]
}

// Embedded reads a string that holds a JSON object, as DingTalk sends some
// list elements, and returns the object's text. For any other string, a
// TypeError naming want; for a value that is not a string, ok is false and
// nothing is consumed.
func (d *Decoder) Embedded(want string) (doc []byte, ok bool) {
	if d.peek() != '"' {
		return nil, false
	}
	start := d.i
	raw, escaped, good := d.scanString()
	if !good {
		return nil, true
	}
	if escaped {
		raw = unescape(raw)
	}
	if !IsObject(raw) || !Valid(raw) {
		d.typeError(start, want, "a string not holding a JSON object")
		return nil, true
	}
	return raw, true
}

// Enter makes the decoder read doc, a valid document such as the one
// Embedded returns, until Leave(mark) goes back to the outer document after
// it. Type errors inside doc carry the outer path.
func (d *Decoder) Enter(doc []byte) (mark Mark) {
	mark = Mark{d.data, d.i}
	d.data, d.i = doc, 0
	return mark
}

// Leave returns to the document Enter left.
func (d *Decoder) Leave(mark Mark) { d.data, d.i = mark.data, mark.i }

// Mark is where Enter left the outer document.
type Mark struct {
	data []byte
	i    int
}

// Skip reads any value, checking its syntax, without decoding it. It does
// not recurse: nesting costs one byte of stack per level.
func (d *Decoder) Skip() {
	var buf [64]byte
	stack := buf[:0]
	for {
		// A value is due.
		switch c := d.peek(); {
		case c == '{':
			d.i++
			if d.peek() == '}' {
				d.i++
				break
			}
			stack = append(stack, '{')
			if !d.skipKey() {
				return
			}
			continue
		case c == '[':
			d.i++
			if d.peek() == ']' {
				d.i++
				break
			}
			stack = append(stack, '[')
			continue
		case c == '"':
			if _, _, ok := d.scanString(); !ok {
				return
			}
		case c == 't':
			d.literal("true")
		case c == 'f':
			d.literal("false")
		case c == 'n':
			d.literal("null")
		case c == '-' || c >= '0' && c <= '9':
			d.number()
		default:
			d.fail()
		}
		// A value ended: close what it ends, then find the next one.
		for {
			if d.syntax || len(stack) == 0 {
				return
			}
			c, top := d.peek(), stack[len(stack)-1]
			if c == ',' {
				d.i++
				if top == '{' && !d.skipKey() {
					return
				}
				break
			}
			if top == '{' && c == '}' || top == '[' && c == ']' {
				d.i++
				stack = stack[:len(stack)-1]
				continue
			}
			d.fail()
			return
		}
	}
}

// skipKey reads a key and its colon.
func (d *Decoder) skipKey() bool {
	if d.peek() != '"' {
		d.fail()
		return false
	}
	if _, _, ok := d.scanString(); !ok {
		return false
	}
	if d.peek() != ':' {
		d.fail()
		return false
	}
	d.i++
	return true
}

func (d *Decoder) literal(lit string) {
	if len(d.data)-d.i < len(lit) || string(d.data[d.i:d.i+len(lit)]) != lit {
		d.fail()
		return
	}
	d.i += len(lit)
}

// scanString reads the string at d.i and returns its inside, raw, and
// whether it holds escapes.
func (d *Decoder) scanString() (raw []byte, escaped, ok bool) {
	data := d.data
	start := d.i + 1
	for j := start; j < len(data); j++ {
		switch c := data[j]; {
		case c == '"':
			d.i = j + 1
			return data[start:j], escaped, true
		case c == '\\':
			escaped = true
			j++
			if j >= len(data) {
				break
			}
			switch data[j] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if j+4 >= len(data) || !isHex4(data[j+1:j+5]) {
					d.fail()
					return nil, false, false
				}
				j += 4
			default:
				d.fail()
				return nil, false, false
			}
		case c < 0x20:
			d.fail()
			return nil, false, false
		}
	}
	d.fail()
	return nil, false, false
}

// number reads a number as JSON's grammar has it and returns its text.
func (d *Decoder) number() []byte {
	data, start := d.data, d.i
	j := start
	if j < len(data) && data[j] == '-' {
		j++
	}
	switch {
	case j < len(data) && data[j] == '0':
		j++
	case j < len(data) && data[j] >= '1' && data[j] <= '9':
		j = digits(data, j)
	default:
		d.fail()
		return nil
	}
	if j < len(data) && data[j] == '.' {
		k := digits(data, j+1)
		if k == j+1 {
			d.fail()
			return nil
		}
		j = k
	}
	if j < len(data) && (data[j] == 'e' || data[j] == 'E') {
		j++
		if j < len(data) && (data[j] == '+' || data[j] == '-') {
			j++
		}
		k := digits(data, j)
		if k == j {
			d.fail()
			return nil
		}
		j = k
	}
	d.i = j
	return data[start:j]
}

func digits(data []byte, j int) int {
	for j < len(data) && data[j] >= '0' && data[j] <= '9' {
		j++
	}
	return j
}

func isHex4(b []byte) bool {
	for _, c := range b {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') && (c < 'A' || c > 'F') {
			return false
		}
	}
	return true
}

// mismatch records a TypeError for the value at d.i and skips it.
func (d *Decoder) mismatch(want string) {
	d.peek()
	start := d.i
	d.Skip()
	d.typeError(start, want, "")
}

// typeError records a TypeError, unless there is already an error, for
// the value that started at start and has been consumed.
func (d *Decoder) typeError(start int, want, reason string) {
	if d.syntax || d.typeErr != nil {
		return
	}
	v := string(d.data[start:d.i])
	if len(v) > 32 {
		v = v[:32] + "…"
	}
	path := make([]string, 0, min(d.depth, maxPath))
	for _, k := range d.path[:min(d.depth, maxPath)] {
		path = append(path, string(k))
	}
	d.typeErr = &TypeError{Field: strings.Join(path, "."), Value: v, Want: want, Reason: reason}
}

// unescape returns the text of a JSON string's inside, as encoding/json
// gives it: escapes decoded, invalid UTF-8 and lone surrogates as U+FFFD.
// raw has been checked by scanString.
func unescape(raw []byte) []byte {
	out := make([]byte, 0, len(raw)+2*utf8.UTFMax)
	for r := 0; r < len(raw); {
		c := raw[r]
		switch {
		case c == '\\':
			e := raw[r+1]
			r += 2
			switch e {
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'u':
				rr := hex4(raw[r : r+4])
				r += 4
				if utf16.IsSurrogate(rr) {
					if r+6 <= len(raw) && raw[r] == '\\' && raw[r+1] == 'u' && isHex4(raw[r+2:r+6]) {
						if dec := utf16.DecodeRune(rr, hex4(raw[r+2:r+6])); dec != unicode.ReplacementChar {
							out = utf8.AppendRune(out, dec)
							r += 6
							break
						}
					}
					rr = unicode.ReplacementChar
				}
				out = utf8.AppendRune(out, rr)
			default: // '"', '\\', '/'
				out = append(out, e)
			}
		case c < utf8.RuneSelf:
			out = append(out, c)
			r++
		default:
			rr, size := utf8.DecodeRune(raw[r:])
			r += size
			out = utf8.AppendRune(out, rr)
		}
	}
	return out
}

func hex4(b []byte) rune {
	var r rune
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		default:
			c = c - 'A' + 10
		}
		r = r<<4 | rune(c)
	}
	return r
}
