package backend

import (
	"bytes"
	"sync"

	"smsdesk/crm"
)

// convCache keeps decoded conversations next to the exact bytes they were
// decoded from (or encoded to). A hit needs the stored value to be
// byte-for-byte what the cache holds, so the cache can never serve a stale
// or uncommitted conversation: at worst it misses. Decoding a conversation
// (which embeds its last message) was the largest single cost of an
// inbound message; consecutive messages on a thread now skip it.
//
// Cached conversations are shared: callers copy the struct and replace its
// pointer fields, never write through them (which the code already does).
type convCache struct {
	mu  sync.Mutex
	m   map[string]cachedConv
	max int
}

type cachedConv struct {
	raw  []byte
	conv crm.Conversation
}

func newConvCache(max int) *convCache {
	return &convCache{m: make(map[string]cachedConv), max: max}
}

func (c *convCache) lookup(id string, raw []byte) (crm.Conversation, bool) {
	c.mu.Lock()
	e, ok := c.m[id]
	c.mu.Unlock()
	if !ok || !bytes.Equal(e.raw, raw) {
		return crm.Conversation{}, false
	}
	return e.conv, true
}

func (c *convCache) store(id string, raw []byte, conv crm.Conversation) {
	c.mu.Lock()
	if len(c.m) >= c.max {
		clear(c.m)
	}
	c.m[id] = cachedConv{raw: bytes.Clone(raw), conv: conv}
	c.mu.Unlock()
}

// conversation is getConversation through the cache.
func (s *Service) conversation(r kv, id string) (crm.Conversation, bool, error) {
	v := r.get(bConversations, []byte(id))
	if v == nil {
		return crm.Conversation{}, false, nil
	}
	if c, ok := s.convs.lookup(id, v); ok {
		return c, true, nil
	}
	c, err := decodeConversation(v)
	if err != nil {
		return c, false, err
	}
	s.convs.store(id, v, c)
	return c, true, nil
}

// putConversationCached is putConversation that also caches what it wrote,
// so the next message on the thread finds it decoded.
func (s *Service) putConversationCached(r kv, c crm.Conversation, oldRecord string) error {
	raw, err := putConversationRaw(r, c, oldRecord)
	if err != nil {
		return err
	}
	s.convs.store(c.ID, raw, c)
	return nil
}
