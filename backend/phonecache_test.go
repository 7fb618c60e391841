package backend

import (
	"fmt"
	"testing"

	"smsdesk/crm"
)

func TestPhoneCacheAnswersLikeNormalizePhone(t *testing.T) {
	c := newPhoneCache(4)
	for _, raw := range []string{"+1 415 555 2671", "+14155552671", "4155552671", "+1555", "", "+33 6 12 34 56 78"} {
		for range 2 { // miss, then hit
			got, err := c.normalize(raw)
			want, wantErr := crm.NormalizePhone(raw, "")
			if got != want || (err == nil) != (wantErr == nil) {
				t.Fatalf("%q: got %q %v, want %q %v", raw, got, err, want, wantErr)
			}
		}
	}
}

func TestPhoneCacheIsBoundedAndKeepsWhatIsUsed(t *testing.T) {
	const max = 8
	c := newPhoneCache(max)
	hot := "+14155552671"
	for i := range 10 * max {
		if _, err := c.normalize(hot); err != nil {
			t.Fatal(err)
		}
		if _, err := c.normalize(fmt.Sprintf("+1202555%04d", i)); err != nil {
			t.Fatal(err)
		}
		if n := c.len(); n > 2*max {
			t.Fatalf("after %d numbers the cache holds %d, over 2×%d", i+1, n, max)
		}
	}
	c.mu.RLock()
	_, inCur := c.cur[hot]
	_, inOld := c.old[hot]
	c.mu.RUnlock()
	if !inCur && !inOld {
		t.Fatal("a number used all along was evicted")
	}
	// A number not used for two generations is gone.
	c.mu.RLock()
	_, stale := c.cur["+12025550000"]
	_, staleOld := c.old["+12025550000"]
	c.mu.RUnlock()
	if stale || staleOld {
		t.Fatal("the first cold number survived 10 generations")
	}
}
