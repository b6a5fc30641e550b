#!/bin/sh
# lsp: the language server, driven by a scripted client over pipes (every
# request type, the same diagnostics as validate at LSP positions, UTF-16
# columns, cancellation, shutdown and exit, malformed and hostile frames)
# and by Neovim as a real client when it is installed.
. "$(dirname "$0")/lib.sh"

acme="$EXAMPLES/D-2026-0142-acme-logistics.md"
BIN=$GIT_HANDOFF_BIN
sanitized() { ldd "$BIN" 2>/dev/null | grep -q "libasan"; }

# A small LSP client: frames, requests, notifications, diagnostics.
cat >"$TRASH/lspc.py" <<\PY
import json, os, subprocess, sys

class Server:
    def __init__(self, args=None, err="lsp.err", shell=None):
        cmd = args or ["git", "handoff", "lsp"]
        if shell:
            cmd = ["sh", "-c", shell]
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=open(err, "wb"))
        self.notes = []
        self.next = 1000

    @staticmethod
    def frame(obj):
        b = obj if isinstance(obj, bytes) else json.dumps(obj).encode()
        return b"Content-Length: %d\r\n\r\n" % len(b) + b

    def write(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def send(self, obj):
        self.write(self.frame(obj))

    def recv(self):
        length = None
        while True:
            line = self.p.stdout.readline()
            if not line:
                return None
            line = line.strip()
            if not line:
                break
            k, v = line.split(b":", 1)
            if k.lower() == b"content-length":
                length = int(v)
        return json.loads(self.p.stdout.read(length))

    def response(self, id):
        while True:
            m = self.recv()
            assert m is not None, "the server closed its output"
            if "method" in m:
                self.notes.append(m)
            elif m.get("id") == id:
                return m
            else:
                raise AssertionError("unexpected %r" % m)

    def request(self, method, params=None, id=None):
        if id is None:
            self.next += 1
            id = self.next
        msg = {"jsonrpc": "2.0", "id": id, "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)
        return self.response(id)

    def notify(self, method, params=None):
        msg = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            msg["params"] = params
        self.send(msg)

    def diagnostics(self, uri):
        while True:
            for i, m in enumerate(self.notes):
                if m["method"] == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri:
                    del self.notes[i]
                    return m["params"]["diagnostics"]
            m = self.recv()
            assert m is not None, "the server closed its output"
            self.notes.append(m)

    def initialize(self):
        r = self.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        self.notify("initialized", {})
        return r

    def open(self, path, text=None):
        uri = "file://" + os.path.abspath(path)
        if text is None:
            text = open(path, encoding="utf-8").read()
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1, "text": text}})
        return uri

    def change(self, uri, text, version):
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                    "contentChanges": [{"text": text}]})

    def finish(self):
        assert self.request("shutdown")["result"] is None
        self.notify("exit")
        self.p.stdin.close()
        return self.p.wait(timeout=60)

def started():
    s = Server()
    s.initialize()
    return s

# a started server with path open: the server, the text and its uri
def opened(path):
    s = started()
    text = open(path, encoding="utf-8").read()
    return s, text, s.open(path, text)

def at(uri, line, character):
    return {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}

def line_of(text, start):
    return [i for i, l in enumerate(text.split("\n")) if l.startswith(start)][0]

# "line:col: severity: code: message", 1-based, as validate says it
def show(d):
    sev = {1: "error", 2: "warning"}[d["severity"]]
    return "%d:%d: %s: %s: %s" % (d["range"]["start"]["line"] + 1,
                                  d["range"]["start"]["character"] + 1, sev, d["code"], d["message"])
PY
export PYTHONPATH="$TRASH"

# Neovim as the client (0.7 has no vim.lsp.start: start_client and
# buf_attach_client). It writes what it saw to files in $OUT.
cat >"$TRASH/init.lua" <<\LUA
local out = vim.env.OUT
local function write(name, lines)
  local f = assert(io.open(out .. "/" .. name, "w"))
  for _, l in ipairs(lines) do f:write(l, "\n") end
  f:close()
end
local function fail(msg)
  write("failed", { msg })
  vim.cmd("cquit 1")
