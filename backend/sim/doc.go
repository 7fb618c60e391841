// Package sim is smsdesk's simulated SMS provider, the default for offline
// use and the demo. It accepts sends, answers with a Twilio-like provider
// id, reports delivery (sent, then delivered or a failure) to a
// crm.Receiver after configurable delays, fails the numbers it is told to,
// and makes simulated customers reply.
//
// Time and randomness are injected (Config.After, Config.Rand), so tests
// drive it with a ManualClock and a seeded source, without sleeping.
package sim
