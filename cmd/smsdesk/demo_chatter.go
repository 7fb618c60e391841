package main

import (
	"context"
	"fmt"

	"smsdesk/backend"
	"smsdesk/backend/sim"
	"smsdesk/cmd/smsdesk/demodata"
)

// chattyCustomers lists who may write in on their own now: every customer
// in a demo seller's conversations, to that conversation's business
// number, but for the opted-out and the demo's quiet numbers. It reads
// the store each time, so a customer who texted STOP a moment ago is no
// longer among them.
func chattyCustomers(ctx context.Context, svc *backend.Service) ([]sim.Pair, error) {
	seen := map[sim.Pair]bool{}
	var out []sim.Pair
	for _, id := range []string{demodata.SellerID, demodata.LucID, demodata.UxiaID} {
		snap, err := svc.Snapshot(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("conversations of %s: %w", id, err)
		}
		for _, c := range snap.Conversations {
			p := sim.Pair{Customer: c.CustomerNumber, Business: c.BusinessNumber}
			if c.OptedOut || demodata.Quiet(p.Customer) || seen[p] {
				continue
			}
			seen[p] = true
			out = append(out, p)
		}
	}
	return out, nil
}