end
local function diagnostics(buf)
  local ds = vim.diagnostic.get(buf)
  table.sort(ds, function(a, b)
    if a.lnum ~= b.lnum then return a.lnum < b.lnum end
    return a.col < b.col
  end)
  local lines = {}
  for _, d in ipairs(ds) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "?"
    table.insert(lines, string.format("%d:%d: %s: %s", d.lnum + 1, d.col + 1, code, d.message))
  end
  return lines
end

vim.cmd("edit " .. vim.env.RECORD)
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({
  name = "git-handoff",
  cmd = { "git", "handoff", "lsp" },
  root_dir = vim.fn.getcwd(),
  flags = { debounce_text_changes = 0 },
})
if not id then fail("the server did not start") end
vim.lsp.buf_attach_client(buf, id)
if not vim.wait(30000, function() return #vim.diagnostic.get(buf) >= 5 end, 20) then
  fail("no diagnostics")
end
write("diagnostics", diagnostics(buf))

-- completion on "segment: ", then the line as it was
local seg = vim.fn.search("^segment:", "n")
local was = vim.api.nvim_buf_get_lines(buf, seg - 1, seg, false)
vim.api.nvim_buf_set_lines(buf, seg - 1, seg, false, { "segment: " })
local res = vim.lsp.buf_request_sync(buf, "textDocument/completion", {
  textDocument = vim.lsp.util.make_text_document_params(buf),
  position = { line = seg - 1, character = 9 },
}, 30000)
if not res or not res[id] or not res[id].result then fail("no completion") end
local labels = {}
for _, item in ipairs(res[id].result.items) do table.insert(labels, item.label) end
write("completion", labels)
vim.api.nvim_buf_set_lines(buf, seg - 1, seg, false, was)

-- the tick code action on the unticked item, applied: its diagnostic clears
local tick = vim.fn.search("^- \\[ \\] Deal summary complete", "n")
res = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", {
  textDocument = vim.lsp.util.make_text_document_params(buf),
  range = { start = { line = tick - 1, character = 0 }, ["end"] = { line = tick - 1, character = 0 } },
  context = { diagnostics = {} },
}, 30000)
if not res or not res[id] or not res[id].result or not res[id].result[1] then fail("no code action") end
local action = res[id].result[1]
vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")
local cleared = vim.wait(30000, function()
  local ds = vim.diagnostic.get(buf)
  for _, d in ipairs(ds) do
    if d.message:find("/checklist/", 1, true) then return false end
  end
  return #ds == 4
end, 20)
if not cleared then fail("the checklist diagnostic did not clear") end
write("action", { action.title, vim.api.nvim_buf_get_lines(buf, tick - 1, tick, false)[1] })
write("after", diagnostics(buf))
vim.cmd("qall!")
LUA

test_expect_success 'setup: a repository with the acme record committed and the five-problem one' '
	test_repo r && cd r &&
	cp "$acme" handoffs/acme.md && git add . && test_tick && git commit -qm acme &&
	five_problems >handoffs/five.md
'

test_expect_success 'initialize: the capabilities (full sync, completion, hover, code actions, UTF-16)' '
	cd r && timeout 60 python3 - <<-\PY
	from lspc import *
	s = Server()
	c = s.initialize()["result"]["capabilities"]
	assert c["textDocumentSync"] == {"openClose": True, "change": 1}, c
	assert c["positionEncoding"] == "utf-16", c
	assert c["hoverProvider"] is True, c
	assert ":" in c["completionProvider"]["triggerCharacters"], c
	assert c["codeActionProvider"] == {"codeActionKinds": ["quickfix"]}, c
	assert s.finish() == 0
	PY
'

test_expect_success 'didOpen: the five problems of validate, at its lines and columns, with its codes' '
	cd r && test_expect_code 1 git handoff validate --format json handoffs/five.md >v.json &&
	python3 - >expect <<-\PY &&
	import json
	for d in json.load(open("v.json"))["files"][0]["diagnostics"]:
	    print("%d:%d: %s: %s: %s: %s" % (d["line"], d["column"], d["severity"], d["code"], d["pointer"], d["message"]))
	PY
	test $(wc -l <expect) = 5 &&
	timeout 60 python3 - <<-\PY &&
	from lspc import *
	s = started()
	uri = s.open("handoffs/five.md")
	with open("actual", "w") as f:
	    for d in s.diagnostics(uri):
	        assert d["source"] == "git-handoff"
	        f.write(show(d) + "\n")
	assert s.finish() == 0
	PY
	test_cmp expect actual &&
	grep "^5:10: error: enum: /segment: " actual
