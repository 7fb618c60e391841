package backend

import (
	"sync"

	"smsdesk/crm"
)

// phoneCache remembers what crm.NormalizePhone made of a raw number.
// libphonenumber's parse is regex-heavy (50-150 µs, measured as a fifth of
// an inbound message's CPU) and every inbound message and send normalises
// two numbers, which are the same few over and over, in the same spelling.
//
// It is bounded without a clock: two generations of at most max entries.
// New results go into cur; when cur is full it becomes old and a new cur
// starts, dropping the previous old. A hit in old is copied into cur, so a
// number in use survives every rotation while one not seen for a whole
// generation is forgotten: LRU-like, with no list to maintain on a hit.
// At most 2×max entries are held.
type phoneCache struct {
	mu  sync.RWMutex
	cur map[string]phoneResult
	old map[string]phoneResult
	max int
}

type phoneResult struct {
	e164 string
	err  error
}

func newPhoneCache(max int) *phoneCache {
	return &phoneCache{cur: make(map[string]phoneResult), max: max}
}

// normalize is crm.NormalizePhone(raw, "") with the cache.
func (c *phoneCache) normalize(raw string) (string, error) {
	c.mu.RLock()
	r, ok := c.cur[raw]
	if !ok {
		r, ok = c.old[raw]
		if ok {
			c.mu.RUnlock()
			c.put(raw, r) // keep it through the next rotation
			return r.e164, r.err
		}
	}
	c.mu.RUnlock()
	if ok {
		return r.e164, r.err
	}
	e164, err := crm.NormalizePhone(raw, "")
	c.put(raw, phoneResult{e164: e164, err: err})
	return e164, err
}

func (c *phoneCache) put(raw string, r phoneResult) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.cur[raw]; ok {
		return
	}
	if len(c.cur) >= c.max {
		c.old, c.cur = c.cur, make(map[string]phoneResult, c.max)
	}
	c.cur[raw] = r
}

// len is how many results are held (tests).
func (c *phoneCache) len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.cur) + len(c.old)
}
