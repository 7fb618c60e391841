package demodata

import (
	"fmt"
	"strings"
	"time"
)

// cast adds the hand-written records: one pair per routing rule (see
// RoutingCases) and the customers the simulator script treats specially.
func (g *generator) cast() {
	day := func(d int) time.Time { return g.base.AddDate(0, 0, d).Add(11 * time.Hour) }
	mayaAccount := g.firstRecord(func(r *Record) bool { return r.Type == "account" && r.Owner == user(SellerID) && r.Active })
	person := func(id, typ, first, last string, owner Owner, updated time.Time, phones map[string]string, extra map[string]string) Record {
		f := map[string]string{"FirstName": first, "LastName": last}
		for k, v := range extra {
			f[k] = v
		}
		return Record{ID: id, Type: typ, Name: first + " " + last, Owner: owner, Active: true, UpdatedAt: updated, Phones: phones, Fields: f}
	}
	mobile := func(n string) map[string]string { return map[string]string{"mobile": n} }
	rc := RoutingCases()

	// The switchboard account first: contacts below link to it.
	g.add(Record{ID: "a_rule4_account", Type: "account", Name: "Cascade Outfitters", Owner: user(SellerID), Active: true,
		UpdatedAt: day(-30), Phones: map[string]string{"main": rc[3].Customer, "business": CascadeSales},
		Fields: map[string]string{"City": "Seattle", "Website": "cascadeoutfitters.example"}})

	// Rule 1: the lead's thread is the more recent (history below).
	c := person("c_rule1_contact", "contact", "Ethan", "Brooks", user(SellerID), day(-60), map[string]string{"mobile": rc[0].Customer, "business": EthanOffice},
		map[string]string{"JobTitle": "Store Manager", "Email": "ethan.brooks@cascadeoutfitters.example"})
	c.AccountID = "a_rule4_account"
	g.add(c)
	g.add(person("l_rule1_lead", "lead", "Ethan", "Brooks", user(SellerID), day(-5), mobile(rc[0].Customer),
		map[string]string{"Company": "Brooks Cycling", "JobTitle": "Owner"}))
	// Rule 2: Maya's number, Maya's lead against Luc's contact.
	g.add(person("c_rule2_contact", "contact", "Priya", "Nair", user(LucID), day(-10), mobile(rc[1].Customer),
		map[string]string{"JobTitle": "Creative Director"}))
	g.add(person("l_rule2_lead", "lead", "Priya", "Nair", user(SellerID), day(-40), mobile(rc[1].Customer),
		map[string]string{"Company": "Nair Design Studio", "JobTitle": "Founder"}))
	// Rule 3: the West desk, the West team's lead against Uxía's contact.
	g.add(person("c_rule3_contact", "contact", "Diego", "Ramos", user(UxiaID), day(-8), mobile(rc[2].Customer),
		map[string]string{"JobTitle": "Import Manager"}))
	g.add(person("l_rule3_lead", "lead", "Diego", "Ramos", team(TeamWest), day(-50), mobile(rc[2].Customer),
		map[string]string{"Company": "Ramos Imports", "JobTitle": "Owner"}))
	// Rule 4: the contact's business line is the account's switchboard.
	c = person("c_rule4_contact", "contact", "Hannah", "Lee", user(SellerID), day(-90), map[string]string{"business": rc[3].Customer, "mobile": HannahMobile},
		map[string]string{"JobTitle": "Purchasing Manager", "Email": "hannah.lee@cascadeoutfitters.example"})
	c.AccountID = "a_rule4_account"
	g.add(c)
	// Rule 5: the inactive record was edited last, and still loses.
	c = person("c_rule5_active", "contact", "Omar", "Haddad", user(SellerID), day(-20), mobile(rc[4].Customer),
		map[string]string{"JobTitle": "Head of IT"})
	c.AccountID = mayaAccount.ID
	g.add(c)
	c = person("c_rule5_inactive", "contact", "Omar", "Haddad", user(SellerID), day(-3), mobile(rc[4].Customer),
		map[string]string{"JobTitle": "IT Manager (left)"})
	c.Name, c.Active = "Omar Haddad (old job)", false
	g.add(c)
	// Rule 6: two web-form leads, the newer wins.
	g.add(person("l_rule6_old", "lead", "Grace", "Kim", team(TeamWest), day(-40), mobile(rc[5].Customer),
		map[string]string{"Company": "Kim Bakery", "JobTitle": "Owner"}))
	g.add(person("l_rule6_new", "lead", "Grace", "Kim", team(TeamWest), day(-2), mobile(rc[5].Customer),
		map[string]string{"Company": "Kim Bakery & Café", "JobTitle": "Owner"}))

	// The simulator's special customers, all Maya's.
	for _, p := range []struct{ id, first, last, title, phone string }{
		{"c_invalid", "Kevin", "Walsh", "Facilities Manager", InvalidCustomer},
		{"c_unreachable", "Sofia", "Rossi", "Operations Director", UnreachableCustomer},
		{"c_stop", "Brian", "Foster", "Procurement Lead", StopCustomer},
	} {
		phones := mobile(p.phone)
		if p.id == "c_unreachable" {
			phones["business"] = SofiaOffice
		}
		c := person(p.id, "contact", p.first, p.last, user(SellerID), day(-15), phones,
			map[string]string{"JobTitle": p.title, "Email": slug(p.first) + "." + slug(p.last) + "@" + mayaAccount.Fields["Website"]})
		c.AccountID = mayaAccount.ID
		g.add(c)
	}
}

