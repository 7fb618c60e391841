package backend

import (
	"strings"
	"testing"
	"time"

	"smsdesk/crm"
)

// workItem is userID's step id as the snapshot gives it.
func (e *env) workItem(userID, id string) crm.WorkItem {
	e.t.Helper()
	snap, err := e.svc.Snapshot(e.t.Context(), userID)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, wi := range snap.WorkItems {
		if wi.ID == id {
			return wi
		}
	}
	e.t.Fatalf("%s has no step %s", userID, id)
	return crm.WorkItem{}
}

// sendStep sends Alice's Jane step's text and waits for the provider call.
func (e *env) sendStep(id string) {
	e.t.Helper()
	res := e.svc.Apply(e.t.Context(), "u_alice", crm.Command{ID: id, Kind: crm.CmdSendMessage, Send: &crm.SendMessage{
		ConversationID: "cv_step_" + id, Record: crm.RecordRef{Type: crm.RecordContact, ID: "c_jane"},
		From: numAlice, To: "+14155552671", Body: "Following up", WorkItemID: "wi_jane_text"}})
	if res.Error != nil {
		e.t.Fatalf("send: %+v", res.Error)
	}
}

// A step follows its text: sending while queued, done once sent, and back
// failed with the reason when an undelivered report follows the sent one.
func TestStepFollowsItsText(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	e.sendStep("cmd_step1")
	eventually(t, "the provider call", func() bool { return e.prov.count() == 1 })
	eventually(t, "the queued text's step sending", func() bool {
		return e.workItem("u_alice", "wi_jane_text").State == crm.StepSending
	})
	sid := "SM" + "00000000000000000000000000000001"
	if err := e.svc.ReceiveStatus(t.Context(), crm.StatusReport{ProviderID: sid, Status: crm.StatusSent}); err != nil {
		t.Fatal(err)
	}
	if wi := e.workItem("u_alice", "wi_jane_text"); wi.State != crm.StepDone || wi.CompletedAt == nil {
		t.Fatalf("after sent: %+v", wi)
	}
	if err := e.svc.ReceiveStatus(t.Context(), crm.StatusReport{ProviderID: sid, Status: crm.StatusUndelivered, ErrorCode: "30003"}); err != nil {
		t.Fatal(err)
	}
	wi := e.workItem("u_alice", "wi_jane_text")
	if wi.State != crm.StepFailed || wi.Reason != string(crm.ReasonUnreachable) || wi.CompletedAt != nil {
		t.Fatalf("after undelivered: %+v", wi)
	}
	// A retry makes it sending again, and the old text's reports no
	// longer speak for it.
	e.sendStep("cmd_step2")
	eventually(t, "the retry's provider call", func() bool { return e.prov.count() == 2 })
	if wi := e.workItem("u_alice", "wi_jane_text"); wi.State != crm.StepSending || wi.MessageID != "cmd_step2" {
		t.Fatalf("after the retry: %+v", wi)
	}
}

// A provider's refusal (Twilio 21211, as the simulator answers for Kevin
// Walsh) brings the step back failed with InvalidSendingParameters.
func TestStepFailedByProviderRefusal(t *testing.T) {
	e := newEnv(t, dataset(t, "base.json", nil))
	e.prov.reply = func(n int, m crm.OutboundSMS) (crm.SendResult, error) {
		return crm.SendResult{Status: crm.StatusFailed, ErrorCode: "21211"}, nil
	}
	e.sendStep("cmd_kevin")
	eventually(t, "the step failed", func() bool {
		wi := e.workItem("u_alice", "wi_jane_text")
		return wi.State == crm.StepFailed && wi.Reason == string(crm.ReasonInvalidSendingParameters)
	})
}

