package backend

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// A conversation is stored as 8 bytes of LastMessageAt (UnixNano, big
// endian; 0 for none) followed by its JSON. Routing reads only the header,
// so an inbound message never decodes the conversations it competes with.
const convHeader = 8

func encodeConversation(c crm.Conversation) ([]byte, error) {
	var last int64
	if !c.LastMessageAt.IsZero() {
		last = c.LastMessageAt.UnixNano()
	}
	raw, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	return append(binary.BigEndian.AppendUint64(make([]byte, 0, convHeader+len(raw)), uint64(last)), raw...), nil
}

func decodeConversation(v []byte) (crm.Conversation, error) {
	var c crm.Conversation
	if len(v) < convHeader {
		return c, fmt.Errorf("conversation value of %d bytes", len(v))
	}
	err := json.Unmarshal(v[convHeader:], &c)
	return c, err
}

// conversationLastMessageAt reads the header only.
func conversationLastMessageAt(r kv, id string) (time.Time, bool) {
	v := r.get(bConversations, []byte(id))
	if len(v) < convHeader {
		return time.Time{}, false
	}
	if ns := int64(binary.BigEndian.Uint64(v)); ns != 0 {
		return time.Unix(0, ns).UTC(), true
	}
	return time.Time{}, true
}

func getConversation(r kv, id string) (crm.Conversation, bool, error) {
	v := r.get(bConversations, []byte(id))
	if v == nil {
		return crm.Conversation{}, false, nil
	}
	c, err := decodeConversation(v)
	if err != nil {
		return c, false, fmt.Errorf("decode conversation %s: %w", id, err)
	}
	return c, true, nil
}

// putConversation stores c. Its indexes (pair and record) change only when
// the conversation is new or moves, so a new message rewrites one value:
// oldRecord is the record that held it before, "" for a new conversation.
func putConversation(r kv, c crm.Conversation, oldRecord string) error {
	_, err := putConversationRaw(r, c, oldRecord)
	return err
}

// putConversationRaw is putConversation returning the stored value.
func putConversationRaw(r kv, c crm.Conversation, oldRecord string) ([]byte, error) {
	raw, err := encodeConversation(c)
	if err != nil {
		return nil, fmt.Errorf("encode conversation %s: %w", c.ID, err)
	}
	return raw, putConversationBytes(r, c, oldRecord, raw)
}

// lastMessageForm is a conversation whose last message was just encoded
// (rawMsg, putMessage's bytes), encoded without encoding that message
// again: the conversation's head (no LastMessage; no LastRouting when it is
// the message's own) is encoded once and serves twice, as the stored value
// with the message and routing spliced in, and as a message event's
// conversation (storedEvent's compact form, see emitMessageSpliced).
type lastMessageForm struct {
	stored           []byte // the bucket value, header included
	head             []byte // JSON without last_message (and last_routing if routingIsMessage)
	routingIsMessage bool
}

func encodeWithLastMessage(c crm.Conversation, m crm.Message, rawMsg []byte) (lastMessageForm, error) {
	var f lastMessageForm
	h := c
	h.LastMessage = nil
	f.routingIsMessage = c.LastRouting != nil && m.Routing != nil && c.LastRouting.Equal(*m.Routing)
	if f.routingIsMessage {
		h.LastRouting = nil
	}
	head, err := json.Marshal(h)
	if err != nil {
		return f, fmt.Errorf("encode conversation %s: %w", c.ID, err)
	}
	f.head = head
	var rt []byte
	if f.routingIsMessage {
		if rt, err = json.Marshal(c.LastRouting); err != nil {
			return f, fmt.Errorf("encode conversation %s routing: %w", c.ID, err)
		}
	}
	var last int64
	if !c.LastMessageAt.IsZero() {
		last = c.LastMessageAt.UnixNano()
	}
	// header, head without its closing brace, the spliced fields, "}": one
	// buffer instead of a copy per spliceField.
	out := make([]byte, 0, convHeader+len(head)+len(rawMsg)+len(rt)+36)
	out = binary.BigEndian.AppendUint64(out, uint64(last))
	out = append(out, head[:len(head)-1]...)
	if len(head) > 2 {
		out = append(out, ',')
	}
	out = append(out, `"last_message":`...)
	out = append(out, rawMsg...)
	if rt != nil {
		out = append(out, `,"last_routing":`...)
		out = append(out, rt...)
	}
	f.stored = append(out, '}')
	return f, nil
}

// putConversationBytes stores raw (c encoded) and keeps the record and
// pair indexes in step.
func putConversationBytes(r kv, c crm.Conversation, oldRecord string, raw []byte) error {
	if err := r.put(bConversations, []byte(c.ID), raw); err != nil {
		return fmt.Errorf("store conversation %s: %w", c.ID, err)
	}
	if oldRecord == c.Record.ID {
		return nil
	}
	if oldRecord != "" {
		if err := r.del(bConvByRecord, joinKey(oldRecord, c.ID)); err != nil {
			return err
		}
	}
	if err := r.put(bConvByRecord, joinKey(c.Record.ID, c.ID), []byte{}); err != nil {
		return err
	}
	return r.put(bConvByPair, joinKey(c.CustomerNumber, c.BusinessNumber, c.ID), []byte(c.Record.ID))
}

