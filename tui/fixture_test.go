package tui

import (
	"math/rand/v2"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"golang.org/x/text/language"

	"smsdesk/crm"
	"smsdesk/i18n"
	"smsdesk/localdb"
)

// The fixed world every model test starts from: Wednesday 4 March 2026,
// 10:00 in a UTC+1 zone.
var (
	testZone = time.FixedZone("CET", 3600)
	testNow  = time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC)
)

// ago is a time d before testNow.
func ago(d time.Duration) time.Time { return testNow.Add(-d) }

// Numbers and people of the fixture.
const (
	numAna   = "+33100000001" // owned by Ana
	numWest  = "+33100000002" // owned by Ana's team
	numBob   = "+33100000009" // someone else's
	janeBiz  = "+33611111101"
	janeMob  = "+33611111102"
	acmeMain = "+33122222201"
	leadCust = "+33655555501"
	dealMob  = "+33633333301"
	stopMob  = "+33644444401"
)

// testClock is a settable clock shared by the cache and the model.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func seedRand(seed uint64) *rand.ChaCha8 {
	var s [32]byte
	for i := range s {
		s[i] = byte(seed >> (8 * (i % 8)))
	}
	return rand.NewChaCha8(s)
}

func msg(id, conv string, dir crm.Direction, body string, at time.Time, st crm.DeliveryStatus) crm.Message {
	m := crm.Message{ID: id, ConversationID: conv, Direction: dir, Body: body, CreatedAt: at, Status: st, StatusAt: at}
	return m
}

func phones(kv ...string) map[crm.PhoneField]string {
	p := map[crm.PhoneField]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		p[crm.PhoneField(kv[i])] = kv[i+1]
	}
	return p
}

