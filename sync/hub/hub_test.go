package hub

import (
	"errors"
	"fmt"

	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"smsdesk/crm"
	"smsdesk/sync/wire"
)

func wsAddr(s *testServer) string { return "ws://" + s.addr + "/ws" }

// rawDial opens a websocket with the given headers, as any client could.
func rawDial(t testing.TB, addr string, hdr http.Header) (*websocket.Conn, *http.Response, error) {
	t.Helper()
	d := websocket.Dialer{HandshakeTimeout: 5 * time.Second}
	ws, resp, err := d.Dial(addr, hdr)
	if ws != nil {
		t.Cleanup(func() { ws.Close() })
	}
	return ws, resp, err
}

func bearer(tok string) http.Header { return http.Header{"Authorization": {"Bearer " + tok}} }

func writeFrame(t testing.TB, ws *websocket.Conn, f wire.Frame) {
	t.Helper()
	b, err := wire.EncodeFrame(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := ws.WriteMessage(websocket.TextMessage, b); err != nil {
		t.Fatalf("write: %v", err)
	}
}

// readUntil reads frames until match returns true; it fails after timeout.
func readUntil(t testing.TB, ws *websocket.Conn, timeout time.Duration, match func(wire.Frame) bool) wire.Frame {
	t.Helper()
	_ = ws.SetReadDeadline(time.Now().Add(timeout))
	defer ws.SetReadDeadline(time.Time{})
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		f, err := wire.DecodeFrame(data)
		if err != nil {
			t.Fatalf("server sent a bad frame %s: %v", data, err)
		}
		if match(f) {
			return f
		}
	}
}

func caughtUp(f wire.Frame) bool { return f.Type == wire.TypeEvents && !f.More }

func TestUnknownTokenRefusedBeforeUpgrade(t *testing.T) {
	srv := newTestServer(t)
	cases := []struct {
		name string
		url  string
		hdr  http.Header
		code int
	}{
		{"unknown token", wsAddr(srv), bearer("not-a-token"), http.StatusUnauthorized},
		{"no token", wsAddr(srv), nil, http.StatusUnauthorized},
		{"basic auth", wsAddr(srv), http.Header{"Authorization": {"Basic YWxpY2U6eA=="}}, http.StatusUnauthorized},
		{"unknown query token", wsAddr(srv) + "?access_token=nope", nil, http.StatusUnauthorized},
		{"foreign origin", wsAddr(srv), http.Header{"Authorization": {"Bearer " + tokAlice}, "Origin": {"https://evil.example"}}, http.StatusForbidden},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, resp, err := rawDial(t, tc.url, tc.hdr)
			if !errors.Is(err, websocket.ErrBadHandshake) || resp == nil {
				t.Fatalf("dial: %v (resp %v); want a refused handshake", err, resp)
			}
			if resp.StatusCode != tc.code {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.code)
			}
			if resp.Header.Get("Upgrade") != "" {
				t.Fatal("the refusal carries an Upgrade header")
			}
		})
	}
	if n := srv.theHub().Connections(""); n != 0 {
		t.Fatalf("%d connections after refusals", n)
	}

	// What is allowed: a bearer header, the query parameter, the server's
	// own origin.
	for name, dial := range map[string]func() (*websocket.Conn, *http.Response, error){
		"header": func() (*websocket.Conn, *http.Response, error) { return rawDial(t, wsAddr(srv), bearer(tokAlice)) },
		"query": func() (*websocket.Conn, *http.Response, error) {
			return rawDial(t, wsAddr(srv)+"?access_token="+tokAlice, nil)
		},
		"same origin": func() (*websocket.Conn, *http.Response, error) {
			return rawDial(t, wsAddr(srv), http.Header{"Authorization": {"Bearer " + tokAlice}, "Origin": {"http://" + srv.addr}})
		},
	} {
		ws, _, err := dial()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		writeFrame(t, ws, wire.Frame{Type: wire.TypeHello})
		w := readUntil(t, ws, 5*time.Second, func(f wire.Frame) bool { return f.Type == wire.TypeWelcome })
		if w.User.ID != "u_alice" {
			t.Fatalf("%s: welcomed as %q", name, w.User.ID)
		}
	}
}

