// Command gen writes the demo dataset (`go generate` in demodata runs it).
// The output depends only on the generator's code and its fixed seed.
package main

import (
	"flag"
	"fmt"
	"os"

	"smsdesk/cmd/smsdesk/demodata"
)

func main() {
	out := flag.String("o", "dataset.json", "file to write")
	flag.Parse()
	if err := write(*out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func write(path string) error {
	f, err := demodata.Generate()
	if err != nil {
		return err
	}
	raw, err := demodata.Encode(f)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
