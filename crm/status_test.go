package crm

import "testing"

func TestStatusRankNeverGoesBackwards(t *testing.T) {
	order := []DeliveryStatus{StatusPending, StatusQueued, StatusSending, StatusSent, StatusDelivered, StatusRead}
	for i := 1; i < len(order); i++ {
		if StatusRank(order[i-1]) >= StatusRank(order[i]) {
			t.Errorf("%s ranks at or above %s", order[i-1], order[i])
		}
	}
	if StatusRank(StatusFailed) != StatusRank(StatusDelivered) || StatusRank(StatusUndelivered) != StatusRank(StatusDelivered) {
		t.Error("terminal outcomes must share a rank so the first one stays")
	}
	if StatusRank("martian") >= StatusRank(StatusPending) {
		t.Error("an unknown status must never apply")
	}
	if !IsFailure(StatusFailed) || !IsFailure(StatusUndelivered) || IsFailure(StatusDelivered) {
		t.Error("IsFailure")
	}
}
