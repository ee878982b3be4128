package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/kefu-go/kefu"
)

const versionUsage = `Usage: kefu version

Prints the module kefu was built from, its version (kefu.Version) and the
Go version it was built with:
  github.com/kefu-go/kefu 0.1.0-dev go1.25.14
Installed with go install …@VERSION, it also says which module version the
Go toolchain recorded: github.com/kefu-go/kefu 0.1.0 (module v0.1.0) go1.25.14.
`

func versionCmd(_ context.Context, e *env, args []string) error {
	fs := flags("version")
	if err := parse(e, fs, versionUsage, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	path, mod := "github.com/kefu-go/kefu", ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Path != "" {
			path = bi.Main.Path
		}
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			mod = " (module " + v + ")"
		}
	}
	_, err := fmt.Fprintf(e.stdout, "%s %s%s %s\n", path, kefu.Version, mod, runtime.Version())
	return err
}
