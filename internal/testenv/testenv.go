// Package testenv finds the external programs the tests drive. A missing program fails the test
// with the Debian package to install: scripts/test.sh installs them, and no test skips silently.
package testenv

import (
	"os/exec"
	"testing"
)

// Command returns the path of the first of names found on PATH, or fails the test naming the
// Debian package that provides it.
func Command(tb testing.TB, debianPackage string, names ...string) string {
	tb.Helper()
	for _, name := range names {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	tb.Fatalf("%v not found: install the Debian package %q (bash scripts/test.sh does so when run as root)", names, debianPackage)
	return ""
}