'

test_expect_success 'didChange: the unsaved text is judged, never the file (one fixed: four)' '
	cd r && timeout 60 python3 - <<-\PY
	from lspc import *
	s, text, uri = opened("handoffs/five.md")
	assert len(s.diagnostics(uri)) == 5
	s.change(uri, text.replace("segment: huge", "segment: enterprise"), 2)
	d = s.diagnostics(uri)
	assert len(d) == 4, d
	assert not [x for x in d if x["message"].startswith("/segment")], d
	# a record that is not on disk at all
	uri2 = s.open("handoffs/unsaved.md", text)
	assert len(s.diagnostics(uri2)) == 5
	assert s.finish() == 0
	PY
'

test_expect_success 'didChange: changes queued together publish once, for the last text' '
	cd r && timeout 60 python3 - <<-\PY
	from lspc import *
	s, text, uri = opened("handoffs/five.md")
	assert len(s.diagnostics(uri)) == 5
	ch = lambda t, v: Server.frame({"jsonrpc": "2.0", "method": "textDocument/didChange",
	    "params": {"textDocument": {"uri": uri, "version": v}, "contentChanges": [{"text": t}]}})
	fixed = text.replace("segment: huge", "segment: enterprise")
	s.write(ch(text, 2) + ch(text, 3) + ch(fixed, 4))
	r = s.request("textDocument/hover", at(uri, 1, 1))
	pub = [m for m in s.notes if m["method"] == "textDocument/publishDiagnostics"]
	assert len(pub) == 1 and pub[0]["params"]["version"] == 4, pub
	assert len(pub[0]["params"]["diagnostics"]) == 4
	assert s.finish() == 0
	PY
'

test_expect_success 'completion: the enum values on "segment: ", the keys of the mapping on a new line' '
	cd r && timeout 60 python3 - <<-\PY
	from lspc import *
	s = started()
	text = open("handoffs/five.md").read()
	uri = s.open("handoffs/five.md", text.replace("segment: huge", "segment: "))
	s.diagnostics(uri)
	n = line_of(text, "segment:")
	items = s.request("textDocument/completion", at(uri, n, 9))["result"]["items"]
	assert [i["label"] for i in items] == ["enterprise", "mid-market", "smb", "strategic"], items
	assert "CS manager" in items[0]["documentation"]["value"]
	# a new key line in contract: its properties, described
	n = line_of(text, "  acv:")
	uri = s.open("handoffs/keys.md", "\n".join(text.split("\n")[:n] + ["  "] + text.split("\n")[n:]))
	s.diagnostics(uri)
	items = s.request("textDocument/completion", at(uri, n, 2))["result"]["items"]
	labels = [i["label"] for i in items]
	assert labels[:4] == ["signed", "expected_close", "acv", "tcv"], labels
	acv = [i for i in items if i["label"] == "acv"][0]
	assert acv["documentation"]["value"] == "Annual contract value." and acv["detail"] == "required", acv
	assert acv["textEdit"]["newText"] == "acv: ", acv
	# an item of a list: the keys of a commitment
	n = line_of(text, "    due: 2026-13-45")
	items = s.request("textDocument/completion", at(uri, n + 1, 4))["result"]["items"]
	assert "source" in [i["label"] for i in items], items
	# in the body: nothing
	assert s.request("textDocument/completion", at(uri, len(text.split("\n")) - 3, 0))["result"]["items"] == []
	assert s.finish() == 0
	PY
'

test_expect_success 'hover: a field, its description and whether it is material; kind: the score as committed' '
	cd r && git handoff score --format json handoffs/acme.md >score.json &&
	timeout 60 python3 - <<-\PY
	from lspc import *
	import json
	s, text, uri = opened("handoffs/five.md")
	s.diagnostics(uri)
	h = s.request("textDocument/hover", at(uri, line_of(text, "  acv:"), 3))["result"]
	v = h["contents"]["value"]
	assert "Annual contract value." in v and "`/contract/acv`" in v, v
	assert "**Material** (`/contract`)" in v, v
	assert h["range"] == {"start": {"line": 14, "character": 2}, "end": {"line": 14, "character": 5}}, h
	v = s.request("textDocument/hover", at(uri, line_of(text, "segment:"), 0))["result"]["contents"]["value"]
	assert "Enterprise and strategic accounts need a CS manager" in v and "Not material." in v, v
	v = s.request("textDocument/hover", at(uri, 1, 0))["result"]["contents"]["value"]
	assert "not available for this text" in v, v
	# the committed record: its score and band as score gives them
	r = json.load(open("score.json"))["records"][0]
	uri = s.open("handoffs/acme.md")
	s.diagnostics(uri)
	v = s.request("textDocument/hover", at(uri, 1, 0))["result"]["contents"]["value"]
	assert "**Score** as last committed: %g/100, %s." % (r["score"], r["band"]) in v, (v, r)
	# the body has no hover
	assert s.request("textDocument/hover", at(uri, 200, 0))["result"] is None
	assert s.finish() == 0
	PY
