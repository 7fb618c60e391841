module smsdesk/screenshots/tools

go 1.26.0

require (
	github.com/mattn/go-runewidth v0.0.31
	golang.org/x/image v0.47.0
)

require (
	github.com/clipperhouse/uax29/v2 v2.2.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/text v0.43.0 // indirect
)
