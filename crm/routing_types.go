package crm

import "time"

// RoutingRule names the rule that decided where an inbound SMS landed.
type RoutingRule string

const (
	RuleOnlyCandidate      RoutingRule = "only_candidate"
	RuleNewLead            RoutingRule = "new_lead"
	RuleRecentConversation RoutingRule = "recent_conversation" // 1
	RuleAddressedSeller    RoutingRule = "addressed_seller"    // 2
	RuleTeamSeller         RoutingRule = "team_seller"         // 3
	RuleRecordType         RoutingRule = "record_type"         // 4
	RuleActive             RoutingRule = "active"              // 5
	RuleRecentlyUpdated    RoutingRule = "recently_updated"    // 6
	RuleRecordID           RoutingRule = "record_id"           // final tie
)

// RoutingDecision is stored with each inbound message so a seller can ask
// "why did this land here?".
type RoutingDecision struct {
	Record RecordRef   `json:"record"`
	Rule   RoutingRule `json:"rule"`
	// Candidates is how many records competed.
	Candidates int `json:"candidates"`
	// ConversationID is the existing conversation the message joins, empty
	// when a new conversation must be created.
	ConversationID string `json:"conversation_id,omitempty"`
	NewLead        bool   `json:"new_lead,omitempty"`
	// Over are the records the winner was chosen over, runner-up first
	// (ChosenOver), at most MaxRoutingOver (Candidates counts them all).
	// Route leaves it empty (it allocates nothing); the backend fills it
	// when it stores the decision with the message, so a seller can read
	// what competed.
	Over []RecordRef `json:"over,omitempty"`
}

// MaxRoutingOver bounds the records a stored decision names besides the
// winner: enough to explain it, never a number's whole history.
const MaxRoutingOver = 20

// RoutingCandidate is one record that could receive an inbound SMS, with
// what the rules need to know about it.
type RoutingCandidate struct {
	Record Record
	// ConversationID and LastMessageAt describe the record's conversation on
	// the thread N–C, if it holds one; LastMessageAt is zero otherwise.
	ConversationID string
	LastMessageAt  time.Time
}
