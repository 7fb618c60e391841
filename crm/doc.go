// Package crm holds smsdesk's domain: the types every other package speaks
// (users, teams, business numbers, records, conversations, messages,
// templates, work items, notifications), the events the backend emits and
// the commands clients send, and the rules that decide where an inbound SMS
// lands and who may see it.
//
// It does no I/O, so every rule is a plain function tested with tables.
package crm
