// Package eventgen writes the JSON decoders of package event: one
// decodeFields method per payload type and per struct type found inside
// payloads, and decodePayload, which reads the payload of a Type. It reads the
// package's source (go/ast, not reflection), so it runs even when the file it
// writes is stale or missing.
//
// What the generated code does, field by field:
//
//   - Each field is read from its json tag's key, the key with the other case
//     of its first letter, and the keys of an alias:"a,b" tag (each in both
//     cases). No other spelling matches: there is no case folding.
//   - The value of the first spelling, in that order, that carries a
//     non-zero value wins; among repeats of one key, the last non-zero one.
//     Every value of a known key is checked for its type, winning or not.
//   - string fields also take numbers (kept as written), int64, float64 and
//     Millis fields quoted numbers, []string fields a single string or number,
//     as internal/jsonx.Decoder reads them.
//   - A field tagged kefu:"exact" is read from exactly its json tag's key and
//     its aliases, without the other case of their first letter, and may
//     take keys from Header: the payload's own field is tried first (see
//     DataCorp in package event).
//   - An embedded struct without a json tag adds its fields; a pointer field
//     tagged kefu:"inline" takes its struct's keys at the top level and is
//     allocated when one of them wins.
//   - A struct type with a hand-written decodeJSON method is read with it (a
//     Label also comes as a JSON string holding the object).
//
// Run it with go generate in event/; event's TestGeneratedIsCurrent fails
// when the committed file differs from what it writes.
package eventgen

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The files Generate writes.
const (
	// Decoders holds decodePayload and the decodeFields methods.
	Decoders = "decode_gen.go"
	// Constants holds the Type constants, one per registry entry.
	Constants = "types_gen.go"
)

// Outputs are the files Generate writes, in the order it returns them.
var Outputs = []string{Decoders, Constants}

// Generate reads the Go files of package event in dir and returns the
// source of each file of Outputs, by name.
func Generate(dir string) (map[string][]byte, error) {
	p, err := load(dir)
	if err != nil {
		return nil, err
	}
	g := &gen{pkg: p}
	dec, err := g.run()
	if err != nil {
		return nil, err
	}
	consts, err := p.constants()
	if err != nil {
		return nil, err
	}
	return map[string][]byte{Decoders: dec, Constants: consts}, nil
}

type pkg struct {
	structs map[string]*ast.StructType
	// hooks are the types with a hand-written decodeJSON method.
	hooks map[string]bool
	// registry lists the entries of event's registry, in source order.
	registry []regEntry
}

// regEntry is one entry of the registry: {"wire", (*Payload)(nil), pages}.
type regEntry struct {
	wire, payload string
	pages         []string
}

// constName is the Type constant of a wire name: Type and the wire name
// in CamelCase, with URL in capitals (check_url is TypeCheckURL).
func constName(wire string) string {
	var b strings.Builder
	b.WriteString("Type")
	for part := range strings.SplitSeq(wire, "_") {
		if part == "url" {
			b.WriteString("URL")
			continue
		}
		r, n := utf8.DecodeRuneInString(part)
		b.WriteRune(unicode.ToUpper(r))
		b.WriteString(part[n:])
	}
	return b.String()
}

func load(dir string) (*pkg, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	p := &pkg{structs: map[string]*ast.StructType{}, hooks: map[string]bool{}}
	fset := token.NewFileSet()
	for _, name := range files {
		base := filepath.Base(name)
		if strings.HasSuffix(base, "_test.go") || slices.Contains(Outputs, base) {
			continue
		}
		src, err := os.ReadFile(name) //nolint:gosec // the package's own files, globbed from dir
		if err != nil {
			return nil, err
		}
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, decl := range f.Decls {
			switch decl := decl.(type) {
			case *ast.GenDecl:
				for _, spec := range decl.Specs {
					switch spec := spec.(type) {
					case *ast.TypeSpec:
						if st, ok := spec.Type.(*ast.StructType); ok {
							p.structs[spec.Name.Name] = st
						}
					case *ast.ValueSpec:
						if len(spec.Names) == 1 && spec.Names[0].Name == "registry" && len(spec.Values) == 1 {
							if err := p.readRegistry(spec.Values[0]); err != nil {
								return nil, err
							}
						}
					}
				}
			case *ast.FuncDecl:
				if decl.Recv != nil && decl.Name.Name == "decodeJSON" {
					if name := pointerTo(decl.Recv.List[0].Type); name != "" {
						p.hooks[name] = true
					}
				}
			}
		}
	}
	if len(p.registry) == 0 {
		return nil, fmt.Errorf("eventgen: no registry map in %s", dir)
	}
	return p, nil
}

