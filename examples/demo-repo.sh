#!/bin/sh
# Build a demo handoff repository with a believable, dated history.
#
#   sh examples/demo-repo.sh DIR
#
# DIR must not exist, or be an empty folder. The records come from the
# example files next to this script; their earlier versions are derived
# from them, so the last commit of each record is the example file itself.
# The story, in commit order:
#
#   Olu (ops) writes the config with the team.
#   Jane starts the Acme Logistics handoff after signature, completes it the
#   next morning, records the handoff meeting and the customer
#   introduction; Sam (CS) accepts it, ticks the post-handoff milestones and
#   later moves a commitment's due date, with a reason.
#   Omar submits the BrightPath Retail handoff with gaps; Ana (CS) asks for
#   a revision. It is still incomplete at the end.
#   Omar hands over Kumo Analytics after its proof of concept converts.
#   Jane starts the pre-close Nordwind Energy handoff; Kim (CS manager)
#   approves it; Jane records the handoff meeting.
#   Omar plans Seabright Foods' move to Ida in account management, four
#   weeks ahead of 7 December; Ida starts her onboarding a day late.
#   Sam leaves suddenly on 24 November: Kim opens an unplanned transition of
#   Acme to Ana, written in Japanese; the joint meeting comes a day late.
#   Ana hands Kumo Analytics to Support after onboarding, in Indonesian.
#
# No hooks run (core.hooksPath=/dev/null) and every commit carries its own
# author, committer and dates, in increasing order.
set -eu

usage() {
	echo "usage: sh demo-repo.sh DIR" >&2
	exit 2
}

[ "$#" -eq 1 ] || usage
dir=$1
[ -n "$dir" ] || usage
here=$(cd "$(dirname "$0")" && pwd)

acme="$here/D-2026-0142-acme-logistics.md"
bright="$here/D-2026-0157-brightpath-retail.md"
nord="$here/D-2026-0163-nordwind-energy.md"
kumo="$here/D-2026-0171-kumo-analytics.md"
sea="$here/T-2026-0007-seabright-planned.md"
acmet="$here/T-2026-0009-acme-unplanned.md"
kumos="$here/S-2026-0031-kumo-support.md"
for f in "$acme" "$bright" "$nord" "$kumo" "$sea" "$acmet" "$kumos"; do
	if [ ! -f "$f" ]; then
		echo "demo-repo.sh: missing example record $f" >&2
		exit 2
	fi
done

if [ -e "$dir" ] || [ -L "$dir" ]; then
	if [ ! -d "$dir" ]; then
		echo "demo-repo.sh: $dir exists and is not a folder" >&2
		exit 2
	fi
	if [ -n "$(ls -A "$dir")" ]; then
		echo "demo-repo.sh: $dir is not empty" >&2
		exit 2
	fi
fi
mkdir -p "$dir"
cd "$dir"

# Nothing from the caller's git environment leaks in.
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL \
	GIT_AUTHOR_DATE GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL \
	GIT_COMMITTER_DATE 2>/dev/null || true

git init -q -b main
git config user.name "Olu Adeyemi"
git config user.email "olu@vendor.example"
git config commit.gpgsign false

name_of() {
	case "$1" in
	jane@vendor.example) echo "Jane Doe" ;;
	omar@vendor.example) echo "Omar Haddad" ;;
	ida@vendor.example) echo "Ida Berg" ;;
	lee@vendor.example) echo "Lee Chen" ;;
	sam@vendor.example) echo "Sam Lee" ;;
	ana@vendor.example) echo "Ana Souza" ;;
	kim@vendor.example) echo "Kim Park" ;;
	olu@vendor.example) echo "Olu Adeyemi" ;;
	*)
		echo "demo-repo.sh: unknown person $1" >&2
		return 1
		;;
	esac
}

# commit_as EMAIL DATE MESSAGE: commit everything staged as that person, at
# that time (author and committer alike). MESSAGE may hold trailers.
commit_as() {
	who=$(name_of "$1")
	printf '%s\n' "$3" |
		GIT_AUTHOR_NAME=$who GIT_AUTHOR_EMAIL=$1 GIT_AUTHOR_DATE=$2 \
		GIT_COMMITTER_NAME=$who GIT_COMMITTER_EMAIL=$1 GIT_COMMITTER_DATE=$2 \
		git -c core.hooksPath=/dev/null commit -q -F -
}