'

test_expect_success 'codeAction: tick an item; insert a missing section; applied, their diagnostics clear' '
	cd r && timeout 60 python3 - <<-\PY
	from lspc import *
	s, text, uri = opened("handoffs/five.md")
	d = s.diagnostics(uri)
	n = line_of(text, "- [ ] Deal summary complete")
	rng = {"start": {"line": n, "character": 0}, "end": {"line": n, "character": 0}}
	acts = s.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": rng,
	    "context": {"diagnostics": []}})["result"]
	assert [a["title"] for a in acts] == ["Tick \x27Deal summary complete\x27"], acts
	e = acts[0]["edit"]["changes"][uri]
	assert e == [{"range": {"start": {"line": n, "character": 2}, "end": {"line": n, "character": 5}},
	    "newText": "[x]"}], e
	lines = text.split("\n")
	lines[n] = lines[n][:2] + "[x]" + lines[n][5:]
	text = "\n".join(lines)
	s.change(uri, text, 2)
	d = s.diagnostics(uri)
	assert len(d) == 4 and not [x for x in d if x["code"] == "checklist"], d
	sec = [x for x in d if x["code"] == "section"][0]
	n = sec["range"]["start"]["line"]
	acts = s.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": sec["range"],
	    "context": {"diagnostics": [sec]}})["result"]
	ins = [a for a in acts if a["title"] == "Insert section \x27## Risk Factors\x27"]
	assert len(ins) == 1, acts
	e = ins[0]["edit"]["changes"][uri][0]
	at_line = e["range"]["start"]["line"]
	assert lines[at_line] == "## Handoff Checklist" and e["range"]["start"]["character"] == 0, e
	assert e["newText"].startswith("## Risk Factors\n\n[Objections raised"), e
	lines = text.split("\n")
	text = "\n".join(lines[:at_line]) + "\n" + e["newText"] + "\n".join(lines[at_line:])
	s.change(uri, text, 3)
	d = s.diagnostics(uri)
	assert not [x for x in d if "missing section" in x["message"]], d
	assert [x for x in d if "Risk Factors" in x["message"]], d   # the hint is a placeholder
	assert s.finish() == 0
	PY
'

test_expect_success 'codeAction: fill a commitment with the keys its kind requires' '
	cd r && timeout 60 python3 - <<-\PY
	from lspc import *
	s = started()
	text = open("handoffs/five.md").read()
	n = line_of(text, "commitments:")
	lines = text.split("\n")
	text = "\n".join(lines[:n + 1] + ["  - id: C9", "    text: Weekly report"] + lines[n + 1:])
	uri = s.open("handoffs/fill.md", text)
	s.diagnostics(uri)
	rng = {"start": {"line": n + 1, "character": 0}, "end": {"line": n + 1, "character": 0}}
	acts = s.request("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": rng,
	    "context": {"diagnostics": []}})["result"]
	assert [a["title"] for a in acts] == ["Fill the item with its 4 missing keys"], acts
	e = acts[0]["edit"]["changes"][uri][0]
	assert e["range"]["start"] == {"line": n + 2, "character": 23}, e
	assert e["newText"] == "".join("\n    %s: \"<fill in>\"" % k for k in ("type", "source", "owner", "due")), e
	assert s.finish() == 0
	PY
'

