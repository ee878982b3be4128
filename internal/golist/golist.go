// Package golist lists, for tests, the packages a package links: the tests
// that keep a production binary free of test helpers and a Desk-only
// program free of DingTalk's event package use it.
package golist

import (
	"os/exec"
	"strings"
	"testing"
)

// Deps returns the import paths that the package in the test's directory
// depends on, itself included (go list -deps). It skips the test where no
// go tool is on PATH.
func Deps(t testing.TB) []string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool on PATH")
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").Output() //nolint:gosec // the go tool from PATH, fixed arguments
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	return strings.Fields(string(out))
}
