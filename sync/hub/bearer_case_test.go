package hub

import (
	"net/http"
	"testing"
	"time"

	"smsdesk/sync/wire"
)

// Issue 13, finding 6: the websocket and REST read the Authorization
// header with the same parser (backend.BearerToken), so the scheme is
// accepted in any case on both (REST is held to it in backend's
// TestBearerSchemeAnyCaseOnEveryEndpoint), and refused alike otherwise.
func TestBearerSchemeAnyCaseOnWebsocket(t *testing.T) {
	srv := newTestServer(t)
	for _, scheme := range []string{"Bearer", "bearer", "BEARER", "bEaReR"} {
		ws, _, err := rawDial(t, wsAddr(srv), http.Header{"Authorization": {scheme + " " + tokAlice}})
		if err != nil {
			t.Fatalf("%q: %v", scheme, err)
		}
		writeFrame(t, ws, wire.Frame{Type: wire.TypeHello})
		w := readUntil(t, ws, 5*time.Second, func(f wire.Frame) bool { return f.Type == wire.TypeWelcome })
		if w.User.ID != "u_alice" {
			t.Fatalf("%q: welcomed as %q", scheme, w.User.ID)
		}
	}
	for _, bad := range []string{"Bearer", "Token " + tokAlice, "Bearer" + tokAlice} {
		_, resp, err := rawDial(t, wsAddr(srv), http.Header{"Authorization": {bad}})
		if err == nil || resp == nil || resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("%q: %v %v, want 401", bad, err, resp)
		}
	}
}
