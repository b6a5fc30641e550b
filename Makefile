# git-handoff: one readable Makefile.
#
#   make            build git-handoff and lib/libhandoff.a
#   make check      install missing dependencies, build, run every test
#   make demo       install missing dependencies, build, show the demo
#   make bench      the benchmark, each figure beside its baseline
#   make fuzz       libFuzzer (clang), each target FUZZ_SECONDS (60);
#                   FUZZ_ONLY=<name> runs tests/fuzz/fuzz_<name>.c alone
#   make valgrind   the end-to-end suite under valgrind
#   make man        the manual pages, from doc/*.md to build/man/
#   make install    PREFIX=/usr/local, DESTDIR honoured
#
# DEVELOPER=1 adds -Werror; SANITIZE=address,undefined builds with
# sanitizers; O=dir puts objects and binaries under dir; V=1 is verbose.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
PKG_CONFIG ?= pkg-config
CC ?= cc
O ?= .

DEPS = libgit2 yaml-0.1 libpcre2-8
WARN = -Wall -Wextra -Wstrict-prototypes -Wmissing-prototypes -Wshadow \
       -Wformat=2 -Wwrite-strings -Wvla -Wno-format-nonliteral
ifdef DEVELOPER
WARN += -Werror
endif
ifdef SANITIZE
SAN = -fsanitize=$(SANITIZE) -fno-sanitize-recover=$(SANITIZE) -fno-omit-frame-pointer
endif
CFLAGS ?= -O2 -g

# Deferred (=) so that `make check` can install the packages first.
DEP_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(DEPS) 2>/dev/null)
DEP_LIBS = $(shell $(PKG_CONFIG) --libs $(filter-out yaml-0.1,$(DEPS)) 2>/dev/null) $(YAML_LIBS) -lm
NOGIT_LIBS = $(shell $(PKG_CONFIG) --libs libpcre2-8 2>/dev/null) $(YAML_LIBS) -lm
CMOCKA_CFLAGS = $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

# libyaml from its static archive, with the malloc, realloc, free and
# strdup that all its memory goes through (in its api.o) renamed to
# lib/yaml_heap.c's, which give it one region per document; without the
# archive, the shared library, which then allocates on its own.
OBJCOPY ?= objcopy
YAML_ARCHIVE = $(shell $(PKG_CONFIG) --variable=libdir yaml-0.1 2>/dev/null)/libyaml.a
YAML_HEAP = $(O)/lib/libyaml-heap.a
YAML_LIBS = $(if $(wildcard $(YAML_ARCHIVE)),$(YAML_HEAP),$(shell $(PKG_CONFIG) --libs yaml-0.1 2>/dev/null))

ALL_CFLAGS = -std=c99 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -pthread $(WARN) $(SAN) \
             -fvisibility=hidden -ffunction-sections -fdata-sections -DHANDOFF_DATADIR='"$(DATADIR)/git-handoff"' \
             -DHANDOFF_MANDIR='"$(MANDIR)"' \
             $(DEP_CFLAGS) $(CPPFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SAN) -pthread $(LDFLAGS)

ifndef V
QUIET_CC = @echo '   ' CC $@;
QUIET_AR = @echo '   ' AR $@;
QUIET_LINK = @echo '   ' LINK $@;
QUIET_GEN = @echo '   ' GEN $@;
endif