test_expect_success 'UTF-16: CJK and an emoji before a problem on its line count as LSP counts them' '
	cd r && python3 - <<-\PY &&
	import re
	t = open("handoffs/five.md", encoding="utf-8").read()
	t = re.sub(r"  features:\n(    - .*\n)+", "  features: [\"配送ルート🚚最適化\", \"\"]\n", t)
	open("handoffs/utf.md", "w", encoding="utf-8").write(t)
	PY
	grep -n "features: \[" handoffs/utf.md &&
	test_expect_code 1 git handoff validate --format json handoffs/utf.md >v.json &&
	timeout 60 python3 - <<-\PY
	from lspc import *
	import json
	v = [d for d in json.load(open("v.json"))["files"][0]["diagnostics"] if d["pointer"] == "/scope/features/1"]
	assert len(v) == 2, v   # minLength and pattern, at one place
	text = open("handoffs/utf.md", encoding="utf-8").read()
	line = text.split("\n")[v[0]["line"] - 1]
	units = len(line[:v[0]["column"] - 1].encode("utf-16-le")) // 2
	assert units == v[0]["column"], (units, v)   # one character past the BMP: one unit more
	s = started()
	uri = s.open("handoffs/utf.md")
	d = [x for x in s.diagnostics(uri) if x["message"].startswith("/scope/features/1:")]
	assert len(d) == 2, d
	assert d[0]["range"]["start"] == {"line": v[0]["line"] - 1, "character": units}, (d, units)
	# the hover range of a key after it, and a position inside the pair
	h = s.request("textDocument/hover", at(uri, v[0]["line"] - 1, units))["result"]
	assert h["range"]["start"]["character"] == 2, h
	assert s.finish() == 0
	PY
'

test_expect_success '$/cancelRequest: a request cancelled before it is answered gets -32800' '
	cd r && timeout 60 python3 - <<-\PY
	from lspc import *
	s = started()
	uri = s.open("handoffs/five.md")
	s.diagnostics(uri)
	# the request and its cancellation in one write: read together, then answered
	s.write(Server.frame({"jsonrpc": "2.0", "id": 50, "method": "textDocument/hover", "params": at(uri, 4, 1)}) +
	        Server.frame({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 50}}))
	r = s.response(50)
	assert r["error"]["code"] == -32800 and "result" not in r, r
	# cancelling one already answered changes nothing
	assert s.request("textDocument/hover", at(uri, 4, 1), id=51)["result"]
	s.notify("$/cancelRequest", {"id": 51})
	assert s.request("textDocument/hover", at(uri, 4, 1), id="x")["result"]
	assert s.finish() == 0
	PY
'

test_expect_success 'lifecycle: before initialize -32002, after shutdown -32600, exit 0 after shutdown, 1 without' '
	cd r && timeout 60 python3 - <<-\PY &&
	from lspc import *
	s = Server()
	assert s.request("textDocument/hover", at("file:///x.md", 0, 0))["error"]["code"] == -32002
	s.initialize()
	assert s.request("initialize", {})["error"]["code"] == -32600
	assert s.request("workspace/symbol", {"query": ""})["error"]["code"] == -32601
	assert s.request("shutdown")["result"] is None
	assert s.request("textDocument/hover", at("file:///x.md", 0, 0))["error"]["code"] == -32600
	s.notify("exit")
	assert s.p.wait(timeout=60) == 0
	s = started()
	s.notify("exit")
	assert s.p.wait(timeout=60) == 1
	s = Server(err="closed.err")
	s.initialize()
	s.p.stdin.close()
	assert s.p.wait(timeout=60) == 1
	PY
	grep "closed the connection without shutdown and exit" closed.err
'

test_expect_success 'malformed input: bad JSON -32700, no Content-Length -32700, not a request -32600; the next is answered' '
	cd r && timeout 60 python3 - <<-\PY
	from lspc import *
	s = started()
	for body, code in ((b"{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ", -32700),
	                   (b"[1, 2]", -32600), (b"{\"id\": 7}", -32600),
	                   (b"{\"method\": \"x\", \"id\": \"\xff\"}", -32700)):
	    s.write(Server.frame(body))
	    r = s.recv()
	    assert r["error"]["code"] == code and r["id"] in (None, 7), (body, r)
	    assert s.request("textDocument/hover", at("file:///none.md", 0, 0))["result"] is None
	s.write(b"Content-Type: application/vscode-jsonrpc\r\n\r\n")
	r = s.recv()
	assert r["error"]["code"] == -32700 and "Content-Length" in r["error"]["message"], r
	s.write(b"Content-Length: 12x\r\n\r\n")
	assert s.recv()["error"]["code"] == -32700
	s.write(b"X-Long: " + b"a" * 5000 + b"\r\n\r\n")
	assert s.recv()["error"]["code"] == -32700
	assert s.request("textDocument/hover", at("file:///none.md", 0, 0))["result"] is None
	assert s.finish() == 0
	PY