func TestConfiguredOriginAllowed(t *testing.T) {
	h := &Hub{cfg: HubConfig{AllowedOrigins: []string{"https://crm.example.com/"}}}
	for origin, want := range map[string]bool{
		"":                             true,
		"https://crm.example.com":      true,
		"https://CRM.example.com":      true,
		"http://crm.example.com":       false,
		"https://crm.example.com.evil": false,
		"null":                         false,
		"http://sms.local:8080":        true, // the request's own host
	} {
		r := httptest.NewRequest(http.MethodGet, "http://sms.local:8080/ws", nil)
		if origin != "" {
			r.Header.Set("Origin", origin)
		}
		if got := h.originAllowed(r); got != want {
			t.Errorf("origin %q: allowed = %v, want %v", origin, got, want)
		}
	}
}

func TestBadFramesGetErrorFramesAndTheConnectionSurvives(t *testing.T) {
	srv := newTestServer(t, withHubConfig(HubConfig{MaxFrameBytes: 4096, ReadLimit: 64 << 10}))
	ws, _, err := rawDial(t, wsAddr(srv), bearer(tokAlice))
	if err != nil {
		t.Fatal(err)
	}
	expectError := func(code wire.ErrorCode) {
		t.Helper()
		f := readUntil(t, ws, 5*time.Second, func(f wire.Frame) bool { return f.Type == wire.TypeError })
		if f.Error.Code != code {
			t.Fatalf("error code %s (%s), want %s", f.Error.Code, f.Error.Message, code)
		}
	}
	send := func(b []byte) {
		t.Helper()
		if err := ws.WriteMessage(websocket.TextMessage, b); err != nil {
			t.Fatal(err)
		}
	}

	send([]byte(`{"v":1,"type":"command","command":{"id":"cmd_early","kind":"mark_read","conversation_id":"x"}}`))
	expectError(wire.ErrCodeHelloRequired)
	writeFrame(t, ws, wire.Frame{Type: wire.TypeHello})
	readUntil(t, ws, 5*time.Second, caughtUp)

	for _, tc := range []struct {
		in   []byte
		code wire.ErrorCode
	}{
		{[]byte(`this is not json`), wire.ErrCodeBadJSON},
		{[]byte{'{', '"', 'v', '"', ':', '1', ',', '"', 't', 'y', 'p', 'e', '"', ':', '"', 0xff, 0xfe, '"', '}'}, wire.ErrCodeInvalidUTF8},
		{[]byte(`{"v":1,"type":"teleport"}`), wire.ErrCodeUnknownType},
		{[]byte(`{"v":9,"type":"ping"}`), wire.ErrCodeBadVersion},
		{[]byte(`{"v":1,"type":"command","command":{"kind":"mark_read"}}`), wire.ErrCodeInvalidFrame},
		{[]byte(`{"v":1,"type":"welcome","user":{"id":"u_bob"}}`), wire.ErrCodeUnexpected},
		{[]byte(`{"v":1,"type":"hello"}`), wire.ErrCodeUnexpected},
		{[]byte(`{"v":1,"type":"hello","client_id":"` + strings.Repeat("x", 5000) + `"}`), wire.ErrCodeTooLarge},
	} {
		send(tc.in)
		expectError(tc.code)
	}
	// Still alive: a ping is answered and a command is applied.
	writeFrame(t, ws, wire.Frame{Type: wire.TypePing})
	readUntil(t, ws, 5*time.Second, func(f wire.Frame) bool { return f.Type == wire.TypePong })
	jane := conversationOf(t, srv, "u_alice", phoneJane, "c_jane")
	writeFrame(t, ws, wire.Frame{Type: wire.TypeCommand, Command: &crm.Command{ID: "cmd_alive", Kind: crm.CmdMarkRead, ConversationID: jane.ID}})
	ack := readUntil(t, ws, 5*time.Second, func(f wire.Frame) bool { return f.Type == wire.TypeAck })
	if ack.Result.ID != "cmd_alive" || !ack.Result.OK {
		t.Fatalf("ack %+v", ack.Result)
	}
	// A command for a conversation Alice may not see is refused, not applied.
	carols := conversationOf(t, srv, "u_carol", "+33612345678", "c_marc")
	writeFrame(t, ws, wire.Frame{Type: wire.TypeCommand, Command: &crm.Command{ID: "cmd_snoop", Kind: crm.CmdMarkRead, ConversationID: carols.ID}})
	ack = readUntil(t, ws, 5*time.Second, func(f wire.Frame) bool { return f.Type == wire.TypeAck })
	if ack.Result.OK || ack.Result.Error == nil || ack.Result.Error.Code != crm.ErrNotFound {
		t.Fatalf("snooping command: %+v", ack.Result)
	}

	// Past the read limit the connection is closed (1009), not answered.
	// The server may close while the frame is still being written: then the
	// write itself fails (connection reset) and there is no 1009 to read.
	big := []byte(`{"v":1,"type":"ping","client_id":"` + strings.Repeat("x", 70<<10) + `"}`)
	if err := ws.WriteMessage(websocket.TextMessage, big); err == nil {
		_ = ws.SetReadDeadline(time.Now().Add(5 * time.Second))
		for {
			_, _, err := ws.ReadMessage()
			if err == nil {
				continue
			}
			if !websocket.IsCloseError(err, websocket.CloseMessageTooBig) && !isReset(err) {
				t.Fatalf("after an oversized frame: %v; want close 1009", err)
			}
			break
		}
	} else if !isReset(err) {
		t.Fatalf("writing the oversized frame: %v", err)
	}
	waitFor(t, "the hub to drop the connection", 5*time.Second, func() bool { return srv.theHub().Connections("u_alice") == 0 })
}

