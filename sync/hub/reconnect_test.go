package hub

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"smsdesk/crm"
	"smsdesk/sync/client"
	"smsdesk/sync/wire"
)

// reconnectFigures is what one reconnect transferred.
type reconnectFigures struct {
	bytes, frames, events, messages int64
	snapshots                       int
	elapsed                         time.Duration
}

// makeReadEvents commits n conversation_read events for userID, one per
// command, spread over the user's conversations, eight at a time.
func makeReadEvents(tb testing.TB, srv *testServer, userID string, n int) {
	tb.Helper()
	snap, err := srv.service().Snapshot(context.Background(), userID)
	if err != nil || len(snap.Conversations) == 0 {
		tb.Fatalf("snapshot of %s: %v (%d conversations)", userID, err, len(snap.Conversations))
	}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += 8 {
				conv := snap.Conversations[i%len(snap.Conversations)]
				res := srv.service().Apply(context.Background(), userID, crm.Command{
					ID: fmt.Sprintf("cmd_read_%s_%06d_%d", userID, i, time.Now().UnixNano()), Kind: crm.CmdMarkRead, ConversationID: conv.ID,
				})
				if !res.OK {
					errs <- fmt.Errorf("mark_read %d: %+v", i, res.Error)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		tb.Fatal(err)
	}
}

// reconnectAfter syncs a client, cuts it, commits n events visible to the
// user, reconnects and reports what the reconnect transferred.
func reconnectAfter(tb testing.TB, srv *testServer, token, userID string, n int) reconnectFigures {
	tb.Helper()
	// The log starts empty after an import; one event gives the first sync
	// a cursor to resume from.
	makeReadEvents(tb, srv, userID, 1)
	var mu sync.Mutex
	snapshots := 0
	tc := newTestClient(tb, srv, token, "", func(c *client.Client) {
		c.Hooks.AfterFrame = func(f wire.Frame) {
			if f.Type == wire.TypeSnapshotBegin {
				mu.Lock()
				snapshots++
				mu.Unlock()
			}
		}
	})
	defer tc.close()
	tc.waitCaughtUp(userID, 60*time.Second)
	if tc.cursor() == 0 {
		tb.Fatal("no cursor after the first sync")
	}
	tc.c.SetOffline(true)
	waitFor(tb, "the link to be cut", 5*time.Second, func() bool { return srv.theHub().Connections(userID) == 0 })

	before := srv.service().LastSeq()
	makeReadEvents(tb, srv, userID, n)
	if got := srv.service().LastSeq() - before; got != uint64(n) {
		tb.Fatalf("%d events committed, want %d", got, n)
	}
	mu.Lock()
	snapshots = 0
	mu.Unlock()
	t0 := tc.c.Traffic()
	start := time.Now()
	tc.c.SetOffline(false)
	waitFor(tb, "the reconnect to catch up", 30*time.Second, func() bool { return tc.cursor() == srv.service().LastSeq() })
	t1 := tc.c.Traffic()
	fig := reconnectFigures{
		bytes: t1.Bytes - t0.Bytes, frames: t1.Frames - t0.Frames,
		events: t1.Events - t0.Events, messages: t1.Messages - t0.Messages,
		elapsed: time.Since(start),
	}
	mu.Lock()
	fig.snapshots = snapshots
	mu.Unlock()
	return fig
}

func checkOnlyEvents(tb testing.TB, fig reconnectFigures, n int) {
	tb.Helper()
	if fig.snapshots != 0 || fig.messages != 0 {
		tb.Fatalf("reconnect sent a snapshot (%d) or history messages (%d)", fig.snapshots, fig.messages)
	}
	if fig.events != int64(n) {
		tb.Fatalf("reconnect sent %d events, want exactly the %d new ones", fig.events, n)
	}
}

func TestReconnectTransfersOnlyNewEvents(t *testing.T) {
	srv := newTestServer(t, seedWith(genDataset(genSpec{sellers: 2, contactsPerSeller: 20, msgsPerConv: 20})))
	fig := reconnectAfter(t, srv, sellerToken(0), sellerID(0), 300)
	checkOnlyEvents(t, fig, 300)
	// 300 events with a 500-event page: the welcome, one events frame, and
	// nothing else (pings are control frames, not counted).
	if fig.frames != 2 {
		t.Fatalf("reconnect took %d frames, want 2 (welcome, events)", fig.frames)
	}
}

func BenchmarkReconnectAfter1000Events(b *testing.B) {
	// 100 conversations of 100 messages: history the reconnect must not resend.
	srv := newTestServer(b, seedWith(genDataset(genSpec{sellers: 1, contactsPerSeller: 100, msgsPerConv: 100})))
	var last reconnectFigures
	for b.Loop() {
		last = reconnectAfter(b, srv, sellerToken(0), sellerID(0), 1000)
		checkOnlyEvents(b, last, 1000)
	}
	b.ReportMetric(float64(last.bytes), "bytes/reconnect")
	b.ReportMetric(float64(last.frames), "frames/reconnect")
	b.ReportMetric(float64(last.events), "events/reconnect")
	b.ReportMetric(float64(last.messages), "history-msgs/reconnect")
	b.ReportMetric(float64(last.elapsed.Microseconds())/1000, "ms/reconnect")
}
