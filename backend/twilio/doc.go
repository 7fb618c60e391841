// Package twilio speaks Twilio's wire format for smsdesk: the inbound and
// status webhooks (with X-Twilio-Signature checked by twilio-go's
// RequestValidator) and the outbound Messages REST client.
//
// It imports crm only. The backend hands it a crm.Receiver for what Twilio
// reports and uses *Client as its crm.Provider.
package twilio
