package backend

import (
	"context"
	"errors"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"smsdesk/crm"
)

// optOut is what the store keeps for a customer number that replied STOP.
type optOut struct {
	Customer string `json:"customer"`
	Keyword  string `json:"keyword"`
	At       string `json:"at"`
}

// ReceiveSMS stores an inbound message: deduplicated on ProviderID, routed
// to a record (creating a lead for an unknown number), opt-out keywords
// applied, notifications created. A nil error means it is durably committed
// (the webhook may then answer Twilio). A number that is not one of ours is
// ErrUnknownNumber; it and invalid numbers are *PermanentError.
func (s *Service) ReceiveSMS(ctx context.Context, in crm.InboundSMS) error {
	if in.ProviderID == "" {
		return &PermanentError{Err: errors.New("inbound message without provider id")}
	}
	// Bad numbers and unknown business numbers are permanent: redelivering
	// the same webhook cannot change the answer.
	customer, kind, err := s.normalizeSender(in.From)
	if err != nil {
		return &PermanentError{Err: fmt.Errorf("inbound %s: from: %w", in.ProviderID, err)}
	}
	if err := crm.ValidateMedia(in.Media); err != nil {
		return &PermanentError{Err: fmt.Errorf("inbound %s: %w", in.ProviderID, err)}
	}
	business, err := s.phones.normalize(in.To)
	if err != nil {
		return &PermanentError{Err: fmt.Errorf("inbound %s: to: %w", in.ProviderID, err)}
	}
	if _, ok := s.dir.Load().numbers[business]; !ok {
		return fmt.Errorf("inbound %s: to %s: %w", in.ProviderID, business, ErrUnknownNumber)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	// Prepare outside the write transaction (in parallel with other
	// messages), then apply; if something it read changed meanwhile, the
	// writer runs it again in the transaction.
	var prep *prepared
	dup := false
	err = s.db.View(func(tx *bolt.Tx) error {
		p := &prepared{kv: newPrepKV(tx, s.seed), dir: s.dir.Load(), records: s.records}
		p.gen = p.records.generation()
		p.w = &writeTx{kv: p.kv, s: s, now: s.now(), dir: p.dir}
		d, err := s.receiveOnce(p.w, in, business, inboundFrom{customer, kind})
		if err != nil || d {
			dup = d
			return err
		}
		prep = p
		return nil
	})
	if err != nil {
		return fmt.Errorf("inbound %s: %w", in.ProviderID, err)
	}
	if dup {
		s.log.Info("duplicate inbound ignored", "provider_id", in.ProviderID)
		return nil
	}
	var committed *writeTx
	err = s.commits.do(func(tx *bolt.Tx) error {
		dup, committed = false, nil
		ok, err := s.applyPrepared(tx, prep)
		if err != nil {
			return err
		}
		if ok {
			committed = prep.w
			return nil
		}
		w := &writeTx{tx: tx, kv: txKV{tx}, s: s, now: s.now(), dir: s.dir.Load()}
		d, err := s.receiveOnce(w, in, business, inboundFrom{customer, kind})
		if err != nil {
			return err
		}
		if dup = d; !d {
			committed = w
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("inbound %s: %w", in.ProviderID, err)
	}
	if dup {
		s.log.Info("duplicate inbound ignored", "provider_id", in.ProviderID)
		return nil
	}
	s.afterCommit(committed)
	return nil
}

// inboundFrom is an inbound message's From as stored: its normalised form and
// its kind (a phone, a short code or an alphanumeric sender).
type inboundFrom struct {
	number string
	kind   crm.SenderKind
}

// normalizeSender reads an inbound From: a phone number through the cache
// (most senders), otherwise crm.NormalizeSender, which accepts a short code
// or an alphanumeric sender that a phone number's rules refuse.
func (s *Service) normalizeSender(raw string) (string, crm.SenderKind, error) {
	if e164, err := s.phones.normalize(raw); err == nil {
		return e164, crm.SenderPhone, nil
	}
	return crm.NormalizeSender(raw)
}

func (s *Service) receiveSMS(w *writeTx, in crm.InboundSMS, business string, from inboundFrom) error {
	customer := from.number
	num, ok := w.dir.numbers[business]
	if !ok {
		return fmt.Errorf("to %s: %w", business, ErrUnknownNumber)
	}
	// Only a phone can opt out: nothing is ever sent to a short code or an
	// alphanumeric sender, and opt-outs are exported as E.164 numbers.
	if from.kind == crm.SenderPhone {
		if err := w.setOptOut(customer, crm.ClassifyKeyword(in.Body), in.Body); err != nil {
			return err
		}
	}

	decision, cands, err := s.route(w.kv, w.dir, num, customer)
	if err != nil {
		return err
	}

	var rec recSummary
	if decision.NewLead {
		lead := crm.Record{
			ID:        w.s.newTimeID("ld", w.now),
			Type:      crm.RecordLead,
			Name:      customer,
			Owner:     num.Owner,
			Active:    true,
			UpdatedAt: w.now,
			Phones:    map[crm.PhoneField]string{crm.PhoneMobile: customer},
		}
		if from.kind != crm.SenderPhone {
			// A record's phone fields hold E.164 numbers only (an export of
			// one holding "AMAZON" could not be imported): the lead is named
			// after the sender and found again through its conversation.
			lead.Phones = nil
		}
		if err := kvPutJSON(w.kv, bRecords, []byte(lead.ID), lead); err != nil {
			return fmt.Errorf("store new lead: %w", err)
		}
		if err := w.emit(crm.Event{Kind: crm.EventRecord, Public: true, Record: &lead}); err != nil {
			return err
		}
		w.onCommit(func() { s.records.put(lead) })
		decision.Record = lead.Ref()
		rec = summarize(lead)
	} else {
		for _, c := range cands {
			if c.Record.ID == decision.Record.ID {
				rec = summarize(c.Record)
			}
		}
	}

	var conv crm.Conversation
	if decision.ConversationID != "" {
		c, ok, err := s.conversation(w.kv, decision.ConversationID)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("routing chose conversation %s, which is missing", decision.ConversationID)
		}
		conv = c
		if from.kind != crm.SenderPhone {
			conv.SenderKind = from.kind
		}
	} else {
		conv = crm.Conversation{
			ID:             w.s.newTimeID("cv", w.now),
			Record:         decision.Record,
			RecordName:     rec.Name,
			BusinessNumber: business,
			CustomerNumber: customer,
			CreatedAt:      w.now,
			OptedOut:       isOptedOut(w.kv, customer),
		}
		if from.kind != crm.SenderPhone {
			conv.SenderKind = from.kind
		}
	}

	segments := in.Segments
	if segments <= 0 {
		segments = crm.CountSegments(in.Body).Segments
	}
	msg := crm.Message{
		ID:             w.s.newTimeID("msg", w.now),
		ConversationID: conv.ID,
		Direction:      crm.Inbound,
		Body:           in.Body,
		From:           customer,
		To:             business,
		CreatedAt:      w.now,
		ProviderID:     in.ProviderID,
		Status:         crm.StatusReceived,
		StatusAt:       w.now,
		Segments:       segments,
		Routing:        &decision,
		Media:          in.Media,
	}
	rawMsg, err := putMessage(w.kv, msg)
	if err != nil {
		return err
	}
	conv.LastMessageAt = w.now
	conv.LastMessage = &msg
	conv.LastRouting = &decision
	oldRecord := conv.Record.ID // unchanged for a conversation that exists
	if decision.ConversationID == "" {
		oldRecord = ""
	}
	// The message was just encoded: the conversation (whose last message it
	// is) and the event reuse those bytes instead of encoding it twice more.
	form, err := encodeWithLastMessage(conv, msg, rawMsg)
	if err != nil {
		return err
	}
	if err := putConversationBytes(w.kv, conv, oldRecord, form.stored); err != nil {
		return err
	}
	s.convs.store(conv.ID, form.stored, conv)
	if err := w.emitMessageSpliced(msg, rawMsg, conv, form); err != nil {
		return err
	}
	return s.notifyInbound(w, num, rec, conv, msg, decision.NewLead)
}

// notifyInbound: sellers in the audience are told of the message (and of a
// new lead). A user who owns the number or the record (or is in its team)
// without the seller role receives nothing, but for one notice, the first
// time, saying why (privilegeNotice).
func (s *Service) notifyInbound(w *writeTx, num crm.BusinessNumber, rec recSummary, conv crm.Conversation, msg crm.Message, newLead bool) error {
	everyone := func(string) bool { return true }
	owners := crm.Audience(num.Owner, rec.Owner, w.dir.memberIDs, everyone)
	params := map[string]string{
		"customer":    conv.CustomerNumber,
		"record_name": conv.RecordName,
		"business":    conv.BusinessNumber,
	}
	for _, uid := range owners {
		if !w.dir.isSeller(uid) {
			if err := w.privilegeNotice(uid); err != nil {
				return err
			}
			continue
		}
		p := map[string]string{"body": truncate(notificationBody(msg), 140)}
		for k, v := range params {
			p[k] = v
		}
		if err := w.notify(uid, crm.NotifyInboundMessage, conv.ID, crm.PriorityNormal, p); err != nil {
			return err
		}
		if newLead {
			if err := w.notify(uid, crm.NotifyNewLead, conv.ID, crm.PriorityNormal, params); err != nil {
				return err
			}
		}
	}
	return nil
}

// route decides where a message from customer to num lands: candidates
// from the indexes, then crm.Route. This is the whole routing decision,
// which BenchmarkRouteInbound measures.
func (s *Service) route(r kv, d *directory, num crm.BusinessNumber, customer string) (crm.RoutingDecision, []crm.RoutingCandidate, error) {
	cands, err := s.candidates(r, num.Number, customer)
	if err != nil {
		return crm.RoutingDecision{}, nil, err
	}
	in := crm.RoutingInput{Business: num, Customer: customer, Candidates: cands, InTeam: d.inTeam}
	dec := crm.Route(in)
	// Stored with the message: what the winner was chosen over, so a
	// seller asking "why here?" sees the competition, not only the rule.
	dec.Over = crm.ChosenOver(in, dec, crm.MaxRoutingOver)
	return dec, cands, nil
}

// candidates are the records that may receive a message from customer to
// business: every record with the number in a phone field (the in-memory
// phone index), plus every record holding a conversation with the customer
// (the pair index), so a moved conversation stays where it was moved. Each
// carries its latest conversation on N–C for rule 1.
func (s *Service) candidates(r kv, business, customer string) ([]crm.RoutingCandidate, error) {
	sums := s.records.withPhone(nil, customer)
	pairs := conversationsWithCustomer(r, customer)
	for _, p := range pairs {
		if containsRecord(sums, p.RecordID) {
			continue
		}
		sum, ok, err := s.recordSummary(r, p.RecordID)
		if err != nil {
			return nil, err
		}
		if ok {
			sums = append(sums, sum)
		}
	}
	cands := make([]crm.RoutingCandidate, len(sums))
	for i, sum := range sums {
		cands[i].Record = sum.record()
	}
	for _, p := range pairs {
		if p.Business != business {
			continue
		}
		last, ok := conversationLastMessageAt(r, p.ConvID)
		if !ok {
			continue
		}
		for i := range cands {
			if cands[i].Record.ID == p.RecordID && (cands[i].ConversationID == "" || last.After(cands[i].LastMessageAt)) {
				cands[i].ConversationID = p.ConvID
				cands[i].LastMessageAt = last
			}
		}
	}
	return cands, nil
}

func containsRecord(sums []recSummary, id string) bool {
	for _, s := range sums {
		if s.ID == id {
			return true
		}
	}
	return false
}

// setOptOut applies an opt-out or opt-in keyword to the customer number and
// to every conversation with it, each of which gets a conversation event
// carrying OptedOut.
func (w *writeTx) setOptOut(customer string, kw crm.Keyword, body string) error {
	was := isOptedOut(w.kv, customer)
	var now bool
	switch kw {
	case crm.KeywordOptOut:
		now = true
	case crm.KeywordOptIn:
		now = false
	default:
		return nil
	}
	if was == now {
		return nil
	}
	if now {
		if err := kvPutJSON(w.kv, bOptOuts, []byte(customer), optOut{Customer: customer, Keyword: body, At: w.now.Format(timeFormat)}); err != nil {
			return fmt.Errorf("store opt-out: %w", err)
		}
	} else if err := w.kv.del(bOptOuts, []byte(customer)); err != nil {
		return fmt.Errorf("clear opt-out: %w", err)
	}
	for _, p := range conversationsWithCustomer(w.kv, customer) {
		c, ok, err := getConversation(w.kv, p.ConvID)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		c.OptedOut = now
		if err := putConversation(w.kv, c, c.Record.ID); err != nil {
			return err
		}
		if err := w.emitConversation(c); err != nil {
			return err
		}
	}
	return nil
}

func isOptedOut(r kv, customer string) bool {
	return r.get(bOptOuts, []byte(customer)) != nil
}

// receiveOnce routes and stores in through w, unless its provider id is
// already stored: a webhook Twilio delivered twice is answered OK and kept
// once. Both the prepared pass and the in-transaction redo go through it.
func (s *Service) receiveOnce(w *writeTx, in crm.InboundSMS, business string, from inboundFrom) (dup bool, err error) {
	if w.kv.get(bMsgByProvider, []byte(in.ProviderID)) != nil {
		return true, nil
	}
	return false, s.receiveSMS(w, in, business, from)
}

// notificationBody is what a notification quotes of msg: its body, or for a
// picture-only MMS its attachments' types ("📎 image/jpeg"), so the seller
// is never told of an empty message.
func notificationBody(msg crm.Message) string {
	if msg.Body != "" || len(msg.Media) == 0 {
		return msg.Body
	}
	types := make([]string, len(msg.Media))
	for i, m := range msg.Media {
		t, _, _ := strings.Cut(m.ContentType, ";")
		types[i] = strings.TrimSpace(t)
	}
	return "📎 " + strings.Join(types, ", ")
}
