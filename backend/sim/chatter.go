package sim

import (
	"context"
	"math/rand/v2"
	"time"
)

// Chatter makes simulated customers write in on their own, so a demo
// keeps living after its scripted opening: one message every MinGap to
// MaxGap on the provider's clock, for as long as the provider runs.
type Chatter struct {
	MinGap, MaxGap time.Duration
	// Who lists the customers who may write now, each with the business
	// number they write to; the caller leaves out the opted-out. It runs
	// without the provider's lock. An error or an empty list skips a turn.
	Who func(ctx context.Context) ([]Pair, error)
	// Say chooses what customer writes to business. r is the provider's
	// random source, locked by the caller.
	Say func(r *rand.Rand, customer, business string) string
}

// Pair is a customer number and the business number it writes to.
type Pair struct{ Customer, Business string }

// chatter runs Chatter's turns until Close.
func (p *Provider) chatter(c Chatter) {
	for {
		if !p.wait(p.chatterGap(c)) {
			return
		}
		who, err := c.Who(p.ctx)
		if err != nil {
			if p.ctx.Err() != nil {
				return
			}
			p.log.Warn("chatter: who may write", "err", err)
			continue
		}
		if len(who) == 0 {
			continue
		}
		p.mu.Lock()
		pair := who[p.rand.IntN(len(who))]
		body := c.Say(p.rand, pair.Customer, pair.Business)
		id := p.newIDLocked()
		p.mu.Unlock()
		if body != "" {
			p.deliverSMS(inbound(id, pair.Customer, pair.Business, body))
		}
	}
}

// chatterGap draws the wait before the next spontaneous message.
func (p *Provider) chatterGap(c Chatter) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	if c.MaxGap <= c.MinGap {
		return c.MinGap
	}
	return c.MinGap + time.Duration(p.rand.Int64N(int64(c.MaxGap-c.MinGap)+1))
}
