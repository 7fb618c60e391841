package client

import (
	"os/exec"
	"strings"
	"testing"
)

// The TUI and the sync client run on a salesperson's machine and know the
// server only through the wire format: neither may pull in the backend
// (its store, Twilio, the admin API). go list -deps gives what each
// package's non-test build imports, directly or not.
func TestClientAndTUIDoNotDependOnBackend(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to list dependencies: %v", err)
	}
	for _, pkg := range []string{"smsdesk/sync/client", "smsdesk/sync/wire", "smsdesk/tui"} {
		out, err := exec.Command(goTool, "list", "-deps", "-f", "{{.ImportPath}}", pkg).CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps %s: %v\n%s", pkg, err, out)
		}
		deps := strings.Fields(string(out))
		if len(deps) == 0 || deps[len(deps)-1] != pkg {
			t.Fatalf("go list -deps %s listed %q, not the package itself last", pkg, deps)
		}
		for _, d := range deps {
			if d == "smsdesk/backend" || strings.HasPrefix(d, "smsdesk/backend/") {
				t.Errorf("%s depends on %s; it must reach the server only through smsdesk/sync/wire", pkg, d)
			}
		}
	}
}
