package backend

import (
	"context"
	"errors"
	"testing"
)

// pagedCount counts what a user receives in a first sync: every message of
// every conversation in their snapshot, paged as the hub pages them.
func pagedCount(t *testing.T, svc *Service, userID string) int {
	t.Helper()
	ctx := context.Background()
	snap, err := svc.Snapshot(ctx, userID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, conv := range snap.Conversations {
		after := ""
		for {
			msgs, err := svc.ConversationMessages(ctx, userID, conv.ID, after, 7)
			if err != nil {
				t.Fatal(err)
			}
			n += len(msgs)
			if len(msgs) < 7 {
				break
			}
			after = msgs[len(msgs)-1].ID
		}
	}
	return n
}

// CountMessages agrees with what each user would receive, counts new
// messages only for the users who may see them, and refuses unknown users.
func TestCountMessagesMatchesWhatEachUserReceives(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	ctx := context.Background()
	users := []string{"u_alice", "u_bob", "u_carol", "u_dave"}
	check := func() map[string]int {
		t.Helper()
		got := map[string]int{}
		for _, u := range users {
			n, err := e.svc.CountMessages(ctx, u)
			if err != nil {
				t.Fatalf("%s: %v", u, err)
			}
			if want := pagedCount(t, e.svc, u); n != want {
				t.Fatalf("%s: counted %d messages, receives %d", u, n, want)
			}
			got[u] = n
		}
		return got
	}
	before := check()
	if before["u_alice"] == 0 {
		t.Fatal("the dataset gives alice no messages: the test proves nothing")
	}
	// 40 messages to alice's own number: hers only (see fillLog).
	fillLog(t, e, 40)
	after := check()
	if after["u_alice"] != before["u_alice"]+40 {
		t.Fatalf("alice: %d → %d messages, want +40", before["u_alice"], after["u_alice"])
	}
	if after["u_carol"] != before["u_carol"] {
		t.Fatalf("carol: %d → %d messages of alice's private conversation", before["u_carol"], after["u_carol"])
	}
	if _, err := e.svc.CountMessages(ctx, "u_nobody"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown user: %v, want ErrNotFound", err)
	}
}
