// Command eventgen writes event/decode_gen.go, the JSON decoders of package
// event, and event/types_gen.go, its Type constants, from the registry (see
// internal/eventgen). Run it from event/ with go generate.
package main

import (
	"fmt"
	"os"

	"github.com/kefu-go/kefu/internal/eventgen"
)

func main() {
	files, err := eventgen.Generate(".")
	for _, name := range eventgen.Outputs {
		if err != nil {
			break
		}
		err = os.WriteFile(name, files[name], 0o644) //nolint:gosec // a source file, world-readable as the others
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