# An earlier version of an example record, on stdout:
#   version FILE DROP PENDING TICKED EARLY
# DROP     front matter blocks to leave out, e.g. "meeting preclose_approval"
# PENDING  1: the acceptance block reads "status: pending"
# TICKED   checklist items that stay ticked, separated by "|"; "ALL" keeps
#          every tick; any other ticked item is unticked and its date dropped
# EARLY    1: the first draft: go-live not known yet and the last four
#          sections still hold the template's prompts
version() {
	awk -v drop="$2" -v pending="$3" -v ticked="$4" -v early="$5" '
	BEGIN {
		n = split(drop, d, " ")
		for (i = 1; i <= n; i++) dropk[d[i]] = 1
		all = (ticked == "ALL")
		n = split(ticked, t, "|")
		for (i = 1; i <= n; i++) keep[t[i]] = 1
		hint["Technical Requirements"] = "[Existing technology environment; integration specifications; data migration needs; security and compliance requirements; technical validation status]"
		hint["Implementation Plan"] = "[Start date; go-live target; key milestones with dates; customer resources: who and how much time; dependencies; timeline risks with mitigation plans]"
		hint["Commercial Terms"] = "[Contract value: ACV and TCV; discount if any; payment terms and schedule; special terms: non-standard provisions]"
		hint["Risk Factors"] = "[Objections raised in the sales cycle and how they were addressed; remaining concerns and open items; competitive, budget and organisational risks; churn risk indicators and red flags]"
		fm = 0; skipping = 0; blank = 0
	}
	NR == 1 && $0 == "---" { fm = 1; print; next }
	fm && $0 == "---" { fm = 0; print; next }
	fm {
		if (skipping && $0 ~ /^ /) next
		skipping = 0
		if (match($0, /^[a-z_]+:/)) {
			key = substr($0, 1, RLENGTH - 1)
			if (key in dropk) { skipping = 1; next }
			if (pending == 1 && key == "acceptance") {
				print "acceptance:"
				print "  status: pending"
				skipping = 1
				next
			}
		}
		if (early == 1 && $0 ~ /^  go_live: /) { print "  go_live: TBD"; next }
		print
		next
	}
	/^## / {
		heading = substr($0, 4)
		blank = (early == 1 && (heading in hint))
		print
		if (blank) { print ""; print hint[heading]; print "" }
		next
	}
	blank { next }
	/^- \[[xX]\] / {
		text = substr($0, 7)
		base = text
		sub(/ \([0-9][0-9-]*\)$/, "", base)
		if (all || (base in keep)) print
		else print "- [ ] " base
		next
	}
	{ print }
	' "$1"
}

pre="CRM fully updated|Deal summary complete|Stakeholder map created|Commitments documented and validated|CS team member assigned|Handoff meeting scheduled"
meet="All required participants attended|Customer context reviewed|Stakeholder map discussed|Business objectives confirmed|Scope and commitments validated|Implementation plan outlined|Risk factors identified|CS questions answered|Customer introduction approach agreed|Action items assigned"
filed="Meeting recording or notes filed|CRM updated with handoff date"

# The Acme record before Sam moved the SSO commitment (C1) on 20 November.
acme_before() {
	version "$acme" "$@" | sed 's/^    due: 2026-12-18$/    due: 2026-12-15/'
}

# --- 1. Ops sets up the repository -----------------------------------------
mkdir -p .handoff handoffs transitions support
cat >.handoff/config.yaml <<'EOF'
# Handoff repository settings. Only ops changes this file.
records: [handoffs/, transitions/, support/]
timezone: UTC                     # for date-only values
business_days: [mon, tue, wed, thu, fri]
backdate_tolerance: 24h           # a typed date may precede the history by this much
people:
  jane@vendor.example: {name: Jane Doe, roles: [sales], team: east}
  omar@vendor.example: {name: Omar Haddad, roles: [sales], team: west}
  ida@vendor.example:  {name: Ida Berg, roles: [sales], team: west}
  lee@vendor.example:  {name: Lee Chen, roles: [sales_manager]}
  sam@vendor.example:  {name: Sam Lee, roles: [cs], team: east}
  ana@vendor.example:  {name: Ana Souza, roles: [cs], team: west}
  kim@vendor.example:  {name: Kim Park, roles: [cs_manager]}
  olu@vendor.example:  {name: Olu Adeyemi, roles: [ops]}
EOF
for d in handoffs transitions support; do
	: >"$d/.gitkeep"
