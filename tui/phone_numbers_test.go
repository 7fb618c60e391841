package tui

import (
	"context"
	"strings"
	"testing"

	"golang.org/x/text/language"

	"smsdesk/crm"
)

// asManager makes the fixture's Ana a manager and adds a toll-free number
// and a removed one, as the server's events would.
func asManager(t testing.TB, h *harness) {
	t.Helper()
	ana := crm.User{ID: "u_ana", Name: "Ana García", FirstName: "Ana", Teams: []string{"t_west"},
		Roles: []crm.Role{crm.RoleSeller, crm.RoleManager}}
	free := crm.BusinessNumber{Number: "+18005550199", Name: "Hotline", Type: crm.NumberTollFree,
		Owner: crm.Owner{Kind: crm.OwnerTeam, ID: "t_west"}}
	gone := crm.BusinessNumber{Number: "+33100000007", Name: "Old desk", Type: crm.NumberGeo, Removed: true,
		Owner: crm.Owner{Kind: crm.OwnerUser, ID: "u_bob"}}
	err := h.db.ApplyEvents([]crm.Event{
		{Seq: 2, Kind: crm.EventUser, Public: true, User: &ana},
		{Seq: 3, Kind: crm.EventNumber, Public: true, Number: &free},
		{Seq: 4, Kind: crm.EventNumber, Public: true, Number: &gone},
	})
	if err != nil {
		t.Fatalf("make Ana a manager: %v", err)
	}
	h.sync()
}

// rowOf is the screen line that shows text.
func rowOf(screen, text string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, text) {
			return l
		}
	}
	return ""
}

func TestPhoneNumbersKeyIsForManagersOnly(t *testing.T) {
	h := newHarness(t, 120, 32)
	mustNotContain(t, h.screen(), "phone numbers")
	h.press("?")
	mustNotContain(t, h.screen(), "phone numbers")
	h.press("esc", "p")
	mustNotContain(t, h.screen(), "Phone numbers", "Bob direct")
	// Reached anyway (a stale key map, a future shortcut): refused.
	h.m.openPhoneNumbers()
	screen := h.screen()
	mustContain(t, screen, "Only managers and administrators can see the phone numbers.")
	mustNotContain(t, screen, "Bob direct")

	asManager(t, h)
	mustContain(t, h.screen(), "p phone numbers")
	h.press("p")
	mustContain(t, h.screen(), "Phone numbers", "5 business numbers", "Bob direct")

	// The role is taken away while the screen is open: it closes.
	ana := crm.User{ID: "u_ana", Name: "Ana García", Teams: []string{"t_west"}, Roles: []crm.Role{crm.RoleSeller}}
	if err := h.db.ApplyEvents([]crm.Event{{Seq: 9, Kind: crm.EventUser, Public: true, User: &ana}}); err != nil {
		t.Fatal(err)
	}
	h.sync()
	screen = h.screen()
	mustContain(t, screen, "Only managers and administrators can see the phone numbers.", "My text messages")
	mustNotContain(t, screen, "Bob direct", "p phone numbers")
}

func TestPhoneNumbersListsNameNumberTypeOwnerAndState(t *testing.T) {
	h := newHarness(t, 120, 32)
	asManager(t, h)
	h.press("p")
	screen := h.screen()
	for _, want := range [][]string{
		{"Ana direct", numAna, "Geographic", "Ana García", "Active"},
		{"Bob direct", numBob, "Geographic", "Bob Martin", "Active"},
		{"Hotline", "+18005550199", "Toll-free", "West (team)", "Active"},
		{"West team", numWest, "Geographic", "West (team)", "Active"},
		{"Old desk", "+33100000007", "Geographic", "Bob Martin", "Removed"},
	} {
		mustContain(t, rowOf(screen, want[0]), want[1:]...)
	}
	// Removed numbers come last.
	if strings.Index(screen, "Old desk") < strings.Index(screen, "West team") {
		t.Fatalf("the removed number is not last:\n%s", screen)
	}
}

