package demodata

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Kind is what a seller's message asks of the customer, which decides the
// kind of answer: a question gets an answer, a proposal (a time, a date, a
// price, "how about…") an acceptance or a counter-offer, a confirmation an
// acknowledgement, anything else a thank-you.
type Kind string

const (
	KindQuestion     Kind = "question"
	KindProposal     Kind = "proposal"
	KindConfirmation Kind = "confirmation"
	KindOther        Kind = "other"
)

// corpus is what a customer may write in one language: the answers to
// each Kind, and the openers of a message written on their own. Each set
// is its bodies alone and each lead followed by each body, so that there
// are always more lines than the talker's memory holds.
type corpus struct {
	replies map[Kind]lines
	openers lines
}

// lines are sentences that can stand alone (bodies) and short sentences
// that can precede any of them (leads).
type lines struct{ leads, bodies []string }

// all lists every line the set can produce.
func (l lines) all() []string {
	out := slices.Clone(l.bodies)
	for _, lead := range l.leads {
		for _, b := range l.bodies {
			out = append(out, lead+" "+b)
		}
	}
	return out
}

// Language is the language a customer writes in, read from the number's
// country: +33 French, +34 Galician (the demo's Spanish customers are all
// in Galicia), English otherwise.
func Language(customer string) string {
	switch {
	case strings.HasPrefix(customer, "+33"):
		return "fr"
	case strings.HasPrefix(customer, "+34"):
		return "gl"
	}
	return "en"
}

func corpusFor(lang string) corpus {
	switch lang {
	case "fr":
		return frenchCorpus()
	case "gl":
		return galicianCorpus()
	}
	return englishCorpus()
}

var (
	// A time of day (10am, 3 pm, 9:30, 14h, 10 h 30, ás 10) or a price.
	timeOrPrice   = regexp.MustCompile(`\b\d{1,2}(:\d\d)? ?(am|pm|h)\b|\b\d{1,2}h\d\d\b|\b(at|à|ás|as) \d{1,2}\b|[€$%]|\b\d+ ?(eur|usd|euros?|dollars?)\b`)
	proposalWords = []string{
		"how about", "what about", "propose", "proposal", "shall we", "let's", "could we", "can we", "would you like",
		"price", "quote", "discount", "offer", "deal", "tomorrow", "next week", "monday", "tuesday", "wednesday",
		"thursday", "friday", "saturday",
		"que diriez-vous", "je propose", "je vous propose", "proposition", "pourrions-nous", "pouvons-nous", "on se voit",
		"prix", "devis", "remise", "offre", "tarif", "demain", "semaine prochaine", "lundi", "mardi", "mercredi", "jeudi",
		"vendredi", "samedi",
		"que tal", "propoño", "proposta", "podemos", "prezo", "orzamento", "desconto", "oferta", "mañá",
		"próxima semana", "luns", "martes", "mércores", "xoves", "venres", "sábado",
	}
	confirmationWords = []string{
		"confirm", "booked", "see you", "all set", "it's done", "done", "sent", "shipped", "on its way", "signed",
		"confirmé", "c'est noté", "réservé", "à bientôt", "envoyé", "c'est fait", "signé", "c'est parti",
		"confirmado", "confirmo", "reservado", "ata logo", "vémonos", "enviado", "feito", "asinado", "xa está",
	}
)

// Classify says what kind of message the seller sent, whatever language
// they wrote in. A confirmation asks nothing (no question mark); a
// proposal may be asked ("how about Tuesday at 3?").
func Classify(body string) Kind {
	b := strings.ToLower(body)
	asks := strings.Contains(b, "?")
	has := func(words []string) bool {
		return slices.ContainsFunc(words, func(w string) bool { return startsWord(b, w) })
	}
	switch {
	case !asks && has(confirmationWords):
		return KindConfirmation
	case has(proposalWords) || timeOrPrice.MatchString(b):
		return KindProposal
	case asks:
		return KindQuestion
	}
	return KindOther
}

// startsWord reports whether w occurs in s at the start of a word ("sent"
// in "sent it", not in "present").
func startsWord(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		at := i + j
		if at == 0 {
			return true
		}
		prev, _ := utf8.DecodeLastRuneInString(s[:at])
		if !unicode.IsLetter(prev) && !unicode.IsDigit(prev) {
			return true
		}
		i = at + len(w)
	}
}

// ReplyChoices lists every answer a customer may give to body, in the
// customer's language and fitting the kind of message.
func ReplyChoices(customer, body string) []string {
	return corpusFor(Language(customer)).replies[Classify(body)].all()
}

// OpenerChoices lists every message a customer may write on their own.
func OpenerChoices(customer string) []string {
	return corpusFor(Language(customer)).openers.all()
}

// Memory is how many of the last lines written the talker never repeats.
const Memory = 20

// Talker chooses what the demo's customers write, never a line among the
// last Memory it chose. The simulator calls it under its lock; it has its
// own so it is safe anyway.
type Talker struct {
	mu     sync.Mutex
	recent []string // the last Memory lines, oldest first
}

// NewTalker returns a talker that remembers nothing yet.
func NewTalker() *Talker { return &Talker{} }

// Reply answers body, which the business sent to customer (a sim.ReplyFunc).
func (t *Talker) Reply(r *rand.Rand, customer, body string) (string, bool) {
	return t.choose(r, ReplyChoices(customer, body)), true
}

// Open is what customer writes on their own to business (Chatter.Say).
func (t *Talker) Open(r *rand.Rand, customer, _ string) string {
	return t.choose(r, OpenerChoices(customer))
}

// choose draws a line of choices not among the recent ones; should all be
// recent, the one used longest ago.
func (t *Talker) choose(r *rand.Rand, choices []string) string {
	if len(choices) == 0 {
		return ""
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	fresh := slices.DeleteFunc(slices.Clone(choices), func(c string) bool { return slices.Contains(t.recent, c) })
	var line string
	if len(fresh) > 0 {
		line = fresh[r.IntN(len(fresh))]
	} else {
		line = t.recent[slices.IndexFunc(t.recent, func(c string) bool { return slices.Contains(choices, c) })]
		t.recent = slices.DeleteFunc(t.recent, func(c string) bool { return c == line })
	}
	t.recent = append(t.recent, line)
	if len(t.recent) > Memory {
		t.recent = t.recent[len(t.recent)-Memory:]
	}
	return line
}