// msg appends one history message; the clock is the caller's.
func (g *generator) msg(rec *Record, business, customer, dir, author, body string, at time.Time, status, code string) {
	g.f.Messages = append(g.f.Messages, Message{ID: g.id("msg"), Record: rec.ID, BusinessNumber: business,
		CustomerNumber: customer, Direction: dir, Body: body, Author: author, At: at, Status: status, ErrorCode: code})
}

// history writes the cast's threads, then the crowd's.
func (g *generator) history() {
	at := func(d, h, m int) time.Time {
		return g.base.AddDate(0, 0, d).Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
	}
	rc := RoutingCases()
	out, in := "outbound", "inbound"
	contact, lead := g.record("c_rule1_contact"), g.record("l_rule1_lead")
	g.msg(contact, NumberMaya, rc[0].Customer, out, SellerID, "Hi Ethan, it's Maya from Contoso. The new tents for Cascade Outfitters arrive next week.", at(-16, 10, 5), "delivered", "")
	g.msg(contact, NumberMaya, rc[0].Customer, in, "", "Great, put us down for 20.", at(-16, 10, 41), "received", "")
	g.msg(lead, NumberMaya, rc[0].Customer, out, SellerID, "Hi Ethan, good to see you at the trade show! Want a quote for the bike shop too?", at(-4, 14, 12), "delivered", "")
	g.msg(lead, NumberMaya, rc[0].Customer, in, "", "Yes, for Brooks Cycling. About 10 racks.", at(-4, 14, 30), "received", "")

	kevin := g.record("c_invalid")
	g.msg(kevin, NumberMaya, InvalidCustomer, out, SellerID, "Hi Kevin, it's Maya from Contoso. Your demo unit is ready for pickup.", at(-2, 15, 10), "failed", "21211")
	sofia := g.record("c_unreachable")
	g.msg(sofia, NumberMaya, UnreachableCustomer, out, SellerID, "Hi Sofia, the contract draft is in your inbox.", at(-9, 9, 20), "delivered", "")
	g.msg(sofia, NumberMaya, UnreachableCustomer, in, "", "Thanks, legal is reviewing it.", at(-9, 11, 2), "received", "")
	g.msg(sofia, NumberMaya, UnreachableCustomer, out, SellerID, "Any news from legal?", at(-1, 16, 45), "failed", "30003")
	brian := g.record("c_stop")
	g.msg(brian, NumberMaya, StopCustomer, out, SellerID, "Hi Brian, our spring catalogue is out: 10% off for existing customers this month.", at(-6, 10, 0), "delivered", "")
	g.msg(brian, NumberMaya, StopCustomer, in, "", "Thanks, I'll pass it on.", at(-6, 12, 15), "received", "")
	g.msg(brian, NumberMaya, StopCustomer, out, SellerID, "Reminder: the 10% offer ends Friday!", at(-2, 9, 30), "delivered", "")

	g.crowdHistory()
	g.pictureMessage(sofia, at(-9, 11, 4))
}