done
git add .handoff/config.yaml handoffs/.gitkeep transitions/.gitkeep support/.gitkeep
commit_as olu@vendor.example 2026-10-26T09:00:00+00:00 \
"Set up the handoff repository

Teams east and west, CS and CS manager roles, UTC business days."

# --- 2. Acme Logistics: signed 2026-11-02 15:00 +09:00 ----------------------
A=handoffs/D-2026-0142.md
acme_before "meeting" 1 "CRM fully updated|CS team member assigned" 1 >"$A"
git add "$A"
commit_as jane@vendor.example 2026-11-02T18:40:00+09:00 \
"Start the Acme Logistics handoff

Signed this afternoon. Technical, plan, commercial and risk sections to
follow tomorrow morning after the SE notes are in."

acme_before "meeting" 1 "$pre" 0 >"$A"
git add "$A"
commit_as jane@vendor.example 2026-11-03T08:55:00+09:00 \
"Complete the Acme Logistics handoff record

Go-live confirmed for 15 January; SAP EWM risk added."

acme_before "" 1 "$pre|$meet" 0 >"$A"
git add "$A"
commit_as jane@vendor.example 2026-11-03T11:20:00+09:00 \
"Record the Acme Logistics handoff meeting

Jane, Sam and Kim attended; recording linked."

acme_before "" 1 "$pre|$meet|Customer introduction sent" 0 >"$A"
git add "$A"
commit_as jane@vendor.example 2026-11-03T16:05:00+09:00 \
"Acme Logistics: customer introduction sent"

# --- 3. BrightPath Retail: signed 2026-11-02 16:00 -05:00 -------------------
B=handoffs/D-2026-0157.md
version "$bright" "" 1 "ALL" 0 >"$B"
git add "$B"
commit_as omar@vendor.example 2026-11-03T17:30:00-05:00 \
"Add the BrightPath Retail handoff"

# --- 4. Sam accepts Acme ----------------------------------------------------
acme_before "" 0 "$pre|$meet|$filed|CS accepted handoff as complete|Customer introduction sent" 0 >"$A"
git add "$A"
commit_as sam@vendor.example 2026-11-04T10:05:00+09:00 \
"Accept the Acme Logistics handoff

Complete and clear; the verbal weekly-sync promise is logged as C2.

Handoff-Decision: accepted"

# --- 5. Ana sends BrightPath back -------------------------------------------
cp "$bright" "$B"
git add "$B"
commit_as ana@vendor.example 2026-11-04T11:40:00+07:00 \
"Request revision of the BrightPath Retail handoff

No economic buyer, an undated commitment, a verbal promise recorded as
contractual, no go-live date and no risk factors.

Handoff-Decision: needs-revision"

# --- 6. Sam's post-handoff milestones on Acme -------------------------------
acme_before "" 0 "$pre|$meet|$filed|CS accepted handoff as complete|Customer introduction sent|CS internal preparation done" 0 >"$A"
git add "$A"
commit_as sam@vendor.example 2026-11-05T11:00:00+09:00 \
"Acme Logistics: CS internal preparation done

Success plan drafted, implementation team briefed."

acme_before "" 0 "$pre|$meet|$filed|CS accepted handoff as complete|Customer introduction sent|CS internal preparation done|Implementation kickoff scheduled" 0 >"$A"
git add "$A"
commit_as sam@vendor.example 2026-11-06T09:30:00+09:00 \
"Acme Logistics: kickoff scheduled for 11 November"

# --- 6a. Seabright Foods: a planned move to account management on 7 December
S=transitions/T-2026-0007.md
plan="Transition plan agreed|Knowledge transfer started|Internal stakeholders notified"
version "$sea" "communications" 0 "$plan" 0 >"$S"
git add "$S"
commit_as omar@vendor.example 2026-11-06T10:00:00-05:00 \
"Plan the Seabright Foods move to account management

Ida takes over on 7 December, ahead of the February renewal."

acme_before "" 0 "ALL" 0 >"$A"
git add "$A"
commit_as sam@vendor.example 2026-11-11T15:00:00+09:00 \
"Acme Logistics: implementation kickoff held"

version "$sea" "communications" 0 "$plan|New owner onboarding started" 0 >"$S"
git add "$S"
commit_as ida@vendor.example 2026-11-17T09:00:00-05:00 \
"Seabright Foods: my onboarding on the account has started"

