package demodata

import "smsdesk/crm"

// The demo's cast. Everything here is fixed by hand; the generator fills in
// the crowd around it from seeded random tables.

// Users and teams.
const (
	// SellerID is the demo seller: the user `smsdesk demo` opens the TUI as.
	SellerID = "u_maya"
	// LucID sells in both teams (French-speaking customers).
	LucID = "u_luc"
	// UxiaID sells in the Europe team (Galician).
	UxiaID = "u_uxia"
	// ManagerID holds only the manager role: inbound messages on the West
	// numbers reach him as "insufficient privilege" notifications.
	ManagerID = "u_greg"

	TeamWest   = "t_west"
	TeamEurope = "t_europe"
)

// Business numbers. The demo seller may send from three of them: her own,
// and the two owned by her team.
const (
	NumberMaya       = "+14155550100"
	NumberWestDesk   = "+14155550101"
	NumberWestFree   = "+18885550142"
	NumberGreg       = "+14155550102"
	NumberLuc        = "+33142685300"
	NumberEuropeDesk = "+34981555010"
	NumberUxia       = "+34986555020"
)

// Customer numbers the simulator treats specially.
const (
	// InvalidCustomer is stored as a valid E.164 number (the dataset import
	// would refuse anything else) but the simulator refuses sends to it
	// with 21211, which the seller sees as InvalidSendingParameters.
	InvalidCustomer = "+16505550113"
	// UnreachableCustomer's handset is off: sends fail with 30003.
	UnreachableCustomer = "+15105550114"
	// StopCustomer texts STOP a little after the demo starts.
	StopCustomer = "+12065550115"
	// UnknownCustomer is on no record: its message creates a new lead.
	UnknownCustomer = "+15035550199"
)

// Second numbers of the cast, so the conversation pane's "to" selector has
// something to choose between: Sofia Rossi's office line (her mobile is
// unreachable, so the presenter can switch to it), Hannah Lee's mobile
// beside her business line, Ethan Brooks's office, and Cascade Outfitters'
// sales line beside its switchboard (an account with a main number).
const (
	SofiaOffice  = "+15105550133"
	HannahMobile = "+12065550131"
	EthanOffice  = "+16505550135"
	CascadeSales = "+12065550134"
)

// RoutingCase is one shared customer number and where a reply from it to
// Business lands, and why. The generator builds the records and history
// that make each case true; the tests route one inbound SMS per case
// through a real backend and check Rule and Want.
type RoutingCase struct {
	Customer string
	Business string
	Rule     crm.RoutingRule
	// Want is the record the reply must land on; Others compete and lose.
	Want   string
	Others []string
	// Why is the story, for the README and the presenter.
	Why string
}

// RoutingCases lists a case for each routing rule 1-6, plus the unknown
// number that becomes a new lead.
func RoutingCases() []RoutingCase {
	return []RoutingCase{
		{
			Customer: "+16505550121", Business: NumberMaya, Rule: crm.RuleRecentConversation,
			Want: "l_rule1_lead", Others: []string{"c_rule1_contact"},
			Why: "Ethan Brooks is a contact and, since the trade show, also a lead; the lead's thread on Maya's number is the more recent, so rule 1 keeps the reply there although a contact would otherwise win (rule 4).",
		},
		{
			Customer: "+16505550122", Business: NumberMaya, Rule: crm.RuleAddressedSeller,
			Want: "l_rule2_lead", Others: []string{"c_rule2_contact"},
			Why: "Priya Nair is Luc's contact and Maya's lead; the reply comes to Maya's own number, so rule 2 gives it to the record Maya owns.",
		},
		{
			Customer: "+16505550123", Business: NumberWestDesk, Rule: crm.RuleTeamSeller,
			Want: "l_rule3_lead", Others: []string{"c_rule3_contact"},
			Why: "Diego Ramos is a contact of Uxía's (Europe) and a lead of the West team; the West desk number belongs to the West team, so rule 3 picks the West team's lead.",
		},
		{
			Customer: "+12065550124", Business: NumberWestDesk, Rule: crm.RuleRecordType,
			Want: "c_rule4_contact", Others: []string{"a_rule4_account"},
			Why: "Cascade Outfitters' switchboard is also Hannah Lee's business line; both records are Maya's, so rule 4 prefers the contact to the account.",
		},
		{
			Customer: "+14085550125", Business: NumberMaya, Rule: crm.RuleActive,
			Want: "c_rule5_active", Others: []string{"c_rule5_inactive"},
			Why: "Omar Haddad changed jobs: his old contact record is inactive (and was edited last), his new one active; rule 5 prefers the active record.",
		},
		{
			Customer: "+14085550126", Business: NumberWestDesk, Rule: crm.RuleRecentlyUpdated,
			Want: "l_rule6_new", Others: []string{"l_rule6_old"},
			Why: "Grace Kim filled in the web form twice; both leads are the West team's and active, so rule 6 takes the one updated last.",
		},
		{
			Customer: UnknownCustomer, Business: NumberMaya, Rule: crm.RuleNewLead,
			Why: "Nobody has this number: the scripted message twenty seconds into the demo creates a new lead owned by Maya.",
		},
	}
}