// readRegistry reads []entry{{"wire", (*X)(nil), []string{"page", …}}, …}.
func (p *pkg) readRegistry(e ast.Expr) error {
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return fmt.Errorf("eventgen: registry is not a composite literal")
	}
	for _, elt := range lit.Elts {
		r, ok := registryEntry(elt)
		if !ok {
			return fmt.Errorf("eventgen: registry entry is not {\"wire\", (*X)(nil), pages}")
		}
		p.registry = append(p.registry, r)
	}
	return nil
}

// registryEntry reads {"wire", (*X)(nil), []string{…} or nil}.
func registryEntry(elt ast.Expr) (regEntry, bool) {
	var r regEntry
	lit, ok := elt.(*ast.CompositeLit)
	if !ok || len(lit.Elts) != 3 {
		return r, false
	}
	wire, ok := stringLit(lit.Elts[0])
	if !ok || wire == "" {
		return r, false
	}
	call, ok := lit.Elts[1].(*ast.CallExpr)
	if !ok {
		return r, false
	}
	paren, ok := call.Fun.(*ast.ParenExpr)
	if !ok {
		return r, false
	}
	r.wire, r.payload = wire, pointerTo(paren.X)
	if r.payload == "" {
		return r, false
	}
	switch pages := lit.Elts[2].(type) {
	case *ast.Ident:
		if pages.Name != "nil" {
			return r, false
		}
	case *ast.CompositeLit:
		for _, pe := range pages.Elts {
			page, ok := stringLit(pe)
			if !ok {
				return r, false
			}
			r.pages = append(r.pages, page)
		}
	default:
		return r, false
	}
	return r, true
}

// stringLit returns the value of a string literal.
func stringLit(e ast.Expr) (string, bool) {
	b, ok := e.(*ast.BasicLit)
	if !ok || b.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(b.Value)
	return s, err == nil
}

// constants writes the Type constants of the registry, each documented
// with its payload type and pages.
func (p *pkg) constants() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("// Code generated by internal/eventgen; DO NOT EDIT.\n\npackage event\n\n")
	b.WriteString("// The event types this package decodes into typed payloads, one for each\n")
	b.WriteString("// entry of the registry (registry.go). Each names its payload type and the\n")
	b.WriteString("// DingTalk pages the payload was checked against.\n")
	b.WriteString("const (\n")
	seen := map[string]bool{}
	for i, r := range p.registry {
		name := constName(r.wire)
		if seen[name] {
			return nil, fmt.Errorf("eventgen: two registry entries for %s", name)
		}
		seen[name] = true
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "// %s is %s; its payload is *%s.\n", name, r.wire, r.payload)
		if len(r.pages) > 0 {
			b.WriteString("//\n")
			for _, page := range r.pages {
				fmt.Fprintf(&b, "//   - %s\n", page)
			}
		}
		fmt.Fprintf(&b, "%s Type = %q\n", name, r.wire)
	}
	b.WriteString(")\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("eventgen: generated constants do not parse: %w", err)
	}
	return src, nil
}

// pointerTo returns X for the type expression *X, or "".
func pointerTo(e ast.Expr) string {
	star, ok := e.(*ast.StarExpr)
	if !ok {
		return ""
	}
	id, ok := star.X.(*ast.Ident)
	if !ok {
		return ""
	}
	return id.Name
}

// field is one field of a flattened struct.
type field struct {
	path   string   // Go selector from the receiver, such as "UserChange.UserIDs"
	inline []string // inline pointer fields to allocate on the way, outermost first
	keys   []string // accepted keys, most preferred first
	typ    ast.Expr
}

