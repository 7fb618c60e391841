package twilio_test

import (
	"context"
	"sync"

	"smsdesk/crm"
)

// recorder is a crm.Receiver that remembers what it was given. When gate is
// set, each call announces itself on entered and then waits for gate, so a
// test can hold requests in flight without sleeping.
type recorder struct {
	mu      sync.Mutex
	sms     []crm.InboundSMS
	status  []crm.StatusReport
	err     error
	entered chan struct{}
	gate    chan struct{}
}

func (r *recorder) wait(ctx context.Context) error {
	if r.gate == nil {
		return nil
	}
	r.entered <- struct{}{}
	select {
	case <-r.gate:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (r *recorder) ReceiveSMS(ctx context.Context, m crm.InboundSMS) error {
	if err := r.wait(ctx); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return r.err
	}
	r.sms = append(r.sms, m)
	return nil
}

func (r *recorder) ReceiveStatus(ctx context.Context, s crm.StatusReport) error {
	if err := r.wait(ctx); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err != nil {
		return r.err
	}
	r.status = append(r.status, s)
	return nil
}

func (r *recorder) inbound() []crm.InboundSMS {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]crm.InboundSMS(nil), r.sms...)
}

func (r *recorder) statuses() []crm.StatusReport {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]crm.StatusReport(nil), r.status...)
}