// fixtureWorld is the snapshot and the messages of the fixture.
func fixtureWorld() (crm.Snapshot, []crm.Message) {
	ana := crm.Owner{Kind: crm.OwnerUser, ID: "u_ana"}
	rec := func(id string, typ crm.RecordType, name string, ph map[crm.PhoneField]string) crm.Record {
		return crm.Record{ID: id, Type: typ, Name: name, Owner: ana, Active: true, UpdatedAt: ago(48 * time.Hour), Phones: ph}
	}
	records := []crm.Record{
		rec("rc_jane", crm.RecordContact, "Jane Roe", phones("business", janeBiz, "mobile", janeMob)),
		rec("ra_acme", crm.RecordAccount, "Acme Corp", phones("main", acmeMain)),
		rec("rl_walkin", crm.RecordLead, "Walk-in Lead", nil),
		rec("ro_deal", crm.RecordOpportunity, "Big Deal", phones("mobile", dealMob)),
		rec("rc_sam", crm.RecordContact, "Sam Stop", phones("mobile", stopMob)),
	}
	in, out := crm.Inbound, crm.Outbound
	msgs := []crm.Message{
		msg("m_j1", "cv_jane", in, "Hello, could we meet next week about the renewal?", ago(26*time.Hour), crm.StatusReceived),
		msg("m_j2", "cv_jane", out, "Sure! Tuesday 10:00 at your office?", ago(25*time.Hour), crm.StatusDelivered),
		msg("m_j3", "cv_jane", in, "Perfect, see you then.", ago(30*time.Minute), crm.StatusReceived),
		msg("m_a1", "cv_acme", in, "Please send the quote to our main line.", ago(3*time.Hour), crm.StatusReceived),
		msg("m_a2", "cv_acme", out, "Quote sent by email, anything else?", ago(2*time.Hour), crm.StatusFailed),
		msg("m_l1", "cv_lead", in, "Who is this? I got a missed call.", ago(10*time.Minute), crm.StatusReceived),
		msg("m_d1", "cv_deal", in, "We signed the contract.", ago(5*24*time.Hour), crm.StatusReceived),
		msg("m_s1", "cv_stop", in, "STOP", ago(20*24*time.Hour), crm.StatusReceived),
	}
	for i := range msgs {
		m := &msgs[i]
		if m.Direction == out {
			m.Author = "u_ana"
		}
	}
	msgs[4].FailureReason, msgs[4].ErrorCode = crm.ReasonInvalidSendingParameters, "21211"
	conv := func(id string, r crm.Record, biz, cust string, last crm.Message) crm.Conversation {
		l := last
		return crm.Conversation{
			ID: id, Record: r.Ref(), RecordName: r.Name, BusinessNumber: biz, CustomerNumber: cust,
			CreatedAt: ago(30 * 24 * time.Hour), LastMessageAt: last.CreatedAt, LastMessage: &l,
		}
	}
	for i := range msgs {
		m := &msgs[i]
		switch m.ConversationID {
		case "cv_jane":
			m.From, m.To = janeBiz, numAna
		case "cv_acme":
			m.From, m.To = acmeMain, numWest
		case "cv_lead":
			m.From, m.To = leadCust, numAna
		case "cv_deal":
			m.From, m.To = dealMob, numAna
		case "cv_stop":
			m.From, m.To = stopMob, numAna
		}
		if m.Direction == out {
			m.From, m.To = m.To, m.From
		}
	}
	stop := conv("cv_stop", records[4], numAna, stopMob, msgs[7])
	stop.OptedOut = true
	snap := crm.Snapshot{
		Seq: 1,
		Me:  crm.User{ID: "u_ana", Name: "Ana García", FirstName: "Ana", Teams: []string{"t_west"}, Roles: []crm.Role{crm.RoleSeller}},
		Org: crm.Org{Name: "Acme Sales", InAppNotifications: true},
		Users: []crm.User{
			{ID: "u_ana", Name: "Ana García", Teams: []string{"t_west"}},
			{ID: "u_bob", Name: "Bob Martin"},
		},
		Teams: []crm.Team{{ID: "t_west", Name: "West"}},
		Numbers: []crm.BusinessNumber{
			{Number: numAna, Name: "Ana direct", Owner: crm.Owner{Kind: crm.OwnerUser, ID: "u_ana"}, Type: crm.NumberGeo},
			{Number: numWest, Name: "West team", Owner: crm.Owner{Kind: crm.OwnerTeam, ID: "t_west"}, Type: crm.NumberGeo},
			{Number: numBob, Name: "Bob direct", Owner: crm.Owner{Kind: crm.OwnerUser, ID: "u_bob"}, Type: crm.NumberGeo},
		},
		Records: records,
		Conversations: []crm.Conversation{
			conv("cv_jane", records[0], numAna, janeBiz, msgs[2]),
			conv("cv_acme", records[1], numWest, acmeMain, msgs[4]),
			conv("cv_lead", records[2], numAna, leadCust, msgs[5]),
			conv("cv_deal", records[3], numAna, dealMob, msgs[6]),
			stop,
		},
		Notifications: []crm.Notification{
			{
				ID: "n_lead", UserID: "u_ana", Kind: crm.NotifyNewLead, ConversationID: "cv_lead",
				Params:    map[string]string{"customer": leadCust, "record_name": "Walk-in Lead"},
				CreatedAt: ago(10 * time.Minute), ExpiresAt: ago(10 * time.Minute).Add(crm.NotificationTTL),
			},
			{
				ID: "n_fail", UserID: "u_ana", Kind: crm.NotifyDeliveryFailed, ConversationID: "cv_acme",
				Params:    map[string]string{"customer": acmeMain, "record_name": "Acme Corp", "reason": string(crm.ReasonInvalidSendingParameters)},
				CreatedAt: ago(2 * time.Hour), ExpiresAt: ago(2 * time.Hour).Add(crm.NotificationTTL),
			},
		},
		ReadMarks: map[string]time.Time{
			"cv_jane": ago(25 * time.Hour), "cv_acme": ago(time.Hour), "cv_deal": ago(time.Hour), "cv_stop": ago(time.Hour),
		},
	}
	return snap, msgs
}

// harness is a model over a real cache in a temporary directory.
type harness struct {
	t     testing.TB
	db    *localdb.DB
	clock *testClock
	m     *Model
}