type gen struct {
	pkg  *pkg
	out  bytes.Buffer
	done map[string]bool
	todo []string
	// header is the selector of the embedded Header of the struct being
	// flattened ("" when it has none): its keys are read by the one
	// generated Header.decodeKey, not copied into every decoder.
	header string
}

func (g *gen) printf(format string, args ...any) { fmt.Fprintf(&g.out, format, args...) }

func (g *gen) run() ([]byte, error) {
	g.done = map[string]bool{}
	g.printf("// Code generated by internal/eventgen; DO NOT EDIT.\n\n")
	g.printf("package event\n\nimport \"github.com/kefu-go/kefu/internal/jsonx\"\n\n")
	g.printf("// decodePayload reads the payload of the type registered for t, or\n")
	g.printf("// returns nil, reading nothing, for a type with no payload type.\n")
	g.printf("func decodePayload(t Type, d *jsonx.Decoder) Event {\nswitch t {\n")
	for _, r := range g.pkg.registry {
		g.printf("case %s:\nv := new(%s)\nv.decodeFields(d)\nreturn v\n", constName(r.wire), r.payload)
	}
	g.printf("}\nreturn nil\n}\n")
	g.todo = append(g.todo, "Header")
	for _, r := range g.pkg.registry {
		g.todo = append(g.todo, r.payload)
	}
	for len(g.todo) > 0 {
		name := g.todo[0]
		g.todo = g.todo[1:]
		if g.done[name] {
			continue
		}
		g.done[name] = true
		if err := g.decoder(name); err != nil {
			return nil, err
		}
	}
	src, err := format.Source(g.out.Bytes())
	if err != nil {
		return nil, fmt.Errorf("eventgen: generated code does not parse: %w", err)
	}
	return src, nil
}

