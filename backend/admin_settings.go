package backend

import (
	"context"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// ProviderSettings are the provider credentials an admin set at run time,
// kept in the store. Empty fields mean "not set here": the wiring
// (cmd/smsdesk) then falls back to its flags.
type ProviderSettings struct {
	TwilioAccountSID string    `json:"twilio_account_sid,omitempty"`
	TwilioAuthToken  string    `json:"twilio_auth_token,omitempty"`
	UpdatedAt        time.Time `json:"updated_at,omitzero"`
	UpdatedBy        string    `json:"updated_by,omitempty"`
}

// ProviderSettingsUpdate changes the fields that are not nil.
type ProviderSettingsUpdate struct {
	TwilioAccountSID *string `json:"twilio_account_sid,omitempty"`
	TwilioAuthToken  *string `json:"twilio_auth_token,omitempty"`
}

// providerKey is the settings bucket's key for ProviderSettings.
const providerKey = "provider"

// ProviderSettings returns the stored provider settings (cached: the
// webhook asks for the auth token on every request).
func (s *Service) ProviderSettings() ProviderSettings {
	h := &s.hooks
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.settings != nil {
		return *h.settings
	}
	var p ProviderSettings
	err := s.db.View(func(tx *bolt.Tx) error {
		_, err := getJSON(tx.Bucket(bSettings), providerKey, &p)
		return err
	})
	if err != nil {
		// Not cached: the next call reads again.
		s.log.Error("read provider settings", "err", err)
		return p
	}
	h.settings = &p
	return p
}

// SetProviderSettings stores new provider credentials. The Twilio auth
// token is never returned by any endpoint: the audit log shows only that
// it is set and its last four characters.
func (s *Service) SetProviderSettings(ctx context.Context, actor crm.User, up ProviderSettingsUpdate) (ProviderSettings, error) {
	var out ProviderSettings
	err := s.runAdmin(ctx, actor, ActProviderSet, func(a *adminTx) error {
		var p ProviderSettings
		if _, err := getJSON(a.w.tx.Bucket(bSettings), providerKey, &p); err != nil {
			return err
		}
		before := maskProvider(p)
		if up.TwilioAccountSID != nil {
			sid := strings.TrimSpace(*up.TwilioAccountSID)
			if sid != "" && !validAccountSID(sid) {
				return adminErr(crm.ErrInvalid, "twilio_account_sid", "%q is not a Twilio Account SID (AC followed by 32 hex digits)", sid)
			}
			p.TwilioAccountSID = sid
		}
		if up.TwilioAuthToken != nil {
			tok := *up.TwilioAuthToken
			if tok != "" && (len(tok) < 16 || strings.ContainsAny(tok, " \t\r\n")) {
				return adminErr(crm.ErrInvalid, "twilio_auth_token", "an auth token is at least 16 characters without spaces (Twilio's are 32 hex digits)")
			}
			p.TwilioAuthToken = tok
		}
		p.UpdatedAt, p.UpdatedBy = a.w.now, a.actor.ID
		if err := putJSON(a.w.tx.Bucket(bSettings), []byte(providerKey), p); err != nil {
			return fmt.Errorf("store provider settings: %w", err)
		}
		a.target, a.before, a.after = "twilio", before, maskProvider(p)
		out = p
		return nil
	})
	if err == nil {
		s.hooks.mu.Lock()
		s.hooks.settings = &out
		s.hooks.mu.Unlock()
		s.hooks.providerChanged(out)
	}
	return out, err
}

func validAccountSID(sid string) bool {
	if len(sid) != 34 || !strings.HasPrefix(sid, "AC") {
		return false
	}
	for _, r := range sid[2:] {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return false
		}
	}
	return true
}

// MaskedProvider is ProviderSettings safe to show: the token only as set
// and its last four characters.
type MaskedProvider struct {
	TwilioAccountSID   string    `json:"twilio_account_sid,omitempty"`
	TwilioAuthTokenSet bool      `json:"twilio_auth_token_set"`
	TwilioAuthTokenEnd string    `json:"twilio_auth_token_last4,omitempty"`
	UpdatedAt          time.Time `json:"updated_at,omitzero"`
	UpdatedBy          string    `json:"updated_by,omitempty"`
}

