package event_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kefu-go/kefu/event"
)

// Every payload type's doc comment links the pages its registry entry
// lists (event.Pages); a type without pages says where its fields come from.
func TestEveryTypeLinksItsPages(t *testing.T) {
	t.Parallel()
	docs := typeDocs(t)
	for _, typ := range event.Types() {
		urls := event.Pages(typ)
		name := reflect.TypeOf(event.New(typ)).Elem().Name()
		doc, ok := docs[name]
		require.True(t, ok, name)
		for _, u := range urls {
			assert.Contains(t, doc, u, "%s's doc comment links its page", name)
		}
		if len(urls) == 0 {
			assert.Regexp(t, `capture|DingTalk-Callback-Crypto`, doc, "%s says where its fields come from", name)
		}
	}
	assert.Nil(t, event.Pages("brand_new"), "an unknown type has no pages")
	p := event.Pages(event.TypeUserAddOrg)
	require.NotEmpty(t, p)
	p[0] = "changed"
	assert.NotEqual(t, "changed", event.Pages(event.TypeUserAddOrg)[0], "Pages returns a copy")
}

// typeDocs returns the doc comment of every type declared in the package.
func typeDocs(t *testing.T) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	paths, err := filepath.Glob("*.go")
	require.NoError(t, err)
	docs := map[string]string{}
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ParseComments)
		require.NoError(t, err)
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, s := range gd.Specs {
				ts := s.(*ast.TypeSpec)
				doc := ts.Doc
				if doc == nil {
					doc = gd.Doc
				}
				if doc != nil {
					// Joined lines, so a URL wrapped by gofmt never splits.
					docs[ts.Name.Name] = strings.Join(strings.Fields(doc.Text()), " ")
				}
			}
		}
	}
	return docs
}
