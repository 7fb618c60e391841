// Package demodata is what `smsdesk demo` runs on: the embedded demo
// dataset (dataset.json, written by the deterministic generator in this
// package: `go generate` regenerates the same bytes), the moment "today"
// stands for in it, and the simulator's script (which customer numbers fail
// and how, what customers answer, who writes in on their own).
//
// Every routing rule decides somewhere in the dataset; RoutingCases names
// the shared customer numbers and which rule places a reply from each.
package demodata

//go:generate go run ./gen -o dataset.json