func maskProvider(p ProviderSettings) MaskedProvider {
	m := MaskedProvider{TwilioAccountSID: p.TwilioAccountSID, TwilioAuthTokenSet: p.TwilioAuthToken != "",
		UpdatedAt: p.UpdatedAt, UpdatedBy: p.UpdatedBy}
	if len(p.TwilioAuthToken) >= 16 {
		m.TwilioAuthTokenEnd = p.TwilioAuthToken[len(p.TwilioAuthToken)-4:]
	}
	return m
}

// AdminProvider returns the stored provider settings, masked.
func (s *Service) AdminProvider(ctx context.Context, actor crm.User) (MaskedProvider, error) {
	if err := checkAdmin(actor, ActProviderShow); err != nil {
		return MaskedProvider{}, err
	}
	return maskProvider(s.ProviderSettings()), nil
}

// TestMessage is what TestProvider sends.
type TestMessage struct {
	From string `json:"from"`
	To   string `json:"to"`
	Body string `json:"body,omitempty"`
}

// TestProvider sends one message through the current provider, outside
// any conversation (nothing is stored but the audit entry), so an admin
// can check the credentials and the number.
func (s *Service) TestProvider(ctx context.Context, actor crm.User, tm TestMessage) (crm.SendResult, error) {
	if err := checkAdmin(actor, ActProviderTest); err != nil {
		return crm.SendResult{}, err
	}
	d := s.dir.Load()
	from := lookupNumber(tm.From)
	num, ok := d.numbers[from]
	if !ok {
		return crm.SendResult{}, adminErr(crm.ErrNotFound, "from", "unknown business number %q", tm.From)
	}
	if num.Removed {
		return crm.SendResult{}, adminErr(crm.ErrInvalid, "from", "%s is removed: it cannot send", num.Number)
	}
	to, err := crm.NormalizePhone(tm.To, "")
	if err != nil {
		return crm.SendResult{}, adminErr(crm.ErrInvalid, "to", "%q is not a valid E.164 number (%s)", tm.To, crm.ReasonInvalidSendingParameters)
	}
	body := tm.Body
	if strings.TrimSpace(body) == "" {
		body = "smsdesk test message"
	}
	s.sender.mu.Lock()
	p := s.sender.provider
	s.sender.mu.Unlock()
	if p == nil {
		return crm.SendResult{}, adminErr(crm.ErrInvalid, "provider", "no provider is configured on this server")
	}
	id := s.newID("test")
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	res, sendErr := p.Send(sctx, crm.OutboundSMS{MessageID: id, From: num.Number, To: to, Body: body})
	after := map[string]any{"from": num.Number, "to": to, "message_id": id, "result": res}
	if sendErr != nil {
		after["error"] = sendErr.Error()
	}
	if err := s.runAdmin(ctx, actor, ActProviderTest, func(a *adminTx) error {
		a.target, a.after = num.Number, after
		return nil
	}); err != nil {
		return res, err
	}
	if sendErr != nil {
		return res, fmt.Errorf("provider test send: %w", sendErr)
	}
	return res, nil
}

// AdminSettings returns the org settings.
func (s *Service) AdminSettings(ctx context.Context, actor crm.User) (crm.Org, error) {
	if err := checkAdmin(actor, ActSettingsShow); err != nil {
		return crm.Org{}, err
	}
	return s.dir.Load().org, nil
}

// SetNotifications turns in-app notifications on or off for the whole
// org. Off means none is created; the public org event lets every TUI hide
// (or show again) its bell at once.
func (s *Service) SetNotifications(ctx context.Context, actor crm.User, on bool) (crm.Org, error) {
	var out crm.Org
	err := s.runAdmin(ctx, actor, ActNotifications, func(a *adminTx) error {
		org := a.old.org
		before := org
		org.InAppNotifications = on
		if err := putJSON(a.w.tx.Bucket(bOrg), []byte("org"), org); err != nil {
			return fmt.Errorf("store org: %w", err)
		}
		a.target, a.before, a.after = "org", before, org
		out = org
		o := org
		return a.w.emit(crm.Event{Kind: crm.EventOrg, Public: true, Org: &o})
	})
	return out, err
}