// pickOwner opens the lookup on the number named number, types query and
// picks the first match.
func (h *harness) pickOwner(number, query string) {
	h.t.Helper()
	for range len(h.m.numbers.items) {
		if n, _ := h.m.numbers.selected(); n.Name == number {
			break
		}
		h.press("j")
	}
	h.press("enter")
	h.typeText(query)
	h.press("enter")
}

func TestPhoneNumbersReassignShowsAtOnceAndRefusalSaysWhy(t *testing.T) {
	h := newHarness(t, 120, 32)
	asManager(t, h)
	h.press("p")
	h.pickOwner("Bob direct", "wes")
	screen := h.screen()
	mustContain(t, screen, "Phone numbers > Owner", "Give Bob direct (+33100000009) to West (team)?",
		"Owner: Bob Martin → West (team)")
	h.press("enter")
	h.sync()
	screen = h.screen()
	row := rowOf(screen, "Bob direct")
	mustContain(t, row, "West (team)", "◌ Pending")
	mustContain(t, screen, "Bob direct now belongs to West (team); waiting for the server.")
	cmds := h.outbox()
	if len(cmds) != 1 || cmds[0].Kind != crm.CmdSetNumberOwner || cmds[0].NumberOwner == nil ||
		*cmds[0].NumberOwner != (crm.SetNumberOwner{Number: numBob, Owner: crm.Owner{Kind: crm.OwnerTeam, ID: "t_west"}}) {
		t.Fatalf("outbox = %+v", cmds)
	}

	err := h.db.Acknowledge(crm.CommandResult{ID: cmds[0].ID, Error: &crm.CommandError{
		Code: crm.ErrForbidden, Message: "u_ana may not numbers.owner",
	}})
	if err != nil {
		t.Fatal(err)
	}
	h.sync()
	screen = h.screen()
	mustContain(t, rowOf(screen, "Bob direct"), "Bob Martin", "Active")
	mustContain(t, screen, "The server refused the new owner of Bob direct: only managers and administrators can reassign a number")
}

func TestOwnerLookupFiltersAsYouTypeAndKnowsTheCurrentOwner(t *testing.T) {
	h := newHarness(t, 120, 32)
	asManager(t, h)
	h.press("p", "enter") // Ana direct, owned by Ana
	screen := h.screen()
	mustContain(t, screen, "New owner of Ana direct (+33100000001):", "3 matches",
		"Ana García", "✓ current owner · seller, manager", "West", "1 member")
	h.typeText("bo")
	screen = h.screen()
	mustContain(t, screen, "1 match", "Bob Martin")
	mustNotContain(t, screen, "current owner", "West")
	h.typeText("x")
	mustContain(t, h.screen(), "No user or team matches.")
	h.press("backspace", "backspace", "backspace", "enter")
	// Ana is the owner already: nothing to confirm.
	mustContain(t, h.screen(), "Ana direct already belongs to Ana García.")
	h.press("esc")
	mustContain(t, h.screen(), "5 business numbers")
	h.press("esc")
	mustContain(t, h.screen(), "My text messages")
	if n := len(h.outbox()); n != 0 {
		t.Fatalf("%d commands queued without a confirmation", n)
	}
}

func TestPrivilegeRevokedSaysWhichRoleAndWho(t *testing.T) {
	n := crm.Notification{ID: "n_priv", Kind: crm.NotifyPrivilegeRevoked,
		Params: map[string]string{"role": "seller", "by": "Root Admin"}}
	for _, c := range []struct {
		tag  language.Tag
		want string
	}{
		{language.English, "Your seller role was removed by Root Admin; ask your administrator"},
		{language.French, "Votre rôle de vendeur vous a été retiré par Root Admin ; adressez-vous à votre administrateur"},
		{language.Make("gl"), "Root Admin retirouche o rol de vendedor; pregunta ao teu administrador"},
	} {
		ctx := &Context{T: printer(t, c.tag)}
		if got := ctx.notificationText(n); got != c.want {
			t.Errorf("%s: %q, want %q", c.tag, got, c.want)
		}
	}
	anon := n
	anon.Params = map[string]string{"role": "seller"}
	if got := (&Context{T: printer(t, language.English)}).notificationText(anon); !strings.Contains(got, "removed by an administrator") {
		t.Errorf("without by: %q", got)
	}
}