// flatten lists the decoded fields of struct name.
func (g *gen) flatten(name, prefix string, inline []string, seen map[string]string) ([]field, error) {
	st, ok := g.pkg.structs[name]
	if !ok {
		return nil, fmt.Errorf("eventgen: no struct type %s", name)
	}
	var out []field
	for _, f := range st.Fields.List {
		var tag reflect.StructTag
		if f.Tag != nil {
			s, err := strconv.Unquote(f.Tag.Value)
			if err != nil {
				return nil, err
			}
			tag = reflect.StructTag(s)
		}
		jsonTag, hasJSON := tag.Lookup("json")
		if len(f.Names) == 0 { // embedded
			id, ok := f.Type.(*ast.Ident)
			if ok && !hasJSON && id.Name == "Header" && name != "Header" && len(inline) == 0 {
				// Header's keys still count as taken, so that no payload
				// field can claim one of them.
				if _, err := g.flatten("Header", prefix+"Header.", inline, seen); err != nil {
					return nil, err
				}
				g.header = prefix + "Header"
				continue
			}
			if ok && !hasJSON && g.pkg.structs[id.Name] != nil {
				sub, err := g.flatten(id.Name, prefix+id.Name+".", inline, seen)
				if err != nil {
					return nil, err
				}
				out = append(out, sub...)
			}
			continue
		}
		for _, n := range f.Names {
			if !n.IsExported() {
				continue
			}
			if tag.Get("kefu") == "inline" {
				target := pointerTo(f.Type)
				if target == "" {
					return nil, fmt.Errorf("eventgen: %s.%s: kefu:\"inline\" needs a pointer to a struct", name, n.Name)
				}
				sub, err := g.flatten(target, prefix+n.Name+".", append(slices.Clone(inline), prefix+n.Name+"="+target), seen)
				if err != nil {
					return nil, err
				}
				out = append(out, sub...)
				continue
			}
			key, _, _ := strings.Cut(jsonTag, ",")
			if key == "" || key == "-" {
				continue
			}
			keys := []string{key}
			if alias := tag.Get("alias"); alias != "" {
				keys = append(keys, strings.Split(alias, ",")...)
			}
			exact := tag.Get("kefu") == "exact"
			if !exact {
				keys = spellings(keys)
			}
			for _, k := range keys {
				prev, dup := seen[k]
				if dup && (!exact || !strings.HasPrefix(prev, "Header.")) {
					return nil, fmt.Errorf("eventgen: %s: key %q used by %s and %s", name, k, prev, n.Name)
				}
				seen[k] = prefix + n.Name
			}
			out = append(out, field{path: prefix + n.Name, inline: inline, keys: keys, typ: f.Type})
		}
	}
	return out, nil
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

// decoder writes the decodeFields method of struct type name. go/format
// indents the output, so the code is written without indentation.
func (g *gen) decoder(name string) error {
	g.header = ""
	fields, err := g.flatten(name, "", nil, map[string]string{})
	if err != nil {
		return err
	}
	header := g.header
	if name == "Header" {
		if err := g.headerKeys(fields); err != nil {
			return err
		}
	}
	if err := g.inlineMarshaler(name, fields); err != nil {
		return err
	}
	g.printf("\n// decodeFields reads the JSON object of a %s.\n", name)
	g.printf("func (v *%s) decodeFields(d *jsonx.Decoder) {\n", name)
	g.printf("if !d.Object(%q) {\nreturn\n}\n", "event."+name)
	if header != "" {
		g.printf("var hset headerSet\n")
	}
	if len(fields) == 0 {
		g.printf("for d.Next() {\n")
		g.skip(header)
		g.printf("}\n}\n")
		return nil
	}
	g.printf("var set [%d]uint8 // the rank of the key that set each field\n", len(fields))
	g.printf("for d.Next() {\n")
	g.printf("var f int   // the field the key names\n")
	g.printf("var r uint8 // the key's rank: the declared spelling ranks highest\n")
	return g.fieldSwitch(name, fields, func() {
		g.skip(header)
		g.printf("continue\n")
	}, "}\n}\n")
}

// inlineMarshaler writes the MarshalJSON method of a type with a field
// tagged kefu:"inline": the record is written back among the type's own
// keys (marshalInline), the shape its decoder reads. A type has at most one
// such field.
func (g *gen) inlineMarshaler(name string, fields []field) error {
	var inline []string
	for _, f := range fields {
		for _, in := range f.inline {
			field, _, _ := strings.Cut(in, "=")
			if !strings.Contains(field, ".") && !slices.Contains(inline, field) {
				inline = append(inline, field)
			}
		}
	}
	switch len(inline) {
	case 0:
		return nil
	case 1:
	default:
		return fmt.Errorf("eventgen: %s: more than one kefu:\"inline\" field: %v", name, inline)
	}
	f := inline[0]
	g.printf("\n// MarshalJSON writes %s inline, among the keys of the %s, as\n// DingTalk sends it.\n", f, name)
	g.printf("func (v %s) MarshalJSON() ([]byte, error) {\ntype wire %s\nw := wire(v)\nw.%s = nil\n", name, name, f)
	g.printf("return marshalInline(w, v.%s)\n}\n", f)
	return nil
}

// fieldSwitch writes the two switches of a decoder: the key to its field
// and rank (other writes the default case), then the read of that field;
// end closes what encloses them.
func (g *gen) fieldSwitch(owner string, fields []field, other func(), end string) error {
	g.printf("switch string(d.Key()) {\n")
	for i, f := range fields {
		for k, key := range f.keys {
			g.printf("case %q:\nf, r = %d, %d\n", key, i, len(f.keys)-k)
		}
	}
	g.printf("default:\n")
	other()
	g.printf("}\nswitch f {\n")
	for i, f := range fields {
		g.printf("case %d:\n", i)
		if err := g.read(owner, i, f); err != nil {
			return err
		}
	}
	g.printf("}\n%s", end)
	return nil
}

// skip writes what a decoder does with a key of none of its own fields: the
// embedded Header's, else skip the value.
func (g *gen) skip(header string) {
	if header == "" {
		g.printf("d.Skip()\n")
		return
	}
	g.printf("if !v.%s.decodeKey(d, &hset) {\nd.Skip()\n}\n", header)
}

// headerKeys writes Header.decodeKey, which every payload decoder calls for
// a key of none of its own fields, and headerSet, its ranks.
func (g *gen) headerKeys(fields []field) error {
	g.printf("\n// headerSet holds the rank of the key that set each Header field.\n")
	g.printf("type headerSet [%d]uint8\n", len(fields))
	g.printf("\n// decodeKey reads the value of the current key into v when the key is\n")
	g.printf("// one of Header's, and reports whether it was.\n")
	g.printf("func (v *Header) decodeKey(d *jsonx.Decoder, set *headerSet) bool {\n")
	g.printf("var f int\nvar r uint8\n")
	return g.fieldSwitch("Header", fields, func() { g.printf("return false\n") }, "return true\n}\n")
}

// read writes the code that reads the value of field i into x and stores
// it when x is set and its key ranks at least as high as the key that set
// the field before.
func (g *gen) read(owner string, i int, f field) error {
	wins := fmt.Sprintf("set[%d] <= r", i)
	store := func() {
		for _, in := range f.inline {
			path, typ, _ := strings.Cut(in, "=")
			g.printf("if v.%s == nil {\nv.%s = new(%s)\n}\n", path, path, typ)
		}
		g.printf("v.%s, set[%d] = x, r\n", f.path, i)
	}
	scalar := func(read, isSet string) {
		g.printf("if x := %s; %s && %s {\n", read, isSet, wins)
		store()
		g.printf("}\n")
	}
	// object reads a struct, or a pointer to one, unless the value is null.
	object := func(decl, name string) {
		g.todo = append(g.todo, name)
		g.printf("if !d.Null() {\n%s\nx.%s(d)\nif %s {\n", decl, g.method(name), wins)
		store()
		g.printf("}\n}\n")
	}
	switch t := f.typ.(type) {
	case *ast.Ident:
		switch t.Name {
		case "string":
			scalar("d.String()", `x != ""`)
		case "Type":
			scalar(`Type(d.StrictString("event.Type"))`, `x != ""`)
		case "int64":
			scalar(`d.Int("int64")`, "x != 0")
		case "Millis":
			scalar(`Millis(d.Int("event.Millis"))`, "x != 0")
		case "float64":
			scalar(`d.Float("float64")`, "x != 0")
		case "bool":
			scalar("d.Bool()", "x")
		default:
			if g.pkg.structs[t.Name] == nil {
				return fmt.Errorf("eventgen: %s.%s: unsupported type %s", owner, f.path, t.Name)
			}
			object("var x "+t.Name, t.Name)
		}
	case *ast.StarExpr:
		name := pointerTo(t)
		if g.pkg.structs[name] == nil {
			return fmt.Errorf("eventgen: %s.%s: unsupported pointer type", owner, f.path)
		}
		object("x := new("+name+")", name)
	case *ast.SelectorExpr:
		if pkg, ok := t.X.(*ast.Ident); !ok || pkg.Name != "json" || t.Sel.Name != "RawMessage" {
			return fmt.Errorf("eventgen: %s.%s: unsupported type", owner, f.path)
		}
		scalar("d.Raw()", "len(x) > 0")
	case *ast.ArrayType:
		id, ok := t.Elt.(*ast.Ident)
		switch {
		case t.Len != nil || !ok:
			return fmt.Errorf("eventgen: %s.%s: unsupported slice type", owner, f.path)
		case id.Name == "string":
			scalar("d.Strings()", "len(x) > 0")
		case id.Name == "int64":
			scalar("d.Ints()", "len(x) > 0")
		case g.pkg.structs[id.Name] != nil:
			g.todo = append(g.todo, id.Name)
			g.printf("var x []%s\nif d.Array(%q) {\nfor d.Elem() {\n", id.Name, "[]event."+id.Name)
			g.printf("x = append(x, %s{})\nx[len(x)-1].%s(d)\n}\n}\n", id.Name, g.method(id.Name))
			g.printf("if len(x) > 0 && %s {\n", wins)
			store()
			g.printf("}\n")
		default:
			return fmt.Errorf("eventgen: %s.%s: unsupported element type %s", owner, f.path, id.Name)
		}
	default:
		return fmt.Errorf("eventgen: %s.%s: unsupported type", owner, f.path)
	}
	return nil
}

// method is the method that reads a value of struct type name: its
// hand-written decodeJSON, or the generated decodeFields.
func (g *gen) method(name string) string {
	if g.pkg.hooks[name] {
		return "decodeJSON"
	}
	return "decodeFields"
}
