package crm

// StatusRank orders delivery statuses so a message never moves backwards:
// provider callbacks arrive out of order, and a page of history fetched
// before a live status event may be applied after it, yet delivered must
// never become sent again. Terminal outcomes share a rank, so whichever
// arrives first stays (a failure keeps its code); read follows delivered.
// An unknown status ranks -1: it is never applied.
func StatusRank(s DeliveryStatus) int {
	switch s {
	case StatusPending:
		return 0
	case StatusQueued:
		return 1
	case StatusSending:
		return 2
	case StatusSent:
		return 3
	case StatusDelivered, StatusUndelivered, StatusFailed, StatusReceived:
		return 5
	case StatusRead:
		return 6
	}
	return -1
}

// IsFailure reports whether s means the message did not reach the customer.
func IsFailure(s DeliveryStatus) bool { return s == StatusFailed || s == StatusUndelivered }
