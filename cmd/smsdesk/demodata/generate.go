package demodata

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"smsdesk/crm"
)

// Base is the day the dataset calls "today": history lies in the three
// weeks before it, the work list falls on it and the day after. The demo
// shifts every date by whole days so that Base lands on the real today.
func Base() time.Time { return time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC) }

// seed fixes the generator's random choices: same seed, same file.
const seed1, seed2 = 20260601, 6

// crowdSize is how many accounts and leads surround the scripted cast in
// region i (en, fr, gl); each account has two or three contacts.
func crowdSize(i int) (accounts, leads int) {
	return [3]int{16, 8, 8}[i], [3]int{25, 10, 10}[i]
}

const (
	opportunities = 40
	// conversations of the crowd, by whose they are.
	convsSeller, convsLuc, convsUxia = 16, 7, 7
)

// generator builds one File. It is single-use and not shared.
type generator struct {
	r       *rand.Rand
	base    time.Time
	f       File
	regions []region
	phones  map[string]bool // every customer and business number in use
	ids     map[string]int  // next id per prefix
	lang    map[string]string
}

// Generate builds the demo dataset. It is deterministic: the same code
// gives the same File, which TestGeneratedFileIsEmbedded checks against
// dataset.json.
func Generate() (File, error) {
	g := &generator{
		r:       rand.New(rand.NewPCG(seed1, seed2)),
		base:    Base(),
		regions: regions(),
		phones:  map[string]bool{},
		ids:     map[string]int{},
		lang:    map[string]string{},
	}
	g.people()
	for _, c := range RoutingCases() {
		g.phones[c.Customer] = true
	}
	for _, n := range []string{InvalidCustomer, UnreachableCustomer, StopCustomer, SofiaOffice, HannahMobile, EthanOffice, CascadeSales} {
		g.phones[n] = true
	}
	if err := g.crowd(); err != nil {
		return File{}, err
	}
	g.cast()
	g.history()
	g.f.Templates = templates()
	g.worklist()
	if err := g.check(); err != nil {
		return File{}, err
	}
	return g.f, nil
}

// Encode writes f the way dataset.json is stored: indented JSON, one
// trailing newline.
func Encode(f File) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, fmt.Errorf("encode demo dataset: %w", err)
	}
	return b.Bytes(), nil
}

func (g *generator) people() {
	g.f.Org = Org{Name: "Contoso Sales", InAppNotifications: true}
	g.f.Teams = []Team{{ID: TeamWest, Name: "West Coast"}, {ID: TeamEurope, Name: "Europe"}}
	g.f.Users = []User{
		{ID: SellerID, Name: "Maya Chen", FirstName: "Maya", LastName: "Chen", Token: "demo-maya-7f3a9c2e41d8",
			Roles: []string{"seller"}, Teams: []string{TeamWest}, Language: "en"},
		{ID: LucID, Name: "Luc Moreau", FirstName: "Luc", LastName: "Moreau", Token: "demo-luc-2b8e6d1f90a4",
			Roles: []string{"seller"}, Teams: []string{TeamWest, TeamEurope}, Language: "fr"},
		{ID: UxiaID, Name: "Uxía Castro", FirstName: "Uxía", LastName: "Castro", Token: "demo-uxia-5c1d7e3a8b62",
			Roles: []string{"seller", "manager"}, Teams: []string{TeamEurope}, Language: "gl"},
		// Greg manages the West team but does not sell: he is told of the
		// West numbers' inbound messages only as "insufficient privilege".
		{ID: ManagerID, Name: "Greg Hall", FirstName: "Greg", LastName: "Hall", Token: "demo-greg-9e4f2a6c3d17",
			Roles: []string{"manager"}, Teams: []string{TeamWest}, Language: "en"},
	}
	g.f.Numbers = []Number{
		{Number: NumberMaya, Name: "Maya direct", Owner: user(SellerID), Type: "geo"},
		{Number: NumberWestDesk, Name: "West Coast desk", Owner: team(TeamWest), Type: "geo"},
		{Number: NumberWestFree, Name: "West Coast toll-free", Owner: team(TeamWest), Type: "toll_free"},
		{Number: NumberGreg, Name: "Greg direct", Owner: user(ManagerID), Type: "geo"},
		{Number: NumberLuc, Name: "Luc direct", Owner: user(LucID), Type: "geo"},
		{Number: NumberEuropeDesk, Name: "Europe desk", Owner: team(TeamEurope), Type: "geo"},
		{Number: NumberUxia, Name: "Uxía direct", Owner: user(UxiaID), Type: "geo"},
	}
	for _, n := range g.f.Numbers {
		g.phones[n.Number] = true
	}
}

func (g *generator) id(prefix string) string {
	g.ids[prefix]++
	return fmt.Sprintf("%s_%03d", prefix, g.ids[prefix])
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// phone draws numbers from make until one is valid and unused.
func (g *generator) phone(make func(*rand.Rand) string) (string, error) {
	for range 1000 {
		n := make(g.r)
		e164, err := crm.NormalizePhone(n, "")
		if err != nil || g.phones[e164] {
			continue
		}
		g.phones[e164] = true
		return e164, nil
	}
	return "", fmt.Errorf("no free valid number after 1000 draws (last pattern %s)", make(g.r))
}

// updated is a last-modified time in the year before Base.
func (g *generator) updated() time.Time {
	return g.base.Add(-time.Duration(1+g.r.IntN(300))*24*time.Hour + time.Duration(8+g.r.IntN(10))*time.Hour + time.Duration(g.r.IntN(60))*time.Minute)
}

func slug(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteRune(c)
		case strings.ContainsRune("áàâä", c):
			b.WriteByte('a')
		case strings.ContainsRune("éèêë", c):
			b.WriteByte('e')
		case strings.ContainsRune("íîï", c):
			b.WriteByte('i')
		case strings.ContainsRune("óôö", c):
			b.WriteByte('o')
		case strings.ContainsRune("úûü", c):
			b.WriteByte('u')
		case c == 'ñ':
			b.WriteByte('n')
		case c == 'ç':
			b.WriteByte('c')
		}
	}
	return b.String()
}