func TestDeadClientDetectedByServer(t *testing.T) {
	srv := newTestServer(t, withHubConfig(HubConfig{PingInterval: 50 * time.Millisecond, ReadTimeout: 300 * time.Millisecond}))
	ws, _, err := rawDial(t, wsAddr(srv), bearer(tokAlice))
	if err != nil {
		t.Fatal(err)
	}
	// Before the hello: the server's read deadline is set after reading it.
	start := time.Now()
	writeFrame(t, ws, wire.Frame{Type: wire.TypeHello})
	readUntil(t, ws, 5*time.Second, func(f wire.Frame) bool { return f.Type == wire.TypeWelcome })
	if srv.theHub().Connections("u_alice") != 1 {
		t.Fatal("not registered after the welcome")
	}
	// The raw client never reads again, so it never answers a ping.
	waitFor(t, "the hub to notice the dead client", 5*time.Second, func() bool { return srv.theHub().Connections("u_alice") == 0 })
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Fatalf("dropped after %v, before the read timeout", d)
	}
}

func TestLiveClientKeptAliveByPings(t *testing.T) {
	// The read timeout is ten ping intervals, so only a lost pong, not a
	// scheduler stall under -race on a loaded CI machine, can drop it.
	srv := newTestServer(t, withHubConfig(HubConfig{PingInterval: 100 * time.Millisecond, ReadTimeout: time.Second}))
	alice := newTestClient(t, srv, tokAlice, "")
	alice.converged("u_alice", 10*time.Second)
	hub := srv.theHub()
	// Three read timeouts of silence from the application: pongs keep it up.
	deadline := time.Now().Add(3 * time.Second)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for time.Now().Before(deadline) {
		if hub.Connections("u_alice") != 1 {
			t.Fatal("an idle but live client was dropped")
		}
		<-tick.C
	}
}

func TestDisconnectUser(t *testing.T) {
	srv := newTestServer(t)
	alice := newTestClient(t, srv, tokAlice, "")
	bob := newTestClient(t, srv, tokBob, "")
	alice.converged("u_alice", 10*time.Second)
	bob.converged("u_bob", 10*time.Second)
	hub := srv.theHub()
	waitFor(t, "both connected", 5*time.Second, func() bool { return hub.Connections("") == 2 })
	if n := hub.DisconnectUser("u_alice"); n != 1 {
		t.Fatalf("DisconnectUser closed %d connections", n)
	}
	waitFor(t, "alice disconnected", 5*time.Second, func() bool { return alice.reconnects() > 0 })
	if hub.Connections("u_bob") != 1 {
		t.Fatal("bob was disconnected too")
	}
}

