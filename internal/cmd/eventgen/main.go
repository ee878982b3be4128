// Command eventgen writes event/decode_gen.go, the JSON decoders of package
// event (see internal/eventgen). Run it from event/ with go generate.
package main

import (
	"fmt"
	"os"

	"github.com/kefu-go/kefu/internal/eventgen"
)

func main() {
	src, err := eventgen.Generate(".")
	if err == nil {
		err = os.WriteFile(eventgen.Output, src, 0o644) //nolint:gosec // a source file, world-readable as the others
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
