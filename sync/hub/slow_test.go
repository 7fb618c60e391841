package hub

import (
	"context"
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"smsdesk/sync/client"
	"smsdesk/sync/wire"
)

// shrinkableDial makes client sockets whose receive buffer starts tiny, so
// that a client that stops reading backs the server up after kilobytes, not
// megabytes; grow restores a normal buffer (a tiny one also makes reading
// crawl, through delayed acknowledgements).
type shrinkableDial struct {
	mu    sync.Mutex
	grown bool
	conns []*net.TCPConn
}

func (s *shrinkableDial) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	var d net.Dialer
	c, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if tcp, ok := c.(*net.TCPConn); ok && !s.grown {
		_ = tcp.SetReadBuffer(4096)
		s.conns = append(s.conns, tcp)
	}
	return c, nil
}

func (s *shrinkableDial) grow() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.grown = true
	for _, c := range s.conns {
		_ = c.SetReadBuffer(4 << 20)
	}
	s.conns = nil
}

// smallSendListener gives accepted sockets a small send buffer, for the same
// reason as shrinkableDial.
type smallSendListener struct{ net.Listener }

func (l smallSendListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tcp, ok := c.(*net.TCPConn); ok {
		_ = tcp.SetWriteBuffer(16 << 10)
	}
	return c, err
}

func TestSlowClientIsDroppedThenCatchesUpLosingNothing(t *testing.T) {
	srv := newTestServer(t, withHubConfig(HubConfig{SendQueue: 8, MaxPending: 256}),
		withListener(func(l net.Listener) net.Listener { return smallSendListener{l} }))
	var stalled atomic.Bool
	release := make(chan struct{})
	sd := &shrinkableDial{}
	alice := newTestClient(t, srv, tokAlice, "", func(c *client.Client) {
		c.Hooks.NetDialContext = sd.dial
		record := c.Hooks.AfterFrame
		c.Hooks.AfterFrame = func(f wire.Frame) {
			record(f)
			if stalled.Load() {
				<-release // the client stops reading: its apply loop hangs
			}
		}
	})
	alice.converged("u_alice", 10*time.Second)
	hub := srv.theHub()
	bob := newTestClient(t, srv, tokBob, "")
	bob.converged("u_bob", 10*time.Second)

	stalled.Store(true)
	body := strings.Repeat("x", 1500)
	// Eight senders at once: the backend group-commits them.
	var sent atomic.Int64
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; hub.Connections("u_alice") > 0 && sent.Load() < 20000; i += 8 {
				// To Alice's number and to the west desk (Alice and Bob):
				// the hub goes on serving Bob while Alice is stuck.
				to := numAlice
				if i%2 == 1 {
					to = numWest
				}
				srv.inbound(fmt.Sprintf("+1415555%04d", 3000+i%500), to, body, i)
				sent.Add(1)
			}
		}()
	}
	wg.Wait()
	if hub.Connections("u_alice") > 0 {
		t.Fatalf("%d inbound messages and the stalled client is still connected", sent.Load())
	}
	t.Logf("stalled client dropped after %d inbound messages", sent.Load())
	bob.converged("u_bob", 10*time.Second)

	sd.grow()
	stalled.Store(false)
	close(release)
	alice.converged("u_alice", 20*time.Second)
	alice.waitCaughtUp("u_alice", 10*time.Second)
	if alice.reconnects() == 0 {
		t.Fatal("the client caught up without reconnecting?")
	}
}