func TestPhoneNumbersGolden(t *testing.T) {
	cases := []struct {
		name string
		keys []string
	}{
		{"list_120x32", []string{"p", "j"}},
		{"lookup_120x32", []string{"p", "j", "enter", "w"}},
		{"confirm_120x32", []string{"p", "j", "enter", "w", "enter"}},
		{"list_80x24", []string{"p"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, hh := 120, 32
			if strings.HasSuffix(c.name, "80x24") {
				w, hh = 80, 24
			}
			h := newHarness(t, w, hh)
			asManager(t, h)
			h.press(c.keys...)
			screen := h.screen()
			for i, l := range strings.Split(screen, "\n") {
				if lw := ansiWidth(l); lw > w {
					t.Fatalf("line %d is %d wide: %q", i, lw, l)
				}
			}
			goldenEqual(t, screen)
		})
	}
}

func TestPhoneNumbersOnTinyTerminals(t *testing.T) {
	for _, size := range [][2]int{{20, 6}, {40, 10}, {60, 12}} {
		for _, keys := range [][]string{{"p"}, {"p", "enter"}, {"p", "enter", "w", "enter"}} {
			h := newHarness(t, size[0], size[1])
			asManager(t, h)
			h.press(keys...)
			for i, l := range strings.Split(h.screen(), "\n") {
				if lw := ansiWidth(l); lw > size[0] {
					t.Fatalf("%v after %v: line %d is %d wide: %q", size, keys, i, lw, l)
				}
			}
		}
	}
}

const tokCarol = "carol-token-0123456789" // seller and manager, team East

// On the real backend, hub and clients: a manager reassigns Alice's number
// to the East team from the Phone numbers screen; the backend's owner
// changes and the list shows it; Alice, a seller, has no such key.
func TestServerManagerReassignsNumberToTeam(t *testing.T) {
	s := startStack(t, 120, 32)
	mustNotContain(t, s.screen.text(), "phone numbers")
	s.keys("p")
	s.keys("?")
	screen := s.waitScreen("Alice's help", "Keys")
	mustNotContain(t, screen, "phone numbers", "Phone numbers")
	s.keys("esc")

	carol := s.startPeer(tokCarol, 120, 32)
	carol.waitScreen("Carol's key", "p phone numbers")
	carol.tm.Send(keyMsg("p"))
	carol.waitScreen("the numbers", "Phone numbers", "3 business numbers", "Alice direct")
	if row := rowOf(carol.screen.text(), "Alice direct"); !strings.Contains(row, "Alice Martin") {
		t.Fatalf("Alice direct's row: %q", row)
	}
	carol.tm.Send(keyMsg("enter"))
	carol.waitScreen("the lookup", "New owner of Alice direct (+14155550100):")
	carol.tm.Type("east")
	carol.waitScreen("the filtered lookup", "1 match", "East")
	carol.tm.Send(keyMsg("enter"))
	carol.waitScreen("the confirmation", "Give Alice direct (+14155550100) to East (team)?")
	carol.tm.Send(keyMsg("enter"))
	carol.waitScreen("the server's confirmation", "The server confirmed: Alice direct belongs to East (team).")
	if row := rowOf(carol.screen.text(), "Alice direct"); !strings.Contains(row, "East (team)") || !strings.Contains(row, "Active") {
		t.Fatalf("Alice direct's row after the change: %q", row)
	}
	snap, err := s.svc.Snapshot(context.Background(), "u_carol")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range snap.Numbers {
		if n.Number == srvAlice && n.Owner != (crm.Owner{Kind: crm.OwnerTeam, ID: "t_east"}) {
			t.Fatalf("the backend's owner of %s is %+v", srvAlice, n.Owner)
		}
	}
}