// pictureMessage is the demo's MMS: Sofia sends a photo of the signed page
// and no text, so the pane shows an attachment line. Written last, after
// the crowd, so it shifts no other message's id; its link is never fetched
// (.invalid is a reserved name).
func (g *generator) pictureMessage(sofia *Record, at time.Time) {
	g.msg(sofia, NumberMaya, UnreachableCustomer, "inbound", "", "", at, "received", "")
	m := &g.f.Messages[len(g.f.Messages)-1]
	m.Media = []Media{{URL: "https://media.demo.invalid/sofia/signed-page-1.jpg", ContentType: "image/jpeg"}}
}

// crowdHistory gives a thread to some of the crowd's contacts and leads:
// most of them the demo seller's, so her grid is full, the rest Luc's and
// Uxía's, so their terminals have something to show too.
func (g *generator) crowdHistory() {
	want := map[string]int{SellerID: convsSeller, LucID: convsLuc, UxiaID: convsUxia}
	var picks []int
	order := g.r.Perm(len(g.f.Records))
	for _, i := range order {
		r := &g.f.Records[i]
		if !r.Active || r.Phones["mobile"] == "" || !isCrowd(r) || (r.Type != "contact" && r.Type != "lead") {
			continue // the cast has its own history
		}
		who := g.seller(r.Owner)
		if want[who] > 0 {
			want[who]--
			picks = append(picks, i)
		}
	}
	for _, i := range picks {
		r := &g.f.Records[i]
		business, author := g.route(r.Owner)
		cust := r.Phones["mobile"]
		lang := g.lang[cust]
		thread := pick(g.r, threads(lang))
		company := r.Fields["Company"]
		if r.AccountID != "" {
			company = g.record(r.AccountID).Name
		}
		me := g.user(author).FirstName
		t := g.base.AddDate(0, 0, -1-g.r.IntN(20)).Add(time.Duration(8+g.r.IntN(9))*time.Hour + time.Duration(g.r.IntN(60))*time.Minute)
		for j, line := range thread {
			body := fill(line, r.Fields["FirstName"], me, company)
			if j%2 == 0 {
				g.msg(r, business, cust, "outbound", author, body, t, "delivered", "")
			} else {
				g.msg(r, business, cust, "inbound", "", body, t, "received", "")
			}
			t = t.Add(time.Duration(2+g.r.IntN(44)) * time.Minute)
		}
	}
}

// seller is whose grid a record's conversation mainly fills.
func (g *generator) seller(o Owner) string {
	switch o {
	case user(SellerID), team(TeamWest):
		return SellerID
	case user(UxiaID), team(TeamEurope):
		return UxiaID
	}
	return o.ID
}

// route chooses the business number and author of a record's thread: the
// owner's own number, or the owning team's with one of its sellers.
func (g *generator) route(o Owner) (business, author string) {
	switch o {
	case user(SellerID):
		if g.r.IntN(5) == 0 {
			return NumberWestDesk, SellerID
		}
		return NumberMaya, SellerID
	case team(TeamWest):
		n := NumberWestDesk
		if g.r.IntN(3) == 0 {
			n = NumberWestFree
		}
		return n, pick(g.r, []string{SellerID, SellerID, LucID})
	case user(LucID):
		return NumberLuc, LucID
	case user(UxiaID):
		return NumberUxia, UxiaID
	}
	return NumberEuropeDesk, pick(g.r, []string{LucID, UxiaID})
}

