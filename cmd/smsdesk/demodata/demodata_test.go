package demodata_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"smsdesk/backend"
	"smsdesk/cmd/smsdesk/demodata"
	"smsdesk/crm"
)

// The embedded file is exactly what the generator writes: nobody edited it
// by hand, and `go generate` is reproducible.
func TestGeneratedFileIsEmbedded(t *testing.T) {
	f, err := demodata.Generate()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := demodata.Encode(f)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(raw, demodata.Dataset()) {
		t.Fatal("dataset.json differs from the generator's output: run go generate ./cmd/smsdesk/demodata")
	}
	again, _ := demodata.Generate()
	raw2, _ := demodata.Encode(again)
	if !bytes.Equal(raw, raw2) {
		t.Fatal("two runs of the generator differ")
	}
}

func openStore(t *testing.T) *backend.Service {
	t.Helper()
	svc, err := backend.Open(backend.Config{Dir: t.TempDir(),
		Now: func() time.Time { return demodata.Base().Add(8 * time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = svc.Close() })
	return svc
}

func TestDatasetImportsIntoARealStore(t *testing.T) {
	for name, raw := range map[string]func() ([]byte, error){
		"as embedded": func() ([]byte, error) { return demodata.Dataset(), nil },
		"shifted to today": func() ([]byte, error) {
			return demodata.DatasetFor(time.Date(2027, 2, 14, 7, 30, 0, 0, time.UTC))
		},
	} {
		t.Run(name, func(t *testing.T) {
			b, err := raw()
			if err != nil {
				t.Fatal(err)
			}
			svc := openStore(t)
			if err := svc.ImportDataset(b); err != nil {
				t.Fatalf("import: %v", err)
			}
			snap, err := svc.Snapshot(context.Background(), demodata.SellerID)
			if err != nil {
				t.Fatal(err)
			}
			if snap.Me.ID != demodata.SellerID || !snap.Org.InAppNotifications {
				t.Errorf("me %+v org %+v", snap.Me, snap.Org)
			}
			if len(snap.Conversations) < 15 || len(snap.WorkItems) < 6 || len(snap.Templates) < 5 {
				t.Errorf("demo seller sees %d conversations, %d work items, %d templates",
					len(snap.Conversations), len(snap.WorkItems), len(snap.Templates))
			}
			var mine int
			for _, n := range snap.Numbers {
				if n.Owner.IsUser(demodata.SellerID) || n.Owner.Kind == crm.OwnerTeam && snap.Me.InTeam(n.Owner.ID) {
					mine++
				}
			}
			if mine < 3 {
				t.Errorf("the demo seller may send from %d numbers, want 3 for the selector", mine)
			}
		})
	}
}

func TestDatasetCoversTheDemo(t *testing.T) {
	f, err := demodata.Parse(demodata.Dataset())
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]int{}
	inactive := 0
	phones := map[string][]string{}
	for _, r := range f.Records {
		types[r.Type]++
		if !r.Active {
			inactive++
		}
		for field, p := range r.Phones {
			e164, err := crm.NormalizePhone(p, "")
			if err != nil || e164 != p {
				t.Errorf("%s.phones.%s = %q: %v", r.ID, field, p, err)
			}
			phones[p] = append(phones[p], r.ID)
		}
	}
	if len(f.Records) < 180 {
		t.Errorf("%d records, want at least 180", len(f.Records))
	}
	for _, typ := range crm.RecordTypes {
		if types[string(typ)] < 20 {
			t.Errorf("%d %s records, want at least 20", types[string(typ)], typ)
		}
	}
	if inactive < 5 {
		t.Errorf("%d inactive records", inactive)
	}
	shared := 0
	for _, ids := range phones {
		if len(ids) > 1 {
			shared++
		}
	}
	if shared < 6 {
		t.Errorf("%d shared customer numbers, want one per routing rule", shared)
	}
	for _, n := range f.Numbers {
		if e164, err := crm.NormalizePhone(n.Number, ""); err != nil || e164 != n.Number {
			t.Errorf("business number %q: %v", n.Number, err)
		}
	}
	if len(f.Teams) < 2 || len(f.Users) != 4 {
		t.Errorf("%d teams, %d users", len(f.Teams), len(f.Users))
	}
	sellers := 0
	for _, u := range f.Users {
		if slices.Contains(u.Roles, "seller") {
			sellers++
		}
	}
	if sellers != 3 {
		t.Errorf("%d users with the seller role, want 3 (and one without)", sellers)
	}
	langs := map[string]int{}
	for _, tp := range f.Templates {
		langs[tp.Language]++
		if !strings.Contains(tp.Body, "{{") || len(tp.Placeholders) == 0 {
			t.Errorf("template %s has no placeholders", tp.ID)
		}
	}
	for _, l := range []string{"en", "fr", "gl"} {
		if langs[l] == 0 {
			t.Errorf("no %s template", l)
		}
	}
	base := demodata.Base()
	var today, tomorrow int
	for _, w := range f.Worklist {
		if w.Owner != demodata.SellerID || w.Step != "text" {
			continue
		}
		switch w.Due.Truncate(24 * time.Hour) {
		case base:
			today++
		case base.AddDate(0, 0, 1):
			tomorrow++
		}
	}
	if today == 0 || tomorrow == 0 {
		t.Errorf("demo seller's work list: %d today, %d tomorrow", today, tomorrow)
	}
	for _, m := range f.Messages {
		if !m.At.Before(base) || m.At.Before(base.AddDate(0, 0, -30)) {
			t.Errorf("message %s at %v: history must lie in the weeks before Base", m.ID, m.At)
		}
	}
}

func TestShiftMovesEveryDateByWholeDays(t *testing.T) {
	today := time.Date(2027, 2, 14, 23, 59, 0, 0, time.UTC)
	days := demodata.DaysFromBase(today)
	raw, err := demodata.DatasetFor(today)
	if err != nil {
		t.Fatal(err)
	}
	orig, _ := demodata.Parse(demodata.Dataset())
	got, err := demodata.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if want := demodata.Base().AddDate(0, 0, days); !want.Equal(time.Date(2027, 2, 14, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("Base shifted to %v", want)
	}
	for i := range orig.Messages {
		if !got.Messages[i].At.Equal(orig.Messages[i].At.AddDate(0, 0, days)) {
			t.Fatalf("message %d: %v -> %v", i, orig.Messages[i].At, got.Messages[i].At)
		}
	}
	for i := range orig.Worklist {
		if !got.Worklist[i].Due.Equal(orig.Worklist[i].Due.AddDate(0, 0, days)) {
			t.Fatalf("work item %d not shifted", i)
		}
	}
	for i, r := range orig.Records {
		if !got.Records[i].UpdatedAt.Equal(r.UpdatedAt.AddDate(0, 0, days)) {
			t.Fatalf("record %s not shifted", r.ID)
		}
		if cd := r.Fields["CloseDate"]; cd != "" {
			d, _ := time.Parse(time.DateOnly, cd)
			if got.Records[i].Fields["CloseDate"] != d.AddDate(0, 0, days).Format(time.DateOnly) {
				t.Fatalf("record %s close date %s -> %s", r.ID, cd, got.Records[i].Fields["CloseDate"])
			}
		}
	}
	if again, _ := demodata.Parse(demodata.Dataset()); !again.Messages[0].At.Equal(orig.Messages[0].At) {
		t.Fatal("Shift modified the embedded dataset")
	}
}

// Each shared number decides by its rule: one inbound SMS per case through
// the real backend (routing, lead creation and all), and every rule 1-6
// decides at least once.
func TestRoutingCasesThroughTheBackend(t *testing.T) {
	svc := openStore(t)
	if err := svc.ImportDataset(demodata.Dataset()); err != nil {
		t.Fatal(err)
	}
	msgs := make(chan crm.Message, 64)
	cancel := svc.Subscribe(func(evs []crm.Event) {
		for _, ev := range evs {
			if ev.Kind == crm.EventMessage && ev.Message != nil && ev.Message.Direction == crm.Inbound {
				msgs <- *ev.Message
			}
		}
	})
	defer cancel()
	seen := map[crm.RoutingRule]bool{}
	for i, c := range demodata.RoutingCases() {
		t.Run(string(c.Rule), func(t *testing.T) {
			in := crm.InboundSMS{ProviderID: fmt.Sprintf("SMtest%026d", i), From: c.Customer, To: c.Business, Body: "Hello, it's me again"}
			if err := svc.ReceiveSMS(context.Background(), in); err != nil {
				t.Fatal(err)
			}
			var m crm.Message
			select {
			case m = <-msgs:
			case <-time.After(10 * time.Second):
				t.Fatal("no message event")
			}
			if m.Routing == nil || m.From != c.Customer {
				t.Fatalf("message %+v", m)
			}
			seen[m.Routing.Rule] = true
			if m.Routing.Rule != c.Rule {
				t.Errorf("rule %s, want %s (landed on %s)", m.Routing.Rule, c.Rule, m.Routing.Record.ID)
			}
			if c.Rule == crm.RuleNewLead {
				if !m.Routing.NewLead || m.Routing.Record.Type != crm.RecordLead {
					t.Errorf("unknown number: %+v, want a new lead", m.Routing)
				}
				return
			}
			if m.Routing.Record.ID != c.Want || m.Routing.Candidates != 1+len(c.Others) {
				t.Errorf("landed on %s among %d, want %s among %d", m.Routing.Record.ID, m.Routing.Candidates, c.Want, 1+len(c.Others))
			}
		})
	}
	for _, r := range []crm.RoutingRule{crm.RuleRecentConversation, crm.RuleAddressedSeller, crm.RuleTeamSeller,
		crm.RuleRecordType, crm.RuleActive, crm.RuleRecentlyUpdated} {
		if !seen[r] {
			t.Errorf("no case decided by %s", r)
		}
	}
}

// The defect 6: every number selector can be shown. The demo
// seller has contacts with a business and a mobile number (one of them in
// her grid already: Sofia Rossi, whose mobile is unreachable) and an
// account with a main number and another.
func TestDatasetGivesTheToSelectorSomethingToChoose(t *testing.T) {
	f, err := demodata.Parse(demodata.Dataset())
	if err != nil {
		t.Fatal(err)
	}
	talked := map[string]bool{}
	for _, m := range f.Messages {
		talked[m.Record] = true
	}
	var contacts, accounts, inGrid []string
	for _, r := range f.Records {
		if r.Owner.ID != demodata.SellerID {
			continue
		}
		switch {
		case r.Type == "contact" && r.Phones["business"] != "" && r.Phones["mobile"] != "":
			contacts = append(contacts, r.ID)
			if talked[r.ID] {
				inGrid = append(inGrid, r.ID)
			}
		case r.Type == "account" && r.Phones["main"] != "" && len(r.Phones) > 1:
			accounts = append(accounts, r.ID)
		}
	}
	if len(contacts) < 2 || len(accounts) < 1 || !slices.Contains(inGrid, "c_unreachable") {
		t.Errorf("the demo seller's contacts with two numbers %v (in her grid %v), accounts with a main number and another %v",
			contacts, inGrid, accounts)
	}
}
