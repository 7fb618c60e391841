package localdb

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"smsdesk/crm"
)

// thread makes n messages of convID, one a second, alternating direction.
func thread(convID string, n int) []crm.Message {
	msgs := make([]crm.Message, n)
	for i := range msgs {
		created := t0.Add(time.Duration(i) * time.Second)
		if i%2 == 0 {
			msgs[i] = inbound(convID+"-"+mid(i), convID, created)
		} else {
			msgs[i] = outbound(convID+"-"+mid(i), convID, created, crm.StatusDelivered)
		}
	}
	return msgs
}

func TestPagingAcross5000Messages(t *testing.T) {
	db, _ := openTest(t, newClock())
	s := snapshot(1)
	// cv1 and cv10: one id is a prefix of the other; their ranges must not mix.
	s.Conversations = append(s.Conversations, conv("cv10", "r1", custB, at(0)))
	must(t, db.ApplySnapshot(s))
	want := thread("cv1", 5000)
	shuffled := append([]crm.Message(nil), want...)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	for i := 0; i < len(shuffled); i += 1000 {
		must(t, db.ApplyMessages(shuffled[i:i+1000]))
	}
	must(t, db.ApplyMessages(thread("cv10", 300)))

	if n, _ := db.MessageCount("cv1"); n != 5000 {
		t.Fatalf("MessageCount = %d", n)
	}
	last, err := db.LastMessages("cv1", 50)
	must(t, err)
	if !reflect.DeepEqual(ids(last), ids(want[4950:])) {
		t.Fatalf("LastMessages = %v…", ids(last)[:3])
	}
	// Scroll back to the beginning, 50 at a time.
	got := last
	for page := last; len(page) > 0; {
		page, err = db.MessagesBefore("cv1", page[0], 50)
		must(t, err)
		got = append(append([]crm.Message(nil), page...), got...)
	}
	if !reflect.DeepEqual(ids(got), ids(want)) {
		t.Fatalf("paged %d messages, not the thread in order", len(got))
	}
	if row := getRow(t, db, "cv1"); row.LastMessage.ID != want[4999].ID || row.Unread != 2500 {
		t.Errorf("row last %s unread %d", row.LastMessage.ID, row.Unread)
	}
	if all, _ := db.LastMessages("cv1", 10000); len(all) != 5000 {
		t.Errorf("LastMessages(10000) = %d", len(all))
	}
	if l, _ := db.LastMessages("cv10", 1); len(l) != 1 || l[0].ConversationID != "cv10" {
		t.Errorf("cv10 last = %+v", l)
	}
	if l, _ := db.LastMessages("nope", 10); len(l) != 0 {
		t.Errorf("unknown conversation has %d messages", len(l))
	}
}

func TestSearchRecords(t *testing.T) {
	db, _ := openTest(t, newClock())
	s := snapshot(1)
	r := record("a0", "Cy Young") // sorts first by id, last by name
	r.Phones = map[crm.PhoneField]string{crm.PhoneBusiness: "+33612345678"}
	r.Fields = map[string]string{"Company": "Widgets SA"}
	s.Records = append(s.Records, r)
	must(t, db.ApplySnapshot(s))
	for q, want := range map[string][]string{
		"ada":         {"r1"},
		"LTD":         {"r1", "r2"},
		"widgets":     {"a0"},
		"+336123":     {"a0"},
		"nobody here": nil,
	} {
		got, err := db.SearchRecords(q, 10)
		must(t, err)
		var gotIDs []string
		for _, r := range got {
			gotIDs = append(gotIDs, r.ID)
		}
		if !reflect.DeepEqual(gotIDs, want) {
			t.Errorf("SearchRecords(%q) = %v, want %v", q, gotIDs, want)
		}
	}
	// By name, whatever the ids: "Ada…" < "Bob…" < "Cy…".
	if got, _ := db.SearchRecords("", 2); len(got) != 2 || got[0].Name != "Ada Lovelace" || got[1].Name != "Bob Byte" {
		t.Errorf("SearchRecords(\"\", 2) = %+v", got)
	}
}
