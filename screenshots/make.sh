#!/usr/bin/env bash
# Regenerates every screenshot in this folder from real runs of
# `smsdesk demo`: builds smsdesk, runs the demo in a detached tmux session of
# a fixed size, drives it with send-keys, waits for what each screen must
# show, captures it with its escape codes (`tmux capture-pane -e -p`) into
# NAME.ansi and renders NAME.png with tools/ansi2png.
#
#   screenshots/make.sh            # every screen, English, plus the grid in French and Galician
#   screenshots/make.sh --en-only  # skip the French and Galician runs
#
# Needs Go and tmux. Nothing is written outside this folder but a temporary
# directory, removed on exit. Each screen is one shot_* function: to add a
# screen, write one and call it from run_english (see README.md).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
cols=160
rows=45
timeout=30 # seconds to wait for a screen before giving up

langs=(fr gl)
if [[ ${1:-} == --en-only ]]; then
	langs=()
elif [[ $# -gt 0 ]]; then
	echo "usage: $0 [--en-only]" >&2
	exit 2
fi

for tool in go tmux; do
	if ! command -v "$tool" >/dev/null; then
		echo "make.sh: $tool is not installed; it is needed to run the demo and capture it (e.g. apt-get install $tool)" >&2
		exit 1
	fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/smsdesk-shots.XXXXXX")
cleanup() {
	tmux -S "$work/tmux.sock" kill-server 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM # run the cleanup on ctrl+c or kill too

echo "building smsdesk and the renderer in $work"
(cd "$root" && go build -o "$work/smsdesk" ./cmd/smsdesk)
(cd "$here/tools" && go build -o "$work/ansi2png" ./ansi2png)

# A private tmux server with no status line, so the demo gets the whole
# cols×rows window, and no user configuration.
printf 'set -g status off\nset -g default-terminal tmux-256color\n' >"$work/tmux.conf"
tm() { tmux -u -S "$work/tmux.sock" -f "$work/tmux.conf" "$@"; }

# --- Screen conditions: each reads the screen's plain text on stdin. ---

has() { grep -qF -- "$1"; }
lacks() { ! grep -qF -- "$1"; }
# after A B: a line containing B comes below the first line containing A.
after() { awk -v a="$1" -v b="$2" '!f && index($0, a) { f = 1; next } f && index($0, b) { found = 1 } END { exit !found }'; }
# below A B: the line right under the first line containing A contains B.
below() { awk -v a="$1" -v b="$2" 'f { found = index($0, b) > 0; exit } index($0, a) { f = 1 } END { exit !found }'; }
# pane_of NAME: the pane (right of the grid's │) shows NAME.
pane_of() { awk -v n="$1" '{ i = index($0, "│ "); if (i && index(substr($0, i), n)) found = 1 } END { exit !found }'; }
# help_bar K: the key help on the last line starts with key K (the keys
# are the same in every language, unlike the words).
help_bar() { awk 'NF { last = $0 } END { print last }' | grep -q "^$1 "; }
# all C1 -- C2 ...: every condition holds (arguments split on --).
all() {
	local s cond=()
	s=$(cat)
	while [[ $# -gt 0 ]]; do
		if [[ $1 == -- ]]; then
			printf '%s\n' "$s" | "${cond[@]}" || return 1
			cond=()
		else
			cond+=("$1")
		fi
		shift
	done
	[[ ${#cond[@]} -eq 0 ]] || printf '%s\n' "$s" | "${cond[@]}"
}

screen() { tm capture-pane -p -t demo; }

# wait_for WHAT COND...: polls the screen until COND accepts it.
wait_for() {
	local what=$1 deadline=$((SECONDS + timeout))
	shift
	until screen | "$@"; do
		if ((SECONDS > deadline)); then
			echo "make.sh: after ${timeout}s, still waiting for $what; the screen is:" >&2
			screen >&2
			exit 1
		fi
		sleep 0.1
	done
}

keys() { tm send-keys -t demo "$@"; }
type_text() { tm send-keys -t demo -l "$1"; }

# shoot NAME WHAT COND...: waits for COND, lets the frame settle, captures
# the screen with its escape codes into NAME.ansi (checking that the
# capture itself still shows COND) and renders NAME.png.
shoot() {
	local name=$1 what=$2 deadline=$((SECONDS + timeout))
	shift 2
	wait_for "$what" "$@"
	while :; do
		sleep 0.3
		tm capture-pane -e -p -t demo >"$work/$name.ansi"
		if sed 's/\x1b\[[0-9;:]*m//g' "$work/$name.ansi" | "$@"; then
			break
		fi
		if ((SECONDS > deadline)); then
			echo "make.sh: the capture of $name no longer shows $what" >&2
			exit 1
		fi
	done
	mv "$work/$name.ansi" "$here/$name.ansi"
	"$work/ansi2png" -cols "$cols" -rows "$rows" -o "$here/$name.png" "$here/$name.ansi"
	echo "  $name.png: $what"
}

# start_demo LANG: a fresh demo in the tmux session "demo". TERM and
# COLORTERM tell the TUI it may use 24-bit colour (inside tmux it would ask
# `tmux info`, which knows no terminal while the session is detached).
start_demo() {
	local lang=$1
	rm -f "$work/exit-code"
	tm new-session -d -s demo -x "$cols" -y "$rows" \
		"env TERM=xterm-256color COLORTERM=truecolor '$work/smsdesk' demo --dir '$work/demo-$lang' --fresh --lang $lang; echo \$? >'$work/exit-code'"
	wait_for "the demo's grid" has "Sofia Rossi"
}

# quit_demo: ctrl+c, and the demo must exit with status 0.
quit_demo() {
	keys C-c
	local deadline=$((SECONDS + timeout))
	until [[ -s $work/exit-code ]]; do
		if ((SECONDS > deadline)); then
			echo "make.sh: the demo did not exit after ctrl+c; the screen is:" >&2
			screen >&2 || true
			exit 1
		fi
		sleep 0.1
	done
	if [[ $(cat "$work/exit-code") != 0 ]]; then
		echo "make.sh: the demo exited with status $(cat "$work/exit-code"); its log:" >&2
		cat "$work/demo-"*/demo.log >&2 || true
		exit 1
	fi
}

# open_conversation NAME: selects NAME's conversation with the grid's
# filter, opens it, then clears the filter (the selection stays) so the
# grid shows every conversation, and gives the focus back to the pane.
open_conversation() {
	local name=$1
	if screen | help_bar i; then # the pane has the focus: back to the grid
		keys BTab
		wait_for "the grid's focus" help_bar enter
	fi
	keys /
	type_text "$name"
	keys Enter Enter
	wait_for "the pane of $name" all pane_of "$name" -- help_bar i
	keys BTab
	wait_for "the grid's focus" help_bar enter
	keys Escape
	wait_for "the filter cleared" all lacks "/ $name" -- help_bar enter
	keys Tab
	wait_for "the pane's focus" help_bar i
}

# leave_compose: Escape out of the compose box. The next key must wait for
# it, or Escape and that key reach the TUI as one alt+key.
leave_compose() {
	keys Escape
	wait_for "the pane's keys" help_bar i
}

# --- Screens (English run). ---

# The grid with the pane open on a conversation with history, after a
# message sent now was delivered and the simulated customer answered.
shot_grid_pane() {
	local msg="Hi Lucas, the tent quote is in your inbox."
	open_conversation "Lucas Hill"
	keys i
	type_text "$msg"
	keys Enter
	wait_for "the customer's answer" after "$msg" "Customer"
	leave_compose
	shoot grid-pane "the grid and Lucas Hill's conversation: history, a delivered send and the live reply" \
		all below "$msg" "Delivered" -- after "$msg" "Customer" -- help_bar i
}

# Why is this message here? (e on an inbound message): the routing rule in
# the seller's language and the records it was chosen over.
shot_why_here() {
	keys G
	keys e
	shoot why-here "the routing explanation of Lucas Hill's reply" \
		all has "Why is this message here?" -- has "It landed on"
	keys Escape
	wait_for "the explanation closed" all lacks "Why is this message here?" -- help_bar i
}

# Offline: ctrl+o cuts the demo's link; a send is queued as pending. Then
# the link is restored and the queued message must be delivered.
shot_offline() {
	local msg="Can we move our call to 3 pm?"
	keys C-o
	wait_for "the offline header" has "Offline"
	keys i
	type_text "$msg"
	keys Enter
	wait_for "the queued message" all has "1 queued" -- below "$msg" "Pending"
	leave_compose
	shoot offline "offline: the header says Offline · 1 queued, the message is pending" \
		all has "Offline · 1 queued" -- below "$msg" "Pending" -- help_bar i
	keys C-o
	wait_for "the queued message delivered" all has "Online" -- below "$msg" "Delivered"
}

# A delivery failure with its reason: the provider refused Kevin Walsh's
# number; the advice, the provider's code and the retry key show.
# The pane's keys put the focus on the newest message, whose reason shows.
shot_delivery_failure() {
	open_conversation "Kevin Walsh"
	keys G
	shoot delivery-failure "Kevin Walsh's failed message with InvalidSendingParameters and how to fix it" \
		all has "Failed" -- has "InvalidSendingParameters" -- has "sends it again" -- help_bar i
}

# The from-number selector (f in the pane): the seller's numbers and her
# team's.
shot_number_selector() {
	keys f
	shoot number-selector "the from-number selector over Kevin Walsh's conversation" \
		all has "Send from:" -- has "West Coast desk" -- help_bar "↑/k"
	keys Escape
	wait_for "the selector closed" help_bar i
}

# The notification center (n): the demo's timeline texts in from an
# unknown number at 20 s (a new lead) and from another customer soon after.
shot_notifications() {
	local timeout=60
	# The stranger's text becomes a new lead, a grid row named by its number.
	wait_for "the timeline's new lead" all has "unread" -- grep -qE '^[^ ]+ \+[0-9]{6,} '
	keys n
	shoot notifications "the notification center: a new lead and new messages" \
		all has "Notifications" -- has "New lead" -- help_bar enter
	keys Escape
	wait_for "the center closed" help_bar i
}

# The full help (?), for the pane's focus.
shot_help() {
	keys '?'
	shoot help "the help overlay with every key of the pane, ctrl+o included" \
		all has "Press any key to close" -- has "ctrl+o"
	keys Escape
	wait_for "the help closed" all lacks "Press any key to close" -- help_bar i
}

# The template picker (T in the pane): the contact templates, the seller's
# language first, with the preview filled from the record and the seller.
shot_template_picker() {
	keys T
	shoot template-picker "the template picker over Kevin Walsh's conversation, with its preview" \
		all has "Preview" -- has "Follow-up after call" -- has "Hi Kevin" -- help_bar enter
	keys Escape
	wait_for "the picker closed" help_bar i
}

# The Change lookup (c in the pane): records of every type matching what
# was typed; nothing is moved.
shot_move_lookup() {
	keys c
	wait_for "the lookup" has "Move 1 conversation to:"
	type_text "evergreen"
	shoot move-lookup "the Change lookup: records of every type matching evergreen" \
		all has "Move 1 conversation to: evergreen" -- has "Evergreen Outdoor Co." -- has "Opportunity" -- help_bar enter
	keys Escape
	wait_for "the lookup closed" help_bar i
}

# The record screen (r in the pane): fields, owner, phones with their
# message icon.
shot_record() {
	keys r
	shoot record-screen "Kevin Walsh's record screen: fields, owner, phone numbers" \
		all has "Phone numbers" -- has "Owner:" -- has "Kevin Walsh  Contact" -- help_bar enter
	keys Escape
	wait_for "the record screen closed" help_bar i
}

# The Change lookup, then a move confirmed: the notice line offers undo.
shot_move_undo() {
	keys c
	wait_for "the lookup" has "Move 1 conversation to:"
	type_text "evergreen"
	wait_for "the match" has "Evergreen Outdoor Co."
	keys Enter
	wait_for "the confirmation" has "Move 1 conversation to ▣ Evergreen Outdoor Co."
	keys Enter
	shoot move-undo "a move confirmed, with z to undo it on the notice line" \
		all has "Moved 1 conversation to" -- has "undo"
	keys z
	wait_for "the move undone" has "Move undone"
}

# The grid at 80x24, the smallest size the layout is tuned for: the key
# bar keeps help and quit, the title counts the rows below the fold.
shot_grid_small() {
	shoot grid-80x24 "the grid at 80x24: the key bar ends with help and quit" \
		all has "more below" -- has "? help" -- has "q quit"
}

# The Sales accelerator work list (w): text steps by due time, Up next.
# Kevin Walsh's step is sent first: the provider refuses his number, and
# the step comes back failed with the reason instead of leaving the list.
shot_worklist() {
	keys w
	wait_for "the work list on Kevin's step" all has "Up next" -- has "Kevin Walsh"
	keys Enter
	wait_for "Kevin's pane with the template" has "Hi Kevin"
	keys Enter
	wait_for "the step sending" has "the step is done once it is accepted"
	keys w
	shoot worklist "the work list with Kevin's failed step and the Up next panel" \
		all has "Up next" -- has "Failed (InvalidSendingParameters)" -- help_bar enter
	keys Escape
	wait_for "the work list closed" help_bar i
}

run_english() {
	echo "demo in English"
	start_demo en
	shot_grid_pane
	shot_why_here
	shot_offline
	shot_delivery_failure
	shot_number_selector
	shot_notifications
	shot_help
	shot_template_picker
	shot_move_lookup
	shot_record
	shot_worklist
	shot_move_undo
	quit_demo
}

# The grid at 80x24, in a demo of its own at that size.
run_small() {
	echo "demo at 80x24"
	local cols=80 rows=24
	start_demo en
	shot_grid_small
	quit_demo
}

# The grid with the pane in another language: the first conversation, as
# the demo opens.
run_translated() {
	local lang=$1
	echo "demo in $lang"
	start_demo "$lang"
	keys Enter
	shoot "grid-pane-$lang" "the grid and the pane in $lang" \
		all pane_of "Sofia Rossi" -- help_bar i
	quit_demo
}

run_english
run_small
for lang in "${langs[@]}"; do
	run_translated "$lang"
done
echo "done: $(cd "$here" && ls ./*.png | tr '\n' ' ')"
