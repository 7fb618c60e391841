package tui

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"smsdesk/crm"
	"smsdesk/localdb"
)

// Issue 14.2 against the real server: two devices of one seller (two caches,
// two sync clients, two TUIs). Opening a conversation, reading a reply as
// it arrives in the open pane and "mark all read" in the notification
// center clear the notifications on both devices, and each device's bell
// shows exactly the sum of its grid's New column all along.

var bellRE = regexp.MustCompile(`🔔 (\d+) `)

// bellCount is the number the header's bell shows (0 when it shows none).
func bellCount(screen string) int {
	header, _, _ := strings.Cut(screen, "\n")
	m := bellRE.FindStringSubmatch(header)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// newColumnSum adds up the New column: the unread count of every row.
func newColumnSum(t *testing.T, db *localdb.DB) int {
	t.Helper()
	rows, err := db.Conversations()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range rows {
		n += r.Unread
	}
	return n
}

func unreadNotifications(t *testing.T, db *localdb.DB) int {
	t.Helper()
	n, err := db.UnreadNotifications()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// device is one of the seller's TUIs and its cache.
type device struct {
	name   string
	db     *localdb.DB
	screen *screenRecorder
}

// waitAgree waits until the device's bell shows want, its New column adds
// up to want, and it holds wantNotes unread notifications.
func (s *stack) waitAgree(d device, what string, want, wantNotes int) {
	s.t.Helper()
	s.waitFor(fmt.Sprintf("%s on %s: bell %d, New column %d, %d unread notifications", what, d.name, want, want, wantNotes), func() bool {
		return bellCount(d.screen.text()) == want && newColumnSum(s.t, d.db) == want && unreadNotifications(s.t, d.db) == wantNotes
	})
}

func (s *stack) janeWrites(sid, body string) {
	s.t.Helper()
	err := s.svc.ReceiveSMS(context.Background(), crm.InboundSMS{ProviderID: sid, From: srvJane, To: srvAlice, Body: body})
	if err != nil {
		s.t.Fatalf("inbound %s: %v", sid, err)
	}
}

func TestServerReadingClearsNotificationsOnEveryDeviceAndBellMatchesNewColumn(t *testing.T) {
	s := startStack(t, 120, 30)
	// Device B's cache keeps the dataset's week too, or the notifications
	// (14 days from then) would read as expired.
	c := startClient(t, s.url, tokAlice, clientSetup{cache: "device-b.db", now: (&serverClock{t: serverNow}).Now, syncSeed: [2]uint64{5, 6}, modelSeed: 13}, 120, 30)
	p := &peer{t: t, db: c.db, tm: c.tm, screen: c.screen}
	p.waitScreen("device B's first sync", "Online")
	a := device{name: "device A", db: s.db, screen: s.screen}
	b := device{name: "device B", db: p.db, screen: p.screen}
	base := newColumnSum(t, a.db) // the dataset's history holds unread replies

	s.janeWrites("SMread1", "Are you there?")
	s.janeWrites("SMread2", "Hello again")
	for _, d := range []device{a, b} {
		s.waitAgree(d, "two replies", base+2, 2)
	}

	// Opening the conversation on A reads it and its notifications, on A
	// at once and on B through the server.
	s.openJane()
	janeUnreadBefore := 0 // Jane's earlier replies are read by the opening too
	for _, d := range []device{a, b} {
		s.waitFor("Jane read on "+d.name, func() bool {
			row, ok, err := d.db.Conversation(s.janeConversation())
			return err == nil && ok && row.Unread == janeUnreadBefore
		})
	}
	after := newColumnSum(t, a.db)
	for _, d := range []device{a, b} {
		s.waitAgree(d, "Jane opened on A", after, 0)
	}

	// A reply that arrives in A's open pane is read there, and on B.
	s.janeWrites("SMread3", "Thursday then?")
	s.waitScreen("the reply in the open pane", "Thursday then?")
	for _, d := range []device{a, b} {
		s.waitAgree(d, "a reply read in the open pane", after, 0)
	}

	// Mark all read in B's notification center clears everything.
	s.janeWrites("SMread4", "One more thing")
	p.tm.Send(keyMsg("esc")) // B's grid has the keyboard; n opens the center
	p.tm.Send(keyMsg("n"))
	p.waitScreen("B's notification center", "Notifications")
	p.tm.Send(keyMsg("a"))
	for _, d := range []device{a, b} {
		s.waitAgree(d, "mark all read on B", 0, 0)
	}
}