func printer(t testing.TB, tag language.Tag) *i18n.Printer {
	t.Helper()
	p, err := i18n.New(tag)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// openCache opens a fresh cache seeded with the fixture.
func openCache(t testing.TB, clk *testClock) *localdb.DB {
	t.Helper()
	db, err := localdb.Open(filepath.Join(t.TempDir(), "cache.db"), localdb.Options{Now: clk.Now})
	if err != nil {
		t.Fatalf("open cache: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	snap, msgs := fixtureWorld()
	if err := db.ApplySnapshot(snap); err != nil {
		t.Fatalf("seed snapshot: %v", err)
	}
	if err := db.ApplyMessages(msgs); err != nil {
		t.Fatalf("seed messages: %v", err)
	}
	return db
}

// newHarness builds the model at w×h in English over the seeded cache.
func newHarness(t testing.TB, w, h int) *harness {
	t.Helper()
	clk := &testClock{t: testNow}
	db := openCache(t, clk)
	return newHarnessOn(t, db, clk, nil, w, h, language.English)
}

func newHarnessOn(t testing.TB, db *localdb.DB, clk *testClock, link Link, w, h int, tag language.Tag) *harness {
	t.Helper()
	m, err := New(Options{
		DB: db, Link: link, Printer: printer(t, tag), Now: clk.Now, Location: testZone,
		Rand: seedRand(1), Dark: true, Getenv: func(string) string { return "" },
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(m.Close)
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	m.View() // the program draws before any input arrives
	return &harness{t: t, db: db, clock: clk, m: m}
}

// keyMsg turns a key name as bubbles writes it ("enter", "ctrl+d", "G",
// "alt+enter", "x") into the message the terminal would send.
func keyMsg(s string) tea.KeyPressMsg {
	var mod tea.KeyMod
	for {
		switch {
		case strings.HasPrefix(s, "ctrl+") && len(s) > 5:
			mod |= tea.ModCtrl
			s = s[5:]
			continue
		case strings.HasPrefix(s, "alt+") && len(s) > 4:
			mod |= tea.ModAlt
			s = s[4:]
			continue
		case strings.HasPrefix(s, "shift+") && len(s) > 6:
			mod |= tea.ModShift
			s = s[6:]
			continue
		}
		break
	}
	named := map[string]rune{
		"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab, "up": tea.KeyUp,
		"down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight, "backspace": tea.KeyBackspace,
		"home": tea.KeyHome, "end": tea.KeyEnd, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "space": tea.KeySpace,
	}
	if code, ok := named[s]; ok {
		k := tea.KeyPressMsg{Code: code, Mod: mod}
		if code == tea.KeySpace && mod == 0 {
			k.Text = " "
		}
		return k
	}
	r := []rune(s)[0]
	if mod != 0 {
		return tea.KeyPressMsg{Code: r, Mod: mod}
	}
	return tea.KeyPressMsg{Code: r, Text: s}
}

// press sends keys to the model in order. The commands they return are not
// run: without a link they are only outbox flushes, and the cache changes a
// key causes are applied by sync, as the program's coalescing wait would.
func (h *harness) press(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		h.m.Update(keyMsg(k))
	}
}

// typeText types s into whatever has the keyboard.
func (h *harness) typeText(s string) {
	for _, r := range s {
		h.m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// screen is the plain text of the current frame.
func (h *harness) screen() string { return ansi.Strip(h.m.View().Content) }

// sync applies the changes the cache has published so far, as the running
// program would after its coalescing wait.
func (h *harness) sync() {
	h.t.Helper()
	for {
		select {
		case c, ok := <-h.m.changes:
			if !ok {
				return
			}
			h.m.Update(changesMsg{c})
		default:
			return
		}
	}
}

func mustContain(t testing.TB, screen string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(screen, w) {
			t.Fatalf("screen lacks %q:\n%s", w, screen)
		}
	}
}

func mustNotContain(t testing.TB, screen string, nots ...string) {
	t.Helper()
	for _, w := range nots {
		if strings.Contains(screen, w) {
			t.Fatalf("screen shows %q:\n%s", w, screen)
		}
	}
}

var languageEnglish = language.English
