package backend

import (
	"bufio"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// Issue 13: the REST API read bodies with no deadline either, so a client
// (even one with no valid token: net/http drains an unread body to reuse
// the connection) could hold a connection and its goroutine by trickling
// a body. A body not complete within BodyTimeout is now answered 408, or
// its connection closed.
func TestRESTSlowBodyCutAtBodyTimeout(t *testing.T) {
	const timeout = 200 * time.Millisecond
	e := newEnv(t, adminDataset(t))
	e.srv.Config.Handler = NewServer(e.svc, ServerConfig{BodyTimeout: timeout})
	addr := strings.TrimPrefix(e.srv.URL, "http://")
	for _, c := range []struct{ name, path, token string }{
		{"a user's send", "/api/v1/conversations/cv_x/messages", tokAlice},
		{"an admin change", "/api/v1/admin/users", tokRoot},
		{"no token", "/api/v1/admin/users", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			start := time.Now()
			head := "POST " + c.path + " HTTP/1.1\r\nHost: " + addr + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n"
			if c.token != "" {
				head += "Authorization: Bearer " + c.token + "\r\n"
			}
			if _, err := io.WriteString(conn, head+"\r\n{"); err != nil {
				t.Fatal(err)
			}
			// The old code never answered; 5 s is the test's own limit.
			_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
			br := bufio.NewReader(conn)
			status, _ := br.ReadString('\n')
			_, err = io.Copy(io.Discard, br) // nil at EOF: the server closed it
			took := time.Since(start)
			if err != nil {
				t.Fatalf("connection still open %s later (status line %q): %v", took.Round(time.Millisecond), status, err)
			}
			if c.token != "" && !strings.Contains(status, " 408 ") {
				t.Errorf("answer %q, want 408", strings.TrimSpace(status))
			}
			if took < timeout {
				t.Errorf("closed after %s, before the %s deadline", took, timeout)
			}
		})
	}
}
