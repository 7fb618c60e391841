package backend

import (
	"encoding/binary"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"smsdesk/crm"
)

// A conversation encoded around its already-encoded last message decodes
// to itself, and a message event built from the same bytes reads back as
// the event that was emitted, with and without the routing being the
// message's own.
func TestConversationSplicedAroundLastMessage(t *testing.T) {
	at := time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)
	routing := crm.RoutingDecision{Record: crm.RecordRef{Type: crm.RecordContact, ID: "c_jane"}, Rule: crm.RuleNewLead, Candidates: 2}
	older := crm.RoutingDecision{Record: crm.RecordRef{Type: crm.RecordLead, ID: "l_old"}, Rule: crm.RuleNewLead}
	for name, msgRouting := range map[string]*crm.RoutingDecision{"inbound": &routing, "outbound": nil} {
		t.Run(name, func(t *testing.T) {
			m := crm.Message{ID: "msg_1", ConversationID: "cv_1", Direction: crm.Inbound, Body: "Hi \"there\" ✓",
				From: phoneJane, To: numAlice, CreatedAt: at, ProviderID: "SM1", Status: crm.StatusReceived, StatusAt: at, Segments: 1}
			last := &older
			if msgRouting != nil {
				r := *msgRouting
				m.Routing = &r
				last = &routing
			}
			c := crm.Conversation{ID: "cv_1", Record: routing.Record, RecordName: "Jane", BusinessNumber: numAlice,
				CustomerNumber: phoneJane, CreatedAt: at, LastMessageAt: at, LastMessage: &m, LastRouting: last}
			rawMsg, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			f, err := encodeWithLastMessage(c, m, rawMsg)
			if err != nil {
				t.Fatal(err)
			}
			if f.routingIsMessage != (msgRouting != nil) {
				t.Fatalf("routingIsMessage %v", f.routingIsMessage)
			}
			got, err := decodeConversation(f.stored)
			if err != nil || !reflect.DeepEqual(got, c) {
				t.Fatalf("decoded %+v, %v; want %+v", got, err, c)
			}
			if ns := binary.BigEndian.Uint64(f.stored[:convHeader]); ns != uint64(at.UnixNano()) {
				t.Fatalf("header time %d, want %d", ns, at.UnixNano())
			}
			ev := crm.Event{Kind: crm.EventMessage, At: at, Audience: []string{"u_alice"}, Message: &m, Conversation: &c}
			body, err := encodeEvent(ev, eventRaw{message: rawMsg, conversation: f.head, routingIsMessage: f.routingIsMessage})
			if err != nil {
				t.Fatal(err)
			}
			var se storedEvent
			if err := json.Unmarshal(body, &se); err != nil {
				t.Fatalf("stored event %s: %v", body, err)
			}
			if back := se.expand(); !reflect.DeepEqual(back, ev) {
				t.Fatalf("event read back\n%+v\nwant\n%+v", back, ev)
			}
		})
	}
}

// BenchmarkInboundConversationEncoding: the conversation value and the
// message event of one inbound message, encoded the general way (the
// conversation with its message, then the event compacted by comparing
// them) and spliced around the message's bytes (what receiveSMS does).
func BenchmarkInboundConversationEncoding(b *testing.B) {
	at := time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)
	routing := crm.RoutingDecision{Record: crm.RecordRef{Type: crm.RecordContact, ID: "c_jane"}, Rule: crm.RuleRecentConversation, Candidates: 2, ConversationID: "cv_1"}
	m := crm.Message{ID: "msg_0000018a1b2c3d4e_abcdefghijklmnop", ConversationID: "cv_1", Direction: crm.Inbound, Body: "Benchmark message 12345",
		From: phoneJane, To: numAlice, CreatedAt: at, ProviderID: "SM1b000000000000000000000000001", Status: crm.StatusReceived, StatusAt: at, Segments: 1, Routing: &routing}
	c := crm.Conversation{ID: "cv_1", Record: routing.Record, RecordName: "Jane Cooper", BusinessNumber: numAlice,
		CustomerNumber: phoneJane, CreatedAt: at, LastMessageAt: at, LastMessage: &m, LastRouting: &routing}
	ev := crm.Event{Kind: crm.EventMessage, At: at, Audience: []string{"u_alice", "u_bob"}, Message: &m, Conversation: &c}
	rawMsg, err := json.Marshal(m)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("general", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := encodeConversation(c); err != nil {
				b.Fatal(err)
			}
			if _, err := encodeEvent(ev, eventRaw{message: rawMsg}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("spliced", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			f, err := encodeWithLastMessage(c, m, rawMsg)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := encodeEvent(ev, eventRaw{message: rawMsg, conversation: f.head, routingIsMessage: f.routingIsMessage}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
