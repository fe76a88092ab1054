// Command chitieu-dashboards writes chitieu's Grafana dashboards, built by package
// chitieu/internal/dashboards, as JSON files into a folder (dashboards/ of the repository, which
// Grafana provisions). Run it through `go generate ./internal/dashboards` after changing them.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"chitieu/internal/dashboards"
)

func main() {
	out := flag.String("out", "dashboards", "folder to write the dashboards' JSON files into")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "chitieu-dashboards:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	files, err := dashboards.All()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, f := range files {
		b, err := f.JSON()
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, f.Name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