LIB_SRC = $(sort $(wildcard lib/*.c))
CMD_SRC = $(sort $(wildcard cmd/*.c))
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
FUZZ_SRC = $(sort $(wildcard tests/fuzz/fuzz_*.c))
LIB_OBJ = $(LIB_SRC:%.c=$(O)/%.o)
CMD_OBJ = $(CMD_SRC:%.c=$(O)/%.o)
UNIT_BIN = $(UNIT_SRC:%.c=$(O)/%)
LIBA = $(O)/lib/libhandoff.a
FROZEN = $(O)/schemas/frozen.o
BIN = $(O)/git-handoff
PRE_COMMIT = $(O)/git-handoff-pre-commit
RUNNER = $(O)/tests/conformance/runner

all: $(BIN) $(PRE_COMMIT) man

# Each compile writes beside its output a .d file naming the headers it
# read (-MMD; -MP adds an empty rule for each, so a header removed does
# not stop the build); they are included at the end of this file, so a
# changed header rebuilds exactly what includes it, in any O= directory.
DEPFLAGS = -MMD -MP

$(O)/lib/%.o: lib/%.c Makefile
	@mkdir -p $(@D)
	$(QUIET_CC)$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -Ilib -Ilib/include -c -o $@ $<

# cmd/ sees only the public header, like any other client of the library
$(O)/cmd/%.o: cmd/%.c Makefile
	@mkdir -p $(@D)
	$(QUIET_CC)$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -Icmd -Ilib/include -c -o $@ $<

$(LIBA): $(LIB_OBJ) $(FROZEN) $(filter %.a,$(YAML_LIBS))
	$(QUIET_AR)rm -f $@ && $(AR) rcs $@ $(LIB_OBJ) $(FROZEN)

$(YAML_HEAP): $(YAML_ARCHIVE) Makefile
	@mkdir -p $(@D)
	$(QUIET_GEN)$(OBJCOPY) $(foreach f,malloc realloc free strdup,--redefine-sym $(f)=handoff__yaml_heap_$(f)) \
		$< $@

# The built-in schemas, loaded at build time by the library's own loader
# (freeze links what it needs of the objects above from an archive
# without the tables it makes).
$(O)/schemas/freeze: schemas/freeze.c $(LIB_OBJ) $(filter %.a,$(YAML_LIBS))
	@mkdir -p $(@D)
	$(QUIET_AR)rm -f $(@D)/libcore.a && $(AR) rcs $(@D)/libcore.a $(LIB_OBJ)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -Ilib -Ilib/include -o $@ $< $(@D)/libcore.a \
		$(ALL_LDFLAGS) $(DEP_LIBS)

$(O)/schemas/frozen.c: $(O)/schemas/freeze $(wildcard schemas/*.yaml)
	$(QUIET_CC)$(O)/schemas/freeze $(sort $(wildcard schemas/*.yaml)) >$@.tmp && mv $@.tmp $@

$(FROZEN): $(O)/schemas/frozen.c
	$(QUIET_CC)$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -Ilib -Ilib/include -c -o $@ $<

$(BIN): $(CMD_OBJ) $(LIBA)
	$(QUIET_LINK)$(CC) $(ALL_LDFLAGS) -o $@ $(CMD_OBJ) $(LIBA) $(DEP_LIBS)

# The manual pages: doc/*.md are Markdown that reads as such (the README
# links them), turned into man(7) by an awk script; config and kinds are
# file formats, section 5, every other page a command, section 1.
VERSION := $(shell sed -n 's/^#define HANDOFF_VERSION "\(.*\)"/\1/p' lib/include/handoff.h)
MAN_OUT = $(O)/build/man
MAN5_SRC = doc/git-handoff-config.md doc/git-handoff-kinds.md
MAN1_SRC = $(filter-out $(MAN5_SRC),$(sort $(wildcard doc/*.md)))
MAN1 = $(MAN1_SRC:doc/%.md=$(MAN_OUT)/%.1)
MAN5 = $(MAN5_SRC:doc/%.md=$(MAN_OUT)/%.5)

man: $(MAN1) $(MAN5)

$(MAN_OUT)/%.1: doc/%.md doc/md2man.awk lib/include/handoff.h
	@mkdir -p $(@D)
	$(QUIET_GEN)awk -v section=1 -v version='$(VERSION)' -f doc/md2man.awk $< >$@.tmp && mv $@.tmp $@

$(MAN_OUT)/%.5: doc/%.md doc/md2man.awk lib/include/handoff.h
	@mkdir -p $(@D)
	$(QUIET_GEN)awk -v section=5 -v version='$(VERSION)' -f doc/md2man.awk $< >$@.tmp && mv $@.tmp $@

# The pre-commit hook's program, without libgit2: the functions it does
# not reach are collected away, and if one it reaches called libgit2 the
# link would fail here. (ASan registers every global, and so keeps all
# of them and what they point to: a sanitizer build links libgit2.)
# It runs twice in every commit: linked at a fixed address (-no-pie),
# the built-in schemas' tables of pointers (about 370 KB) are not
# relocated page by page at each start (250 page faults down to 160).
PRE_COMMIT_OBJ = $(O)/cmd/hook.o $(O)/cmd/cli.o $(O)/cmd/process.o
$(PRE_COMMIT): hooks/pre-commit.c $(PRE_COMMIT_OBJ) $(LIBA)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -Icmd -Ilib/include -o $@ hooks/pre-commit.c \
		$(PRE_COMMIT_OBJ) $(LIBA) $(ALL_LDFLAGS) -no-pie -Wl,--gc-sections \
		$(if $(SAN),$(DEP_LIBS),$(NOGIT_LIBS))

$(O)/tests/unit/%: tests/unit/%.c $(LIBA)
	@mkdir -p $(@D)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) $(DEPFLAGS) $(CMOCKA_CFLAGS) -Ilib -Ilib/include -Itests/unit \
		-o $@ $< $(LIBA) $(ALL_LDFLAGS) $(CMOCKA_LIBS) $(DEP_LIBS)

$(RUNNER): tests/conformance/runner.c $(LIBA)
	@mkdir -p $(@D)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -Ilib -Ilib/include -o $@ $< $(LIBA) \
		$(ALL_LDFLAGS) $(DEP_LIBS)

# A fuzz target as a plain program that replays its corpus (make check).
$(O)/tests/fuzz/%: tests/fuzz/%.c tests/fuzz/replay.c $(LIBA)
	@mkdir -p $(@D)
	$(QUIET_LINK)$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -Ilib -Ilib/include -Itests/fuzz -o $@ $< \
		tests/fuzz/replay.c $(LIBA) $(ALL_LDFLAGS) $(DEP_LIBS)

tests: $(BIN) $(UNIT_BIN) $(RUNNER)

# Install what pkg-config cannot find, with Debian's package names.
deps:
	@sh tests/deps.sh

check: deps
	@$(MAKE) --no-print-directory tests hdr-check
	@$(MAKE) --no-print-directory O=build/asan SANITIZE=address,undefined \
		CFLAGS='-O1 -g' build/asan/git-handoff build/asan/git-handoff-pre-commit \
		tests/unit-tests tests/fuzz-replays
	@sh tests/run.sh --bin '$(BIN)' --unit '$(UNIT_BIN)' --runner '$(RUNNER)' \
		--asan-unit '$(UNIT_SRC:%.c=build/asan/%)' --asan-bin build/asan/git-handoff \
		--fuzz '$(FUZZ_SRC:%.c=build/asan/%)'

tests/unit-tests: $(UNIT_BIN)
tests/fuzz-replays: $(FUZZ_SRC:%.c=$(O)/%)

# The end-to-end suite with every git-handoff run under valgrind: any
# memory error or definite leak fails the command, so the test.
valgrind: deps all
	@command -v valgrind >/dev/null || { echo "valgrind: apt-get install valgrind" >&2; exit 2; }
	@mkdir -p build/valgrind
	@for b in git-handoff git-handoff-pre-commit; do \
		printf '#!/bin/sh\nGIT_HANDOFF_NO_JIT=1 exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite --suppressions="%s/tests/valgrind.supp" "%s" "$$@"\n' \
			"$$(pwd)" "$$(pwd)/$$b" >build/valgrind/$$b && chmod +x build/valgrind/$$b || exit 1; done
	@GIT_HANDOFF_VALGRIND=1 sh tests/run.sh --bin build/valgrind/git-handoff

# libFuzzer with clang: each target FUZZ_SECONDS (60) from its corpus in
# tests/fuzz/corpus/, new inputs in build/fuzz/corpus/, crashes in
# build/fuzz/crashes/ (make each one a file of tests/fuzz/corpus/).
FUZZ_SECONDS ?= 60
# FUZZ_ONLY=decide runs that target alone
FUZZ_RUN = $(if $(FUZZ_ONLY),$(filter %/fuzz_$(FUZZ_ONLY).c,$(FUZZ_SRC)),$(FUZZ_SRC))
FUZZ_FLAGS = -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
fuzz: deps
	@$(MAKE) --no-print-directory O=build/fuzz CC=clang \
		CFLAGS='-O1 -g -fsanitize=fuzzer-no-link,address,undefined' build/fuzz/lib/libhandoff.a
	@mkdir -p build/fuzz/crashes
	@for src in $(FUZZ_RUN); do \
		t=$$(basename $$src .c); name=$${t#fuzz_}; \
		clang -std=c99 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O1 -g $(FUZZ_FLAGS) \
			$(DEP_CFLAGS) -Ilib -Ilib/include -Itests/fuzz -o build/fuzz/$$t $$src \
			build/fuzz/lib/libhandoff.a $(DEP_LIBS:$(YAML_HEAP)=build/fuzz/lib/libyaml-heap.a) || exit 1; \
		mkdir -p build/fuzz/corpus/$$name; \
		echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
		./build/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
			-artifact_prefix=build/fuzz/crashes/$$name- -print_final_stats=1 \
			build/fuzz/corpus/$$name tests/fuzz/corpus/$$name 2>build/fuzz/$$t.log || \
			{ tail -40 build/fuzz/$$t.log; exit 1; }; \
		grep -h "stat::number_of_executed_units" build/fuzz/$$t.log || true; \
	done

# Timings live here, never in `make check`: BENCH_RECORDS, BENCH_COMMITS,
# BENCH_SEED and BENCH_RUNS set the size (10000, 100000, 42, 3).
bench: deps
	@sh bench/run.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@KEEP='$(KEEP)' sh examples/demo.sh '$(BIN)' '$(O)/build/demo'

hdr-check:
	@$(CC) -std=c99 -pedantic -Wall -Wextra -Werror -fsyntax-only -x c lib/include/handoff.h

install: all
	install -d '$(DESTDIR)$(BINDIR)' '$(DESTDIR)$(DATADIR)/git-handoff/schemas' \
		'$(DESTDIR)$(DATADIR)/git-handoff/schemas/mappings' \
		'$(DESTDIR)$(DATADIR)/git-handoff/hooks' '$(DESTDIR)$(LIBDIR)' \
		'$(DESTDIR)$(INCLUDEDIR)' '$(DESTDIR)$(MANDIR)/man1' '$(DESTDIR)$(MANDIR)/man5'
	install -m 755 $(BIN) $(PRE_COMMIT) '$(DESTDIR)$(BINDIR)/'
	install -m 644 schemas/*.yaml '$(DESTDIR)$(DATADIR)/git-handoff/schemas/'
	install -m 644 schemas/mappings/*.yaml '$(DESTDIR)$(DATADIR)/git-handoff/schemas/mappings/'
	install -m 755 hooks/pre-commit hooks/commit-msg hooks/pre-receive hooks/post-receive \
		'$(DESTDIR)$(DATADIR)/git-handoff/hooks/'
	install -m 644 $(LIBA) '$(DESTDIR)$(LIBDIR)/'
	install -m 644 lib/include/handoff.h '$(DESTDIR)$(INCLUDEDIR)/'
	install -m 644 $(MAN1) '$(DESTDIR)$(MANDIR)/man1/'
	install -m 644 $(MAN5) '$(DESTDIR)$(MANDIR)/man5/'

uninstall:
	rm -f '$(DESTDIR)$(BINDIR)/git-handoff' '$(DESTDIR)$(BINDIR)/git-handoff-pre-commit' \
		'$(DESTDIR)$(LIBDIR)/libhandoff.a' \
		'$(DESTDIR)$(INCLUDEDIR)/handoff.h' \
		$(patsubst $(MAN_OUT)/%,'$(DESTDIR)$(MANDIR)/man1/%',$(MAN1)) \
		$(patsubst $(MAN_OUT)/%,'$(DESTDIR)$(MANDIR)/man5/%',$(MAN5))
	rm -rf '$(DESTDIR)$(DATADIR)/git-handoff'

clean:
	rm -rf build git-handoff git-handoff-pre-commit lib/*.[oad] cmd/*.[od] schemas/freeze \
		schemas/libcore.a schemas/frozen.[cod] schemas/freeze.d $(UNIT_SRC:%.c=%) $(RUNNER) \
		*.d tests/unit/*.d tests/conformance/*.d tests/fuzz/*.d \
		tests/e2e/trash.*

# the header dependencies the compiles above wrote (none before the first)
-include $(wildcard $(O)/lib/*.d $(O)/cmd/*.d $(O)/schemas/*.d $(O)/tests/unit/*.d \
	$(O)/tests/conformance/*.d $(O)/tests/fuzz/*.d $(O)/*.d)

.PHONY: valgrind fuzz all man tests deps check bench demo hdr-check install uninstall clean tests/unit-tests