func TestHubCloseRefusesNewConnections(t *testing.T) {
	srv := newTestServer(t)
	ws, _, err := rawDial(t, wsAddr(srv), bearer(tokAlice))
	if err != nil {
		t.Fatal(err)
	}
	writeFrame(t, ws, wire.Frame{Type: wire.TypeHello})
	readUntil(t, ws, 5*time.Second, caughtUp)
	hub := srv.theHub()
	if err := hub.Close(); err != nil {
		t.Fatal(err)
	}
	_ = ws.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		_, _, err := ws.ReadMessage()
		if err == nil {
			continue
		}
		if !websocket.IsCloseError(err, websocket.CloseGoingAway) {
			t.Fatalf("on hub close: %v; want 1001", err)
		}
		break
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/ws", nil)
	req.Header.Set("Authorization", "Bearer "+tokAlice)
	hub.ServeHTTP(rec, req)
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("after Close: %d, want 503", rec.Code)
	}
}

// settableClock is a clock a test moves by hand.
type settableClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *settableClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *settableClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestRateLimitIsPerTokenAcrossConnections(t *testing.T) {
	clk := &settableClock{t: time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)}
	srv := newTestServer(t, withHubConfig(HubConfig{CommandRate: 1, CommandBurst: 3, Now: clk.Now}))
	jane := conversationOf(t, srv, "u_alice", phoneJane, "c_jane")
	dial := func() *websocket.Conn {
		ws, _, err := rawDial(t, wsAddr(srv), bearer(tokAlice))
		if err != nil {
			t.Fatal(err)
		}
		writeFrame(t, ws, wire.Frame{Type: wire.TypeHello})
		readUntil(t, ws, 5*time.Second, caughtUp)
		return ws
	}
	send := func(ws *websocket.Conn, id string) wire.Frame {
		writeFrame(t, ws, wire.Frame{Type: wire.TypeCommand, Command: &crm.Command{ID: id, Kind: crm.CmdMarkRead, ConversationID: jane.ID}})
		return readUntil(t, ws, 5*time.Second, func(f wire.Frame) bool { return f.Type == wire.TypeAck || f.Type == wire.TypeError })
	}
	a, b := dial(), dial()
	for i, ws := range []*websocket.Conn{a, b, a} {
		if f := send(ws, fmt.Sprintf("cmd_rl_%d", i)); f.Type != wire.TypeAck {
			t.Fatalf("command %d within the burst: %+v", i, f.Error)
		}
	}
	// The fourth, on either connection, is over the token's budget.
	f := send(b, "cmd_rl_3")
	if f.Type != wire.TypeError || f.Error.Code != wire.ErrCodeRateLimited || f.Error.CommandID != "cmd_rl_3" || f.Error.RetryAfterMS != 1000 {
		t.Fatalf("fourth command: %+v %+v", f.Type, f.Error)
	}
	// Later commands on that connection wait for the refused one, so the
	// order holds; after a second it goes through.
	if f := send(b, "cmd_rl_4"); f.Type != wire.TypeError || f.Error.Code != wire.ErrCodeRateLimited {
		t.Fatalf("command after a refusal: %+v", f)
	}
	clk.Add(time.Second)
	if f := send(b, "cmd_rl_3"); f.Type != wire.TypeAck || f.Result.ID != "cmd_rl_3" {
		t.Fatalf("resent command: %+v", f)
	}

	// Once nobody uses the token and its bucket refilled, it is forgotten.
	a.Close()
	b.Close()
	hub := srv.theHub()
	waitFor(t, "connections to close", 5*time.Second, func() bool { return hub.Connections("") == 0 })
	clk.Add(time.Hour)
	c := dial() // its release sweeps the refilled bucket
	c.Close()
	waitFor(t, "the bucket to be forgotten", 5*time.Second, func() bool {
		hub.mu.Lock()
		defer hub.mu.Unlock()
		return len(hub.buckets) == 0
	})
}

// isReset: the peer closed the TCP connection under us.
func isReset(err error) bool {
	return errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}
