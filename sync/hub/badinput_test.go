package hub

import (
	"reflect"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"smsdesk/crm"
	"smsdesk/sync/wire"
)

// A command replayed with the same id (a client that never stored the
// first ack) gets the same acknowledgement, on the same connection and on a
// new one, and the send goes to the provider once.
func TestReplayedCommandGetsTheSameAck(t *testing.T) {
	srv := newTestServer(t)
	jane := conversationOf(t, srv, "u_alice", phoneJane, "c_jane")
	dial := func() *websocket.Conn {
		ws, _, err := rawDial(t, wsAddr(srv), bearer(tokAlice))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { ws.Close() })
		writeFrame(t, ws, wire.Frame{Type: wire.TypeHello})
		readUntil(t, ws, 5*time.Second, caughtUp)
		return ws
	}
	cmd := sendCmd("cmd_replayed", jane, "Sent once, acknowledged three times")
	ackOf := func(ws *websocket.Conn) crm.CommandResult {
		writeFrame(t, ws, wire.Frame{Type: wire.TypeCommand, Command: &cmd})
		f := readUntil(t, ws, 5*time.Second, func(f wire.Frame) bool { return f.Type == wire.TypeAck && f.Result.ID == cmd.ID })
		return *f.Result
	}
	ws := dial()
	first := ackOf(ws)
	if !first.OK {
		t.Fatalf("first ack %+v", first)
	}
	if again := ackOf(ws); !reflect.DeepEqual(again, first) {
		t.Fatalf("replay on the same connection: %+v, first %+v", again, first)
	}
	ws.Close()
	if later := ackOf(dial()); !reflect.DeepEqual(later, first) {
		t.Fatalf("replay on a new connection: %+v, first %+v", later, first)
	}
	waitFor(t, "the provider to get the send", 5*time.Second, func() bool { return srv.prov.count(cmd.ID) > 0 })
	if n := srv.prov.count(cmd.ID); n != 1 {
		t.Fatalf("provider saw the send %d times", n)
	}
}