# --- 7. Kumo Analytics: POC converted, signed 2026-11-16 14:00 -05:00 -------
K=handoffs/D-2026-0171.md
version "$kumo" "meeting" 0 "$pre|CRM updated with handoff date" 0 >"$K"
git add "$K"
commit_as omar@vendor.example 2026-11-17T10:15:00-05:00 \
"Add the Kumo Analytics handoff (POC conversion)"

cp "$kumo" "$K"
git add "$K"
commit_as omar@vendor.example 2026-11-18T09:20:00-05:00 \
"Kumo Analytics: handoff meeting held, introduction sent"

# --- 8. Sam moves an accepted commitment ------------------------------------
cp "$acme" "$A"
git add "$A"
commit_as sam@vendor.example 2026-11-20T09:45:00+09:00 \
"Acme Logistics: move the Okta SSO commitment to 18 December

Ben Ito and Ravi Menon agreed on the weekly call.

Handoff-Reason: Acme's Okta administrator is on leave until 7 December"

version "$sea" "" 0 "$plan|New owner onboarding started|Customer introduction sent" 0 |
	sed '/^  joint_meeting: /d' >"$S"
git add "$S"
commit_as omar@vendor.example 2026-11-20T11:00:00-05:00 \
"Seabright Foods: introduction email sent to Carla, Tom and Rita"

# --- 8a. Sam leaves: an unplanned transition of Acme, in Japanese -----------
U=transitions/T-2026-0009.md
jplan="移行計画合意済み|知識移行開始済み|社内関係者へ通知済み"
version "$acmet" "communications" 0 "$jplan" 0 >"$U"
git add "$U"
commit_as kim@vendor.example 2026-11-24T09:00:00+09:00 \
"Acme Logistics: Sam has left, Ana takes over (unplanned)"

version "$acmet" "" 0 "$jplan|新所有者のオンボーディング開始済み|顧客への紹介メール送信済み" 0 |
	sed -e '/^  joint_meeting: /d' -e '/^  follow_up: /d' >"$U"
git add "$U"
commit_as ana@vendor.example 2026-11-26T10:00:00+09:00 \
"Acme Logistics: introduction email to Ravi and Tanaka-san sent"

cp "$sea" "$S"
git add "$S"
commit_as omar@vendor.example 2026-11-27T10:00:00-05:00 \
"Seabright Foods: joint meeting with Ida held"

# --- 8b. Kumo Analytics goes to Support after onboarding, in Indonesian -----
KS=support/S-2026-0031.md
version "$kumos" "" 0 "Kontrak dan ruang lingkup dikonfirmasi|Kontak diverifikasi|Isu terbuka diserahkan" 0 >"$KS"
git add "$KS"
commit_as ana@vendor.example 2026-11-30T10:00:00-05:00 \
"Hand Kumo Analytics to Support (onboarding done 27 November)"

# --- 9. Nordwind Energy: pre-close, expected close 2026-12-10 ---------------
N=handoffs/D-2026-0163.md
version "$nord" "meeting preclose_approval" 1 "$pre" 0 >"$N"
git add "$N"
commit_as jane@vendor.example 2026-12-01T14:00:00+09:00 \
"Start the pre-close Nordwind Energy handoff

Contract in legal review, signature expected 10 December. Asking Kim for
pre-close approval."

version "$nord" "meeting" 1 "$pre" 0 >"$N"
git add "$N"
commit_as kim@vendor.example 2026-12-02T09:30:00+09:00 \
"Approve the pre-close Nordwind Energy handoff

Strategic account; CS prepares now, no services spend before signature."

version "$acmet" "" 0 "$jplan|新所有者のオンボーディング開始済み|顧客への紹介メール送信済み|共同会議実施済み" 0 |
	sed '/^  follow_up: /d' >"$U"
git add "$U"
commit_as ana@vendor.example 2026-12-02T15:00:00+09:00 \
"Acme Logistics: joint meeting with Kim and Ravi held"

cp "$kumos" "$KS"
git add "$KS"
commit_as kim@vendor.example 2026-12-02T09:00:00-05:00 \
"Kumo Analytics: support introduction call held"

cp "$acmet" "$U"
git add "$U"
commit_as ana@vendor.example 2026-12-03T11:00:00+09:00 \
"Acme Logistics: I am fully responsible for the account now"

cp "$nord" "$N"
git add "$N"
commit_as jane@vendor.example 2026-12-03T18:10:00+09:00 \
"Record the Nordwind Energy pre-close handoff meeting"

echo "demo repository ready: $dir" >&2