'

test_expect_success 'hostile frames: nested 10,000 deep, 17 MiB sent, 2 GB claimed; bounded memory, no crash' '
	if sanitized; then
		test_skip "under AddressSanitizer the address space is the sanitizer'"'"'s: no ulimit -v"; return 0
	elif under_valgrind; then
		test_skip "under valgrind the address space is valgrind'"'"'s: no ulimit -v"; return 0
	fi
	cd r && timeout 120 python3 - <<-\PY
	from lspc import *
	s = Server(shell="ulimit -v 524288; exec git handoff lsp")
	s.initialize()
	s.write(Server.frame(b"[" * 10000 + b"]" * 10000))
	r = s.recv()
	assert r["error"]["code"] == -32600 and "nested deeper than 64" in r["error"]["message"], r
	s.write(Server.frame(b"{\"a\":" * 70 + b"1" + b"}" * 70))
	assert s.recv()["error"]["code"] == -32600
	assert s.request("textDocument/hover", at("file:///none.md", 0, 0))["result"] is None
	# over the limit of 16 MiB: answered at once, skipped as it arrives
	s.write(b"Content-Length: %d\r\n\r\n" % (17 << 20))
	r = s.recv()
	assert r["error"]["code"] == -32600 and "over the limit" in r["error"]["message"], r
	s.write(b"x" * (17 << 20))
	assert s.request("textDocument/hover", at("file:///none.md", 0, 0))["result"] is None
	# a million tiny values: past the count limit
	s.write(Server.frame(b"[" + b"0," * 1000000 + b"0]"))
	r = s.recv()
	assert r["error"]["code"] == -32600 and "more than" in r["error"]["message"], r
	assert s.request("textDocument/hover", at("file:///none.md", 0, 0))["result"] is None
	# 2 GB claimed, a little sent, then the client goes
	s.write(b"Content-Length: 2000000000\r\n\r\n{\"jsonrpc\":")
	r = s.recv()
	assert r["error"]["code"] == -32600 and "2000000000 bytes" in r["error"]["message"], r
	s.p.stdin.close()
	assert s.p.wait(timeout=60) == 1   # closed without exit: 1, not a signal
	PY
'

test_expect_success 'Neovim: diagnostics, completion on "segment: ", the tick action applied and its diagnostic cleared' '
	if ! command -v nvim >/dev/null; then test_skip "neovim is not installed (make deps)"; return 0; fi
	cd r && mkdir -p nv &&
	test_expect_code 1 git handoff validate --format json handoffs/five.md >v.json &&
	python3 - >expect <<-\PY &&
	import json
	for d in json.load(open("v.json"))["files"][0]["diagnostics"]:
	    print("%d:%d: %s: %s: %s" % (d["line"], d["column"], d["code"], d["pointer"], d["message"]))
	PY
	grep -v ": checklist: " expect >expect.after &&
	printf "%s\n" enterprise mid-market smb strategic >expect.completion &&
	printf "%s\n" "Tick '"'"'Deal summary complete'"'"'" "- [x] Deal summary complete" >expect.action &&
	OUT=$PWD/nv RECORD=handoffs/five.md timeout 120 nvim --headless --clean -u "$TRASH/init.lua" >nv/out 2>&1 </dev/null ||
	{ cat nv/out nv/failed; return 1; } &&
	test_cmp expect nv/diagnostics &&
	test_cmp expect.completion nv/completion &&
	test_cmp expect.action nv/action &&
	test_cmp expect.after nv/after &&
	five_problems >five.expect && test_cmp five.expect handoffs/five.md
'

test_expect_success 'lsp writes nothing: the repository is unchanged after a session' '
	cd r && before=$(test_tree_hash .) &&
	timeout 60 python3 - <<-\PY &&
	from lspc import *
	s = Server(err="../session.err")   # not in the tree
	s.initialize()
	uri = s.open("handoffs/acme.md")
	s.diagnostics(uri)
	s.request("textDocument/hover", at(uri, 1, 0))
	s.change(uri, "---\nkind: deal-handoff\n---\n", 2)
	s.diagnostics(uri)
	assert s.finish() == 0
	PY
	test "$before" = "$(test_tree_hash .)"
'

test_done