// pairEntry is one conversation with a customer, from the pair index.
type pairEntry struct {
	Business, ConvID, RecordID string
}

// conversationsWithCustomer lists every conversation with customer, on any
// business number, without decoding them.
func conversationsWithCustomer(r kv, customer string) []pairEntry {
	var out []pairEntry
	p := prefixKey(customer)
	r.scan(bConvByPair, p, func(k, v []byte) bool {
		if parts := splitKey(k[len(p):]); len(parts) == 2 {
			out = append(out, pairEntry{Business: parts[0], ConvID: parts[1], RecordID: string(v)})
		}
		return true
	})
	return out
}

// conversationIDsOfRecord lists the conversations a record holds (an owner
// change of the record changes their audience: administration uses it).
func conversationIDsOfRecord(tx *bolt.Tx, recordID string) []string {
	var out []string
	p := prefixKey(recordID)
	c := tx.Bucket(bConvByRecord).Cursor()
	for k, _ := c.Seek(p); k != nil && hasPrefix(k, p); k, _ = c.Next() {
		out = append(out, unescapePart(k[len(p):]))
	}
	return out
}

// putMessage stores m under its conversation and indexes its id and
// provider id. A message keeps its key (CreatedAt never changes).
// It returns the message's JSON, which its event reuses.
func putMessage(r kv, m crm.Message) (json.RawMessage, error) {
	key := messageKey(m.ConversationID, m.CreatedAt, m.ID)
	raw, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("encode message %s: %w", m.ID, err)
	}
	if err := r.put(bMessages, key, raw); err != nil {
		return nil, fmt.Errorf("store message %s: %w", m.ID, err)
	}
	if err := r.put(bMsgByID, []byte(m.ID), key); err != nil {
		return nil, err
	}
	if m.ProviderID != "" {
		if err := r.put(bMsgByProvider, []byte(m.ProviderID), []byte(m.ID)); err != nil {
			return nil, err
		}
	}
	return raw, nil
}

func getMessage(r kv, id string) (crm.Message, bool, error) {
	key := r.get(bMsgByID, []byte(id))
	if key == nil {
		return crm.Message{}, false, nil
	}
	raw := r.get(bMessages, key)
	if raw == nil {
		return crm.Message{}, false, fmt.Errorf("message %s: index points at nothing", id)
	}
	var m crm.Message
	if err := json.Unmarshal(raw, &m); err != nil {
		return crm.Message{}, false, fmt.Errorf("decode message %s: %w", id, err)
	}
	return m, true, nil
}

func getRecord(r kv, id string) (crm.Record, bool, error) {
	var rec crm.Record
	ok, err := kvGetJSON(r, bRecords, id, &rec)
	return rec, ok, err
}

// recordSummary reads a record's summary from the index, falling back to
// the store for a record created in the same, not yet committed, group
// commit.
func (s *Service) recordSummary(r kv, id string) (recSummary, bool, error) {
	if sum, ok := s.records.get(id); ok {
		return sum, true, nil
	}
	rec, ok, err := getRecord(r, id)
	if err != nil || !ok {
		return recSummary{}, false, err
	}
	return summarize(rec), true, nil
}

// convOwners returns the owners visibility is decided on: the business
// number's and the record's. A missing number or record owns nothing.
func (s *Service) convOwners(r kv, d *directory, c crm.Conversation) (number, record crm.Owner, err error) {
	number = d.numbers[c.BusinessNumber].Owner
	sum, ok, err := s.recordSummary(r, c.Record.ID)
	if err != nil {
		return number, record, err
	}
	if ok {
		record = sum.Owner
	}
	return number, record, nil
}

// canSee is crm.CanSee applied to a stored conversation.
func (s *Service) canSee(r kv, d *directory, u crm.User, c crm.Conversation) (bool, error) {
	n, o, err := s.convOwners(r, d, c)
	if err != nil {
		return false, err
	}
	return crm.CanSee(u, n, o), nil
}

// audience is crm.Audience applied to a stored conversation.
func (s *Service) audience(r kv, d *directory, c crm.Conversation) ([]string, error) {
	n, o, err := s.convOwners(r, d, c)
	if err != nil {
		return nil, err
	}
	return crm.Audience(n, o, d.memberIDs, d.isSeller), nil
}

// visibleConversation loads a conversation userID may see; ErrNotFound for
// one that does not exist and for one the user may not see alike.
func (s *Service) visibleConversation(r kv, d *directory, u crm.User, id string) (crm.Conversation, error) {
	c, ok, err := getConversation(r, id)
	if err != nil {
		return c, err
	}
	if !ok {
		return c, ErrNotFound
	}
	see, err := s.canSee(r, d, u, c)
	if err != nil {
		return c, err
	}
	if !see {
		return crm.Conversation{}, ErrNotFound
	}
	return c, nil
}
