package main

import (
	"log/slog"
	"sync"

	"smsdesk/backend"
	"smsdesk/backend/twilio"
)

// Administration changes a running server: these helpers connect it to
// the parts serve builds (the Twilio client and webhook, the sync hub).

// storedOrFlagToken is the Twilio auth token the webhook checks signatures
// with and the client sends with: the one an admin stored (smsdesk admin
// provider set) wins over --twilio-auth-token. Read on every call, so a
// change takes effect at once.
func storedOrFlagToken(svc *backend.Service, cfg serveConfig) func() string {
	return func() string {
		if t := svc.ProviderSettings().TwilioAuthToken; t != "" {
			return t
		}
		return cfg.TwilioAuthToken
	}
}

// watchTwilioSettings replaces the Twilio client when an admin changes the
// Account SID (the client takes it at construction), and at once when the
// store already holds one that differs from --twilio-account-sid. The auth
// token needs no new client: token reads it on every call.
func watchTwilioSettings(svc *backend.Service, cfg serveConfig, token func() string, log *slog.Logger) (cancel func()) {
	var mu sync.Mutex // hooks may fire from concurrent admin requests
	current := cfg.TwilioAccountSID
	apply := func(p backend.ProviderSettings) {
		mu.Lock()
		defer mu.Unlock()
		sid := p.TwilioAccountSID
		if sid == "" {
			sid = cfg.TwilioAccountSID
		}
		if sid == current {
			return
		}
		current = sid
		svc.SetProvider(twilio.NewClient(twilio.ClientConfig{
			BaseURL:        cfg.TwilioAPIBase,
			AccountSID:     sid,
			AuthToken:      token,
			StatusCallback: cfg.PublicURL + twilio.StatusPath,
			Logger:         log,
		}))
		log.Info("twilio client uses the account set by an admin", "account_sid", sid)
	}
	apply(svc.ProviderSettings())
	return svc.OnProviderChanged(apply)
}
