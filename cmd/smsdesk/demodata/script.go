package demodata

import (
	"math/rand/v2"
	"strings"
	"time"

	"smsdesk/backend/sim"
)

// Delays of the demo's simulated network: "sent" half a second after the
// send, "delivered" a second later, and the customer's answer 2.5 s after
// that, so a reply shows up about four seconds after the seller pressed
// enter (the issue asks for one within ten).
const (
	SentDelay      = 500 * time.Millisecond
	DeliveredDelay = time.Second
	ReplyDelay     = 2500 * time.Millisecond
)

// Scheduled is a message a customer sends on their own, After the demo
// started.
type Scheduled struct {
	After    time.Duration
	From, To string
	Body     string
}

// Timeline is what happens without the seller doing anything: a stranger
// writes in (and becomes a new lead), a lead of the West team writes to
// the team's desk (routing rule 3; Greg, who only manages, is told he
// lacks the seller privilege), and a customer opts out.
func Timeline() []Scheduled {
	rc := RoutingCases()
	return []Scheduled{
		{After: 20 * time.Second, From: UnknownCustomer, To: NumberMaya,
			Body: "Hi, Sofia Rossi gave me your number. Do you deliver to Vancouver? We need 40 units by July."},
		{After: 35 * time.Second, From: rc[2].Customer, To: rc[2].Business,
			Body: "Hello, is the West Coast showroom open on Saturday?"},
		{After: 50 * time.Second, From: StopCustomer, To: NumberMaya, Body: "STOP"},
	}
}

// Behaviors are the customer numbers that do not simply receive.
func Behaviors() map[string]sim.Behavior {
	return map[string]sim.Behavior{
		InvalidCustomer:     sim.Invalid,
		UnreachableCustomer: sim.Unreachable,
		StopCustomer:        sim.Silent, // answers only with STOP, on the timeline
	}
}

// SimConfig completes cfg (Receiver, After, Rand and Logger are the
// caller's) with the demo's failing numbers, replies and delays. Zero
// delays in cfg take the demo's; tests pass their own.
func SimConfig(cfg sim.Config) sim.Config {
	if cfg.SentDelay == 0 {
		cfg.SentDelay = SentDelay
	}
	if cfg.DeliveredDelay == 0 {
		cfg.DeliveredDelay = DeliveredDelay
	}
	if cfg.ReplyDelay == 0 {
		cfg.ReplyDelay = ReplyDelay
	}
	cfg.Numbers = Behaviors()
	cfg.Replies = Replies
	return cfg
}

// Replies answers in the customer's language, read from the number's
// country (+33 French, +34 Galician: the demo's Spanish customers are all
// in Galicia), with an answer that fits what was sent; English customers
// get the simulator's default answers.
func Replies(r *rand.Rand, customer, body string) (string, bool) {
	choices := ReplyChoices(customer, body)
	if choices == nil {
		return sim.DefaultReplies(r, customer, body)
	}
	return choices[r.IntN(len(choices))], true
}

// ReplyChoices lists what a French or Galician customer may answer to
// body; nil for the others, who answer with sim.DefaultReplies.
func ReplyChoices(customer, body string) []string {
	switch {
	case strings.HasPrefix(customer, "+33"):
		return frenchReplies(topic(strings.ToLower(body)))
	case strings.HasPrefix(customer, "+34"):
		return galicianReplies(topic(strings.ToLower(body)))
	}
	return nil
}

// topic classifies what the seller sent, whatever language they wrote in.
func topic(body string) string {
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(body, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("price", "quote", "prix", "devis", "tarif", "prezo", "orzamento", "€", "$", "offer", "offre", "oferta"):
		return "price"
	case has("meeting", "call", "demo", "rendez-vous", "réunion", "appel", "reunión", "chamada", "xuntanza",
		"tomorrow", "demain", "mañá", "monday", "lundi", "luns", "tuesday", "mardi", "martes"):
		return "meeting"
	case strings.Contains(body, "?"):
		return "question"
	}
	return "other"
}

func frenchReplies(topic string) []string {
	switch topic {
	case "price":
		return []string{"Merci. Y a-t-il une marge de négociation sur le prix ?", "C'est un peu au-dessus de notre budget.", "Très bien, pouvez-vous m'envoyer le devis officiel ?"}
	case "meeting":
		return []string{"C'est noté, à bientôt.", "Pouvons-nous décaler d'une demi-heure ?", "Parfait, je viendrai avec notre responsable technique."}
	case "question":
		return []string{"Oui, ça me convient.", "Je vérifie avec ma direction et je reviens vers vous.", "Pas cette semaine, désolé. La semaine prochaine ?"}
	}
	return []string{"Merci pour l'info !", "Bien reçu, merci.", "Parfait, merci beaucoup."}
}

func galicianReplies(topic string) []string {
	switch topic {
	case "price":
		return []string{"Grazas. Hai marxe no prezo?", "Está un pouco por riba do noso orzamento.", "Moi ben, podes mandarme o orzamento oficial?"}
	case "meeting":
		return []string{"Perfecto, alí estaremos.", "Podemos atrasalo media hora?", "Xenial, levo ao noso responsable técnico."}
	case "question":
		return []string{"Si, paréceme ben.", "Consúltoo coa dirección e dígoche algo.", "Esta semana non podo. A próxima?"}
	}
	return []string{"Grazas pola información!", "Recibido, grazas.", "Perfecto, moitas grazas."}
}