func (g *generator) user(id string) User {
	for _, u := range g.f.Users {
		if u.ID == id {
			return u
		}
	}
	return User{}
}

func fill(line, first, me, company string) string {
	r := []string{"{first}", first, "{me}", me, "{company}", company}
	for i := 0; i < len(r); i += 2 {
		line = strings.ReplaceAll(line, r[i], r[i+1])
	}
	return line
}

// worklist gives the demo seller "text" steps today and tomorrow (two of
// them on the failing numbers, one on the customer who will text STOP),
// and Luc and Uxía a few of their own.
func (g *generator) worklist() {
	at := func(d, h, m int) time.Time {
		return g.base.AddDate(0, 0, d).Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
	}
	mine := func(typ string) *Record {
		return g.firstRecord(func(r *Record) bool {
			return r.Type == typ && r.Owner == user(SellerID) && r.Active && isCrowd(r) && (typ == "account" || r.Phones["mobile"] != "")
		})
	}
	// of finds a record of owner's whose customer speaks the template's
	// language (+33 French, +34 Galician).
	of := func(owner Owner, typ, prefix string) *Record {
		return g.firstRecord(func(r *Record) bool {
			return r.Type == typ && r.Owner == owner && r.Active && isCrowd(r) && strings.HasPrefix(r.Phones["mobile"], prefix)
		})
	}
	items := []struct {
		rec      *Record
		template string
		due      time.Time
		owner    string
	}{
		{g.record("c_invalid"), "tp_meeting_en", at(0, 9, 0), SellerID},
		{g.record("c_unreachable"), "tp_followup_en", at(0, 9, 30), SellerID},
		{mine("lead"), "tp_lead_intro_en", at(0, 10, 0), SellerID},
		{g.record("c_rule4_contact"), "tp_followup_en", at(0, 11, 0), SellerID},
		{mine("account"), "tp_checkin_en", at(0, 14, 0), SellerID},
		{mine("contact"), "", at(0, 15, 30), SellerID},
		{g.record("l_rule6_new"), "tp_lead_intro_en", at(1, 9, 0), SellerID},
		{g.record("c_stop"), "tp_meeting_en", at(1, 10, 0), SellerID},
		{g.record("l_rule2_lead"), "", at(1, 11, 30), SellerID},
		{of(user(LucID), "contact", "+33"), "tp_followup_fr", at(0, 10, 0), LucID},
		{of(user(LucID), "lead", "+33"), "tp_lead_intro_fr", at(1, 14, 0), LucID},
		{of(user(UxiaID), "contact", "+34"), "tp_followup_gl", at(0, 11, 0), UxiaID},
		{of(user(UxiaID), "lead", "+34"), "tp_lead_intro_gl", at(1, 9, 30), UxiaID},
	}
	for _, it := range items {
		if it.rec == nil {
			continue // check() reports the shortfall
		}
		g.f.Worklist = append(g.f.Worklist, WorkItem{ID: g.id("wi"), Record: it.rec.ID, Step: "text",
			Template: it.template, Due: it.due, Owner: it.owner})
	}
}

// check refuses a dataset that lost part of its script (a table edited so
// that a pick found nothing).
func (g *generator) check() error {
	if len(g.f.Worklist) != 13 {
		return fmt.Errorf("work list has %d items, want 13: a record the script needs is missing", len(g.f.Worklist))
	}
	for _, c := range RoutingCases() {
		for _, id := range append([]string{c.Want}, c.Others...) {
			if id != "" && g.record(id) == nil {
				return fmt.Errorf("routing case %s: record %s missing", c.Rule, id)
			}
		}
	}
	return nil
}
