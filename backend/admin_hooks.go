package backend

import (
	"sync"
)

// adminHooks holds the callbacks administration fires after a commit. The
// sync hub registers DisconnectUser on token revocation; the provider
// wiring (cmd/smsdesk) rebuilds its Twilio client on provider changes.
type adminHooks struct {
	mu       sync.Mutex
	next     int
	revoked  map[int]func(userID string)
	provider map[int]func(ProviderSettings)
	// settings caches the stored provider settings (nil: not read yet); the
	// webhook reads the auth token on every request.
	settings *ProviderSettings
}

// OnTokenRevoked registers fn, called with the user id after a commit that
// made a user's token stop working (revoked, or replaced by a new one).
// The sync hub closes that user's websockets with it. fn must not block.
func (s *Service) OnTokenRevoked(fn func(userID string)) (cancel func()) {
	h := &s.hooks
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.revoked == nil {
		h.revoked = map[int]func(string){}
	}
	id := h.next
	h.next++
	h.revoked[id] = fn
	return func() {
		h.mu.Lock()
		delete(h.revoked, id)
		h.mu.Unlock()
	}
}

// OnProviderChanged registers fn, called with the new settings after an
// admin changed the provider settings. fn must not block.
func (s *Service) OnProviderChanged(fn func(ProviderSettings)) (cancel func()) {
	h := &s.hooks
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.provider == nil {
		h.provider = map[int]func(ProviderSettings){}
	}
	id := h.next
	h.next++
	h.provider[id] = fn
	return func() {
		h.mu.Lock()
		delete(h.provider, id)
		h.mu.Unlock()
	}
}

func (h *adminHooks) tokenRevoked(userID string) {
	h.mu.Lock()
	fns := make([]func(string), 0, len(h.revoked))
	for _, fn := range h.revoked {
		fns = append(fns, fn)
	}
	h.mu.Unlock()
	for _, fn := range fns {
		fn(userID)
	}
}

func (h *adminHooks) providerChanged(p ProviderSettings) {
	h.mu.Lock()
	fns := make([]func(ProviderSettings), 0, len(h.provider))
	for _, fn := range h.provider {
		fns = append(fns, fn)
	}
	h.mu.Unlock()
	for _, fn := range fns {
		fn(p)
	}
}
