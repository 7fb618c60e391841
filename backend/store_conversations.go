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
func conversationLastMessageAt(tx *bolt.Tx, id string) (time.Time, bool) {
	v := tx.Bucket(bConversations).Get([]byte(id))
	if len(v) < convHeader {
		return time.Time{}, false
	}
	if ns := int64(binary.BigEndian.Uint64(v)); ns != 0 {
		return time.Unix(0, ns).UTC(), true
	}
	return time.Time{}, true
}

func getConversation(tx *bolt.Tx, id string) (crm.Conversation, bool, error) {
	v := tx.Bucket(bConversations).Get([]byte(id))
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
func putConversation(tx *bolt.Tx, c crm.Conversation, oldRecord string) error {
	raw, err := encodeConversation(c)
	if err != nil {
		return fmt.Errorf("encode conversation %s: %w", c.ID, err)
	}
	if err := tx.Bucket(bConversations).Put([]byte(c.ID), raw); err != nil {
		return fmt.Errorf("store conversation %s: %w", c.ID, err)
	}
	if oldRecord == c.Record.ID {
		return nil
	}
	if oldRecord != "" {
		if err := tx.Bucket(bConvByRecord).Delete(joinKey(oldRecord, c.ID)); err != nil {
			return err
		}
	}
	if err := tx.Bucket(bConvByRecord).Put(joinKey(c.Record.ID, c.ID), nil); err != nil {
		return err
	}
	return tx.Bucket(bConvByPair).Put(joinKey(c.CustomerNumber, c.BusinessNumber, c.ID), []byte(c.Record.ID))
}

// pairEntry is one conversation with a customer, from the pair index.
type pairEntry struct {
	Business, ConvID, RecordID string
}

// conversationsWithCustomer lists every conversation with customer, on any
// business number, without decoding them.
func conversationsWithCustomer(tx *bolt.Tx, customer string) []pairEntry {
	var out []pairEntry
	p := prefixKey(customer)
	c := tx.Bucket(bConvByPair).Cursor()
	for k, v := c.Seek(p); k != nil && hasPrefix(k, p); k, v = c.Next() {
		rest := k[len(p):]
		for i, b := range rest {
			if b == 0 {
				out = append(out, pairEntry{Business: string(rest[:i]), ConvID: string(rest[i+1:]), RecordID: string(v)})
				break
			}
		}
	}
	return out
}

// conversationIDsOfRecord lists the conversations a record holds.
func conversationIDsOfRecord(tx *bolt.Tx, recordID string) []string {
	var out []string
	p := prefixKey(recordID)
	c := tx.Bucket(bConvByRecord).Cursor()
	for k, _ := c.Seek(p); k != nil && hasPrefix(k, p); k, _ = c.Next() {
		out = append(out, string(k[len(p):]))
	}
	return out
}

// putMessage stores m under its conversation and indexes its id and
// provider id. A message keeps its key (CreatedAt never changes).
// It returns the message's JSON, which its event reuses.
func putMessage(tx *bolt.Tx, m crm.Message) (json.RawMessage, error) {
	key := messageKey(m.ConversationID, m.CreatedAt, m.ID)
	raw, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("encode message %s: %w", m.ID, err)
	}
	if err := tx.Bucket(bMessages).Put(key, raw); err != nil {
		return nil, fmt.Errorf("store message %s: %w", m.ID, err)
	}
	if err := tx.Bucket(bMsgByID).Put([]byte(m.ID), key); err != nil {
		return nil, err
	}
	if m.ProviderID != "" {
		if err := tx.Bucket(bMsgByProvider).Put([]byte(m.ProviderID), []byte(m.ID)); err != nil {
			return nil, err
		}
	}
	return raw, nil
}

func getMessage(tx *bolt.Tx, id string) (crm.Message, bool, error) {
	key := tx.Bucket(bMsgByID).Get([]byte(id))
	if key == nil {
		return crm.Message{}, false, nil
	}
	raw := tx.Bucket(bMessages).Get(key)
	if raw == nil {
		return crm.Message{}, false, fmt.Errorf("message %s: index points at nothing", id)
	}
	var m crm.Message
	if err := json.Unmarshal(raw, &m); err != nil {
		return crm.Message{}, false, fmt.Errorf("decode message %s: %w", id, err)
	}
	return m, true, nil
}

func getRecord(tx *bolt.Tx, id string) (crm.Record, bool, error) {
	var r crm.Record
	ok, err := getJSON(tx.Bucket(bRecords), id, &r)
	return r, ok, err
}

// recordSummary reads a record's summary from the index, falling back to
// the transaction for a record created in the same, not yet committed,
// group commit.
func (s *Service) recordSummary(tx *bolt.Tx, id string) (recSummary, bool, error) {
	if sum, ok := s.records.get(id); ok {
		return sum, true, nil
	}
	r, ok, err := getRecord(tx, id)
	if err != nil || !ok {
		return recSummary{}, false, err
	}
	return summarize(r), true, nil
}

// convOwners returns the owners visibility is decided on: the business
// number's and the record's. A missing number or record owns nothing.
func (s *Service) convOwners(tx *bolt.Tx, d *directory, c crm.Conversation) (number, record crm.Owner, err error) {
	number = d.numbers[c.BusinessNumber].Owner
	sum, ok, err := s.recordSummary(tx, c.Record.ID)
	if err != nil {
		return number, record, err
	}
	if ok {
		record = sum.Owner
	}
	return number, record, nil
}

// canSee is crm.CanSee applied to a stored conversation.
func (s *Service) canSee(tx *bolt.Tx, d *directory, u crm.User, c crm.Conversation) (bool, error) {
	n, r, err := s.convOwners(tx, d, c)
	if err != nil {
		return false, err
	}
	return crm.CanSee(u, n, r), nil
}

// audience is crm.Audience applied to a stored conversation.
func (s *Service) audience(tx *bolt.Tx, d *directory, c crm.Conversation) ([]string, error) {
	n, r, err := s.convOwners(tx, d, c)
	if err != nil {
		return nil, err
	}
	return crm.Audience(n, r, d.memberIDs), nil
}

// visibleConversation loads a conversation userID may see; ErrNotFound for
// one that does not exist and for one the user may not see alike.
func (s *Service) visibleConversation(tx *bolt.Tx, d *directory, u crm.User, id string) (crm.Conversation, error) {
	c, ok, err := getConversation(tx, id)
	if err != nil {
		return c, err
	}
	if !ok {
		return c, ErrNotFound
	}
	see, err := s.canSee(tx, d, u, c)
	if err != nil {
		return c, err
	}
	if !see {
		return crm.Conversation{}, ErrNotFound
	}
	return c, nil
}
