package demodata

import (
	"fmt"
	"math/rand/v2"
)

// region is one market of the demo company: its customers' names, cities,
// companies, job titles and phone plan, and who sells there.
type region struct {
	lang      string // the customers' language: en, fr, gl
	first     []string
	last      []string
	cities    []city
	companies []string
	titles    []string
	currency  string
	// owners sell in the region, weighted by repetition.
	owners []Owner
	// mobile makes a customer's mobile number; the generator retries until
	// crm.NormalizePhone accepts it and no one else has it.
	mobile func(r *rand.Rand) string
}

// city is where an account sits; main makes its switchboard number.
type city struct {
	name string
	main func(r *rand.Rand) string
}

func user(id string) Owner { return Owner{Kind: "user", ID: id} }
func team(id string) Owner { return Owner{Kind: "team", ID: id} }

// usNumber is a 555-01xx number: the range reserved for fiction, which
// libphonenumber still accepts as valid. Lines 00-29 are kept for the
// business numbers and the scripted customers (scenario.go).
func usNumber(area string, line int) string {
	return "+1" + area + "55501" + pad2(30+line%70)
}

func pad2(n int) string { return fmt.Sprintf("%02d", n) }

// digits is n random decimal digits.
func digits(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}

func regions() []region {
	usCity := func(name, area string) city {
		return city{name: name, main: func(r *rand.Rand) string { return usNumber(area, r.IntN(70)) }}
	}
	frCity := func(name, prefix string) city {
		return city{name: name, main: func(r *rand.Rand) string { return "+33" + prefix + digits(r, 7) + "0" }}
	}
	glCity := func(name, prefix string) city {
		return city{name: name, main: func(r *rand.Rand) string { return "+34" + prefix + digits(r, 6) }}
	}
	return []region{
		{
			lang: "en",
			first: []string{"Olivia", "Liam", "Emma", "Noah", "Ava", "James", "Sophia", "Lucas", "Mia", "Henry",
				"Harper", "Jack", "Ella", "Owen", "Chloe", "Ryan", "Nora", "Caleb", "Zoe", "Nathan",
				"Aria", "Samuel", "Layla", "Isaac", "Ruby", "Aaron", "Leah", "Marcus", "Jasmine", "Tyler"},
			last: []string{"Johnson", "Nguyen", "Patel", "Garcia", "Miller", "Wilson", "Anderson", "Thomas",
				"Taylor", "Moore", "Martinez", "Jackson", "White", "Harris", "Clark", "Lewis", "Walker",
				"Young", "Allen", "Wright", "Scott", "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell"},
			cities: []city{usCity("San Francisco", "415"), usCity("Oakland", "510"), usCity("San Jose", "408"),
				usCity("Palo Alto", "650"), usCity("Seattle", "206"), usCity("Portland", "503"),
				usCity("Los Angeles", "213"), usCity("Sacramento", "916")},
			companies: []string{"Redwood Analytics", "Bayline Logistics", "Summit Dental Group", "Golden Gate Roasters",
				"Pacific Crest Solar", "Evergreen Outdoor Co.", "Harborview Hotels", "Silicon Slope Labs",
				"Coastal Craft Brewing", "Mission Street Bakery", "Northstar Fitness", "Bluewater Marine Supply",
				"Sierra Health Partners", "Cedar & Pine Furniture", "Lumen Architecture", "Tidewater Insurance"},
			titles: []string{"Purchasing Manager", "Operations Director", "CFO", "Office Manager", "Head of IT",
				"Facilities Manager", "Procurement Lead", "VP Sales", "Owner", "Store Manager", "COO"},
			currency: "USD",
			owners: []Owner{user(SellerID), user(SellerID), user(SellerID), user(SellerID), user(SellerID),
				team(TeamWest), team(TeamWest), team(TeamWest), user(LucID)},
			mobile: func(r *rand.Rand) string {
				areas := []string{"415", "510", "408", "650", "206", "503", "213", "916"}
				return usNumber(areas[r.IntN(len(areas))], r.IntN(70))
			},
		},
		{
			lang: "fr",
			first: []string{"Camille", "Louis", "Chloé", "Hugo", "Léa", "Jules", "Manon", "Arthur", "Inès", "Gabriel",
				"Sarah", "Raphaël", "Juliette", "Théo", "Zoé", "Nathan", "Clara", "Antoine", "Élise", "Maxime"},
			last: []string{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
				"Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garnier", "Faure", "Rousseau", "Blanc"},
			cities: []city{frCity("Paris", "1"), frCity("Lyon", "4"), frCity("Bordeaux", "5"), frCity("Nantes", "2"),
				frCity("Lille", "3"), frCity("Toulouse", "5")},
			companies: []string{"Atelier Lumière", "Transports Garnier", "Boulangeries Ravel", "Vignobles du Médoc",
				"Optique Saint-Michel", "Hôtel des Quais", "Menuiserie Dumas", "Pharmacie du Centre"},
			titles: []string{"Directeur des achats", "Responsable logistique", "Gérante", "Directrice financière",
				"Responsable informatique", "Chef de projet", "Directeur général"},
			currency: "EUR",
			owners:   []Owner{user(LucID), user(LucID), user(LucID), team(TeamEurope), team(TeamWest)},
			mobile:   func(r *rand.Rand) string { return "+336" + pad2(10+r.IntN(80)) + digits(r, 6) },
		},
		{
			lang: "gl",
			first: []string{"Antía", "Brais", "Uxía", "Iago", "Noa", "Xoán", "Sabela", "Martiño", "Iria", "Roi",
				"Carme", "Xurxo", "Lucía", "Anxo", "Maruxa", "Breixo", "Aldara", "Pedro", "Xiana", "Manuel"},
			last: []string{"Fernández", "Otero", "Castro", "Varela", "Pereira", "Lorenzo", "Rodríguez", "Vázquez",
				"Souto", "Seoane", "Rey", "Barreiro", "Piñeiro", "Lema", "Castiñeira", "Louzao", "Pazos"},
			cities: []city{glCity("A Coruña", "981"), glCity("Santiago de Compostela", "981"), glCity("Vigo", "986"),
				glCity("Pontevedra", "986"), glCity("Lugo", "982"), glCity("Ourense", "988")},
			companies: []string{"Conservas do Atlántico", "Adegas Ribeira Sacra", "Construcións Louzao",
				"Mariscos da Ría", "Téxtil Miño", "Panadería O Forno", "Estaleiros de Vigo", "Queixos de Arzúa"},
			titles: []string{"Xerente", "Responsable de compras", "Director comercial", "Xefa de loxística",
				"Responsable de informática", "Directora financeira", "Encargado de tenda"},
			currency: "EUR",
			owners:   []Owner{user(UxiaID), user(UxiaID), user(UxiaID), team(TeamEurope), team(TeamEurope)},
			mobile:   func(r *rand.Rand) string { return "+346" + digits(r, 8) },
		},
	}
}
