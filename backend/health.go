package backend

import (
	"net/http"

	"smsdesk/crm"
)

// ActHealthShow is reading /healthz's activity counts: admins only.
const ActHealthShow AdminAction = "health.show"

// HealthCounts is what /healthz shows an admin on top of "the server is
// up". One field per count: add a field (and set it in Health) to show
// one more; the JSON keys are documented in docs/rest.md.
type HealthCounts struct {
	// LastSeq is the newest committed event's sequence number.
	LastSeq uint64 `json:"last_seq"`
	// PendingSends is how many sends have not reached a final state in the
	// store (UnrecordedSends included).
	PendingSends int `json:"pending_sends"`
	// UnrecordedSends is how many sends the provider answered whose answer
	// the store failed to record so far (the sender keeps trying).
	UnrecordedSends int `json:"unrecorded_sends"`
}

// Health reads the activity counts.
func (s *Service) Health() HealthCounts {
	return HealthCounts{LastSeq: s.LastSeq(), PendingSends: s.PendingSends(), UnrecordedSends: s.UnrecordedSends()}
}

// healthBody is /healthz's answer: the counts for an admin only.
type healthBody struct {
	Status string `json:"status"`
	*HealthCounts
}

// healthz says whether the server is up to anyone, a load balancer's probe
// included, and nothing more: activity counts (how busy the server is, how
// many sends are stuck) are for its administrators. A request with an
// Authorization header must carry an admin's token and gets the counts; a
// wrong or unknown token is refused as on every endpoint, so a typo is
// not mistaken for an empty answer.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") == "" {
		writeJSON(w, http.StatusOK, healthBody{Status: "ok"})
		return
	}
	s.auth(func(w http.ResponseWriter, r *http.Request, u crm.User) {
		if err := checkAdmin(u, ActHealthShow); err != nil {
			s.adminError(w, r, err)
			return
		}
		counts := s.svc.Health()
		writeJSON(w, http.StatusOK, healthBody{Status: "ok", HealthCounts: &counts})
	})(w, r)
}
