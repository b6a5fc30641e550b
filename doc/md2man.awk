# md2man.awk: one manual page of doc/*.md, Markdown that reads as such
# on GitHub, to man(7) roff. POSIX awk, so that building the pages needs
# nothing the build does not already need.
#
#   awk -v section=1 -v version=0.1.0 -f doc/md2man.awk doc/git-handoff.md
#
# The Markdown is a small, fixed subset, and anything outside it is an
# error rather than a page that renders wrong:
#
#   # name(N) -- summary          the first line: .TH and NAME
#   ## HEADING / ### Heading      .SH / .SS
#   paragraphs                    filled text; a blank line ends one
#   * `term`:                     a definition (.TP); its text follows,
#     text indented two spaces    indented two spaces, paragraphs too
#   - text                        a bullet (.IP)
#   ```  ...  ```                 a block shown as written (.nf)
#   `code` **bold** *italic*      \fB \fB \fI; <x> in code is italic
#   [name(N)](file.md)            a page name; [text](http...) its text
#
# Placeholders go in code spans (`--rev <rev>`) or in italics (*rev*):
# a bare <rev> is an HTML tag to a Markdown reader, and disappears.

function fail(msg) {
	printf "md2man: %s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
	failed = 1
	exit 1
}

# Backslashes and hyphens as roff wants them: \e prints a backslash, \-
# a hyphen-minus that survives copy and paste of an option.
function esc(s) {
	gsub(/\\/, "\\\\e", s)
	gsub(/-/, "\\\\-", s)
	return s
}

# Font changes are made as \001 (bold), \002 (italic) and \003 (roman)
# first, so that escaping the text does not touch them.
function fonts(s) {
	gsub(/\001/, "\\fB", s)
	gsub(/\002/, "\\fI", s)
	gsub(/\003/, "\\fR", s)
	return s
}

function emphasis(s,    out) {
	out = ""
	while (match(s, /\*\*[^*]+\*\*/)) {
		out = out substr(s, 1, RSTART - 1) "\001" substr(s, RSTART + 2, RLENGTH - 4) "\003"
		s = substr(s, RSTART + RLENGTH)
	}
	s = out s
	out = ""
	while (match(s, /\*[^* ][^*]*\*/)) {
		out = out substr(s, 1, RSTART - 1) "\002" substr(s, RSTART + 1, RLENGTH - 2) "\003"
		s = substr(s, RSTART + RLENGTH)
	}
	return out s
}

function links(s,    out, text, url, mid) {
	out = ""
	while (match(s, /\[[^\]]+\]\([^)]+\)/)) {
		text = substr(s, RSTART + 1, RLENGTH - 2)
		mid = index(text, "](")
		url = substr(text, mid + 2)
		text = substr(text, 1, mid - 1)
		if (text ~ /^[a-z0-9-]+\([1-8]\)$/)
			text = "\001" substr(text, 1, index(text, "(") - 1) "\003" substr(text, index(text, "("))
		else if (url ~ /^https?:/)
			text = text " <" url ">"
		out = out substr(s, 1, RSTART - 1) text
		s = substr(s, RSTART + RLENGTH)
	}
	return out s
}

function entities(s) {
	gsub(/&lt;/, "<", s)
	gsub(/&gt;/, ">", s)
	gsub(/&amp;/, "\\&", s)
	return s
}

function inline(s,    n, parts, i, out, seg) {
	n = split(s, parts, "`")
	if (n % 2 == 0)
		fail("a code span is not closed")
	out = ""
	for (i = 1; i <= n; i++) {
		seg = parts[i]
		if (i % 2 == 0) {
			gsub(/<[^<> ]+>/, "\002&\001", seg)
			out = out "\001" esc(seg) "\003"
		} else {
			out = out esc(entities(emphasis(links(seg))))
		}
	}
	return fonts(out)
}

# A line of output: roff takes a leading . or ' for a request.
function emit(s) {
	if (s ~ /^[.']/)
		s = "\\&" s
	print s
}

function text(s) {
	sub(/^ +/, "", s)
	if (s ~ /^[|<]/)
		fail("tables and HTML are not part of the manual's Markdown")
	if (blank) {
		print (list ? ".IP" : ".PP")
		blank = 0
	}
	emit(inline(s))
}

FNR == 1 {
	if (!match($0, /^# [a-z0-9-]+\([1-8]\) -- /))
		fail("the first line must be '# name(N) -- summary'")
	name = substr($0, 3, index($0, "(") - 3)
	sec = substr($0, index($0, "(") + 1, 1)
	if (section != "" && sec != section)
		fail("a section " sec " page built as section " section)
	title = toupper(name)
	printf ".TH \"%s\" \"%s\" \"\" \"git-handoff %s\" \"Git Handoff Manual\"\n", title, sec, version
	print ".nh"
	print ".SH NAME"
	emit(esc(name) " \\- " inline(substr($0, RSTART + RLENGTH)))
	next
}

fence {
	if ($0 ~ /^```/) {
		print ".fi"
		print ".RE"
		fence = 0
		next
	}
	s = $0
	gsub(/\\/, "\\\\e", s)
	gsub(/-/, "\\\\-", s)
	emit(s == "" ? "\\&" : s)
	next
}

/^```/ {
	print ".PP"
	print ".RS 4"
	print ".nf"
	fence = 1
	list = blank = 0
	next
}

/^$/ {
	blank = 1
	next
}

/^## / {
	print ".SH " esc(substr($0, 4))
	list = blank = 0
	next
}

/^### / {
	print ".SS " esc(substr($0, 5))
	list = blank = 0
	next
}

/^#/ {
	fail("only # (the first line), ## and ### headings")
}

/^\* .*:$/ {
	print ".TP"
	emit(inline(substr($0, 3, length($0) - 3)))
	list = 1
	blank = 0
	next
}

/^- / {
	print ".IP \\(bu 2"
	emit(inline(substr($0, 3)))
	list = 1
	blank = 0
	next
}

/^\* |^[0-9]+\. |^\t/ {
	fail("a list item is '* `term`:' (a definition) or '- text' (a bullet); indent with spaces")
}

/^  / {
	if (!list)
		fail("an indented line outside a list")
	text($0)
	next
}

{
	if (list && blank)
		list = 0
	text($0)
}

END {
	if (failed)
		exit 1
	if (fence)
		fail("a ``` block is not closed")
	if (FNR == 0)
		fail("empty page")
}