func (g *generator) add(r Record) *Record {
	g.f.Records = append(g.f.Records, r)
	return &g.f.Records[len(g.f.Records)-1]
}

// crowd makes the accounts, their contacts, opportunities and leads.
func (g *generator) crowd() error {
	products := []string{"Fleet renewal", "Annual support plan", "Site expansion", "Pilot project",
		"Hardware refresh", "Training package", "Multi-year licence", "Second location"}
	var contacts []int // indexes into g.f.Records
	for ri, reg := range g.regions {
		companies := append([]string(nil), reg.companies...)
		g.r.Shuffle(len(companies), func(i, j int) { companies[i], companies[j] = companies[j], companies[i] })
		accounts, _ := crowdSize(ri)
		for i := 0; i < accounts && i < len(companies); i++ {
			company := companies[i]
			c := pick(g.r, reg.cities)
			main, err := g.phone(c.main)
			if err != nil {
				return fmt.Errorf("account %s: %w", company, err)
			}
			acc := Record{ID: g.id("a"), Type: "account", Name: company, Owner: pick(g.r, reg.owners),
				Active: g.r.IntN(20) != 0, UpdatedAt: g.updated(), Phones: map[string]string{"main": main},
				Fields: map[string]string{"City": c.name, "Website": slug(company) + ".example"}}
			g.lang[main] = reg.lang
			g.add(acc)
			for range 2 + g.r.IntN(2) {
				first, last := pick(g.r, reg.first), pick(g.r, reg.last)
				mobile, err := g.phone(reg.mobile)
				if err != nil {
					return fmt.Errorf("contact of %s: %w", company, err)
				}
				owner := acc.Owner
				if g.r.IntN(5) == 0 {
					owner = pick(g.r, reg.owners)
				}
				g.lang[mobile] = reg.lang
				g.add(Record{ID: g.id("c"), Type: "contact", Name: first + " " + last, Owner: owner,
					Active: g.r.IntN(14) != 0, UpdatedAt: g.updated(), Phones: map[string]string{"mobile": mobile},
					Fields: map[string]string{"FirstName": first, "LastName": last, "JobTitle": pick(g.r, reg.titles),
						"Email": slug(first) + "." + slug(last) + "@" + slug(company) + ".example"},
					AccountID: acc.ID})
				contacts = append(contacts, len(g.f.Records)-1)
			}
		}
	}
	g.r.Shuffle(len(contacts), func(i, j int) { contacts[i], contacts[j] = contacts[j], contacts[i] })
	for _, ci := range contacts[:min(opportunities, len(contacts))] {
		c := g.f.Records[ci]
		acc := g.record(c.AccountID)
		cur := "USD"
		if strings.HasPrefix(c.Phones["mobile"], "+3") {
			cur = "EUR"
		}
		value := fmt.Sprintf("%d,000 %s", 5+g.r.IntN(120), cur)
		g.add(Record{ID: g.id("o"), Type: "opportunity", Name: acc.Name + " - " + pick(g.r, products), Owner: c.Owner,
			Active: g.r.IntN(12) != 0, UpdatedAt: g.updated(),
			Fields:    map[string]string{"EstimatedValue": value, "CloseDate": g.base.AddDate(0, 0, 10+g.r.IntN(90)).Format(time.DateOnly)},
			AccountID: acc.ID, ContactID: c.ID})
	}
	suffixes := map[string][]string{
		"en": {"Consulting", "Design", "Builders", "Coffee", "Studio", "Logistics", "Clinic"},
		"fr": {"Conseil", "Studio", "Traiteur", "Bâtiment", "Librairie"},
		"gl": {"Deseño", "Construcións", "Viños", "Estudio", "Loxística"},
	}
	for ri, reg := range g.regions {
		_, leads := crowdSize(ri)
		for range leads {
			first, last := pick(g.r, reg.first), pick(g.r, reg.last)
			mobile, err := g.phone(reg.mobile)
			if err != nil {
				return fmt.Errorf("lead: %w", err)
			}
			g.lang[mobile] = reg.lang
			g.add(Record{ID: g.id("l"), Type: "lead", Name: first + " " + last, Owner: pick(g.r, reg.owners),
				Active: g.r.IntN(12) != 0, UpdatedAt: g.updated(), Phones: map[string]string{"mobile": mobile},
				Fields: map[string]string{"FirstName": first, "LastName": last, "JobTitle": pick(g.r, reg.titles),
					"Company": last + " " + pick(g.r, suffixes[reg.lang])}})
		}
	}
	return nil
}

// isCrowd tells the generated crowd (ids like "c_007") from the cast
// (ids like "c_rule1_contact"), which has its own history and work items.
func isCrowd(r *Record) bool { return len(r.ID) == len("c_007") }

func (g *generator) record(id string) *Record {
	for i := range g.f.Records {
		if g.f.Records[i].ID == id {
			return &g.f.Records[i]
		}
	}
	return nil
}

// firstRecord is the first crowd record (in file order) that ok accepts.
func (g *generator) firstRecord(ok func(r *Record) bool) *Record {
	for i := range g.f.Records {
		if ok(&g.f.Records[i]) {
			return &g.f.Records[i]
		}
	}
	return nil
}
