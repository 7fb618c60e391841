package sync

import (
	"errors"
	"strings"
	"testing"
)

func TestDecodeStepCommands(t *testing.T) {
	refused := map[string]string{
		"skip without step":     `{"v":1,"type":"command","command":{"id":"cmd_1","kind":"skip_work_item"}}`,
		"snooze without item":   `{"v":1,"type":"command","command":{"id":"cmd_1","kind":"snooze_work_item","step":{"reason":"later","for_seconds":60}}}`,
		"skip with a long item": `{"v":1,"type":"command","command":{"id":"cmd_1","kind":"skip_work_item","step":{"work_item_id":"` + strings.Repeat("w", 200) + `","reason":"other"}}}`,
	}
	for name, in := range refused {
		t.Run(name, func(t *testing.T) {
			_, err := DecodeFrame([]byte(in))
			var de *DecodeError
			if !errors.As(err, &de) || de.Code != ErrCodeInvalidFrame || !strings.Contains(de.Msg, "step") {
				t.Fatalf("err = %v, want invalid_frame naming the step", err)
			}
		})
	}
	ok := `{"v":1,"type":"command","command":{"id":"cmd_1","kind":"snooze_work_item","step":{"work_item_id":"wi_1","reason":"later","for_seconds":3600}}}`
	f, err := DecodeFrame([]byte(ok))
	if err != nil || f.Command.Step == nil || f.Command.Step.ForSeconds != 3600 {
		t.Fatalf("valid snooze: %+v %v", f.Command, err)
	}
}
