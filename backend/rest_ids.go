package backend

import (
	"net/http"

	"smsdesk/crm"
)

// badID answers 400 naming field when id, taken from a path or a query, is
// not an id a client may choose (crm.CheckClientID); true when it answered.
// Checked before any lookup, so a hostile id never reaches a store key.
func badID(w http.ResponseWriter, field, id string) bool {
	if err := crm.CheckClientID(field, id); err != nil {
		writeError(w, http.StatusBadRequest, string(crm.ErrInvalid), field, err.Error())
		return true
	}
	return false
}
