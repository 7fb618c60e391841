package backend

import (
	"sync"

	"smsdesk/crm"
)

// phoneCache remembers what crm.NormalizePhone made of a raw number.
// libphonenumber's parse is regex-heavy (a fifth of an inbound message's CPU
// when measured) and a provider sends the same few numbers over and over,
// in the same spelling. Bounded: it is cleared when full.
type phoneCache struct {
	mu  sync.RWMutex
	m   map[string]phoneResult
	max int
}

type phoneResult struct {
	e164 string
	err  error
}

func newPhoneCache(max int) *phoneCache {
	return &phoneCache{m: make(map[string]phoneResult), max: max}
}

// normalize is crm.NormalizePhone(raw, "") with a cache.
func (c *phoneCache) normalize(raw string) (string, error) {
	c.mu.RLock()
	r, ok := c.m[raw]
	c.mu.RUnlock()
	if ok {
		return r.e164, r.err
	}
	e164, err := crm.NormalizePhone(raw, "")
	c.mu.Lock()
	if len(c.m) >= c.max {
		clear(c.m)
	}
	c.m[raw] = phoneResult{e164: e164, err: err}
	c.mu.Unlock()
	return e164, err
}