func TestSkipAndSnoozeSteps(t *testing.T) {
	e := newEnv(t, adminDataset(t))
	apply := func(id string, kind crm.CommandKind, c *crm.StepChange) crm.CommandResult {
		return e.svc.Apply(t.Context(), "u_alice", crm.Command{ID: id, Kind: kind, Step: c})
	}
	// Refusals name the field.
	for _, tc := range []struct {
		kind  crm.CommandKind
		c     *crm.StepChange
		code  crm.ErrorCode
		field string
	}{
		{crm.CmdSkipWorkItem, nil, crm.ErrInvalid, "step"},
		{crm.CmdSkipWorkItem, &crm.StepChange{WorkItemID: "wi_jane_text", Reason: "bored"}, crm.ErrInvalid, "step.reason"},
		{crm.CmdSnoozeWorkItem, &crm.StepChange{WorkItemID: "wi_jane_text", Reason: crm.StepReasonLater}, crm.ErrInvalid, "step.for_seconds"},
		{crm.CmdSkipWorkItem, &crm.StepChange{WorkItemID: "wi_sara_text", Reason: crm.StepReasonOther}, crm.ErrNotFound, "step.work_item_id"},
		{crm.CmdSkipWorkItem, &crm.StepChange{WorkItemID: "wi/../x", Reason: crm.StepReasonOther}, crm.ErrInvalid, "step.work_item_id"},
	} {
		res := apply(crm.NewID("cmd", e.svc.rand), tc.kind, tc.c)
		if res.Error == nil || res.Error.Code != tc.code || res.Error.Field != tc.field {
			t.Fatalf("%s %+v: %+v, want %s at %s", tc.kind, tc.c, res.Error, tc.code, tc.field)
		}
	}
	// A snooze lasts an hour on the server's clock.
	start := e.clock.Now()
	if res := apply("cmd_snooze", crm.CmdSnoozeWorkItem, &crm.StepChange{WorkItemID: "wi_jane_text", Reason: crm.StepReasonLater, ForSeconds: 3600}); res.Error != nil {
		t.Fatalf("snooze: %+v", res.Error)
	}
	wi := e.workItem("u_alice", "wi_jane_text")
	if wi.State != crm.StepSnoozed || wi.Reason != "later" || wi.SnoozedUntil == nil ||
		wi.SnoozedUntil.Before(start.Add(time.Hour)) || wi.SnoozedUntil.After(e.clock.Now().Add(time.Hour)) {
		t.Fatalf("snoozed: %+v", wi)
	}
	if wi.OnWorkList(start.Add(30*time.Minute)) || !wi.OnWorkList(wi.SnoozedUntil.Add(time.Second)) {
		t.Fatalf("the snooze does not end at %v", wi.SnoozedUntil)
	}
	// A skip with the opt-out reason; a replay answers the same and emits nothing.
	skip := &crm.StepChange{WorkItemID: "wi_jane_text", Reason: crm.StepReasonOptedOut, Note: "replied STOP"}
	if res := apply("cmd_skip", crm.CmdSkipWorkItem, skip); res.Error != nil {
		t.Fatalf("skip: %+v", res.Error)
	}
	seq := e.svc.LastSeq()
	if res := apply("cmd_skip", crm.CmdSkipWorkItem, skip); res.Error != nil || e.svc.LastSeq() != seq {
		t.Fatalf("replay: %+v, seq %d → %d", res.Error, seq, e.svc.LastSeq())
	}
	if wi := e.workItem("u_alice", "wi_jane_text"); wi.State != crm.StepSkipped || wi.Reason != "opted_out" || wi.Note != "replied STOP" || wi.OnWorkList(e.clock.Now()) {
		t.Fatalf("skipped: %+v", wi)
	}
	// A skipped step is over: an export leaves it out.
	var buf bytesBuffer
	if st := e.get("/api/v1/admin/export", tokRoot, &buf); st != 200 {
		t.Fatalf("export: %d %s", st, buf.b)
	}
	if strings.Contains(string(buf.b), "wi_jane_text") || !strings.Contains(string(buf.b), "wi_sara_text") {
		t.Fatal("the export kept the skipped step or lost the open one")
	}
}
