# mpconform — NDIS 6 miniport conformance checker.
#   make            build bin/mpconform
#   make run        build the sample miniports and run the suite on each
#   make check      run the Check test suite
#   make memcheck   the test suite and the samples under valgrind memcheck
#   make sanitize   the judge and the host built again with ASan and UBSan
#                   (build/sanitize/) and run on the samples: any report fails
#   make bench      the pipeline's costs against baselines (docs/bench.md)
#   make fuzz       the input loaders (YAML, scenarios, rules, trace.jsonl,
#                   valgrind XML, project file, suppressions, baseline) and
#                   the reports of a trace as libFuzzer targets (fuzz/),
#                   built with clang + ASan/UBSan into build/fuzz/, each run
#                   for FUZZ_SECONDS (default 20); fails on any crash, leak
#                   or timeout, keeping the reproducer in build/fuzz/crashes/
#   V=1             show the commands

CC      ?= gcc
CSTD    := -std=gnu11
WARN    := -Wall -Wextra -Werror
OPT     ?= -O1 -g
INCS    := -Iharness/include -Iharness
PKGS    := yaml-0.1 jansson libunwind libelf libdw libxml-2.0 libpcre2-8 libseccomp libxxhash
PREFIX  ?= /usr/local
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
CFLAGS_ALL = $(CSTD) $(WARN) $(OPT) $(INCS) $(PKG_CFLAGS) -MMD -MP -D_GNU_SOURCE $(CFLAGS)
# libxml2's headers only: judge/valgrind_xml.c opens the library when
# `run --valgrind` first reads XML (its ICU and libstdc++ were most of the
# start-up of every mpconform command).
LINK_PKGS = $(filter-out libxml-2.0,$(PKGS))
LIBS    = $(shell pkg-config --libs $(LINK_PKGS) 2>/dev/null) -ldl -lm
# The tests parse the XML reports with libxml2 directly.
CHECK_LIBS = $(shell pkg-config --libs check libxml-2.0 2>/dev/null)

ifeq ($(V),1)
Q :=
else
Q := @
endif

BUILD   := build
BIN     := bin
VERSION := $(shell sed -n 's/^\#define MPCONFORM_VERSION "\(.*\)"/\1/p' harness/cli/cli.h)
HARNESS_SRC := $(sort $(wildcard harness/input/*.c harness/trace/*.c harness/host/*.c harness/judge/*.c harness/host/ndis/*.c harness/rules/*.c harness/report/*.c harness/cli/*.c))
MAIN_SRC    := harness/cli/main.c
HOST_MAIN_SRC := harness/cli/host_main.c
LIB_SRC     := $(filter-out $(MAIN_SRC) $(HOST_MAIN_SRC),$(HARNESS_SRC))
LIB_OBJ     := $(patsubst %.c,$(BUILD)/%.o,$(LIB_SRC))
MAIN_OBJ    := $(patsubst %.c,$(BUILD)/%.o,$(MAIN_SRC))
# bin/mpconform-host, the host process alone: the layers a host uses, with
# only the host's libraries (the judge's symbolizer, libdw, and the JSON
# codec, jansson, left out: the host writes wire frames; and the judge's
# wire decoder, which the host never runs: its code only moved the host's).
HOST_LIB_SRC := $(filter-out harness/trace/symbolize.c harness/trace/event_json%.c harness/trace/wire_decode.c,$(sort $(wildcard harness/input/*.c harness/trace/*.c harness/host/*.c harness/host/ndis/*.c))) harness/cli/cmd_host.c
HOST_LIB_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(HOST_LIB_SRC))
# The DDIs the shim declares but the host does not emulate: one stub each,
# generated from the list into both binaries (a driver importing one loads;
# calling one stops the scenario with HOST-NOT-EMULATED).
NOT_EMULATED_LIST := harness/host/ndis/not_emulated.list
NOT_EMULATED_OBJ  := $(BUILD)/gen/not_emulated.o
LIB_OBJ      += $(NOT_EMULATED_OBJ)
HOST_LIB_OBJ += $(NOT_EMULATED_OBJ)
# Every library but libc is linked statically (Debian's -dev packages ship
# their .a): every shared object costs a host's start its mapping,
# relocation and symbol lookups, some 0.2 ms each (measured: the empty
# scenario's host CPU 1.74 -> 1.10 ms for libyaml, libseccomp and
# libxxhash; libunwind with the liblzma it needs, 0.15 ms more,
# docs/decisions-host.md). libunwind's .a is not position-independent,
# hence -no-pie: with randomization off (isolation) the host loads at the
# same address either way.
HOST_STATIC_PKGS := yaml-0.1 libseccomp libxxhash
HOST_LIBS     = -no-pie -Wl,-Bstatic $(shell pkg-config --libs $(HOST_STATIC_PKGS) 2>/dev/null) \
                -lunwind-generic -lunwind -llzma -Wl,-Bdynamic -ldl -lm
TEST_SRC    := $(sort $(wildcard tests/test_*.c))
TEST_BIN    := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))
TEST_SUPPORT_SRC := $(filter-out $(TEST_SRC),$(wildcard tests/*.c))
TEST_SUPPORT_OBJ := $(patsubst %.c,$(BUILD)/%.o,$(TEST_SUPPORT_SRC))

# Sample miniports: one line per variant in sample-miniports/variants.list:
#   NAME  SOURCE-DIR  [-DFLAG ...]
VARIANT_LISTS := $(wildcard sample-miniports/*.list)
VARIANT_NAMES := $(shell cat $(VARIANT_LISTS) 2>/dev/null | awk '!/^[[:space:]]*(\#|$$)/ {print $$1}')
SAMPLE_SO     := $(patsubst %,$(BUILD)/samples/%.so,$(VARIANT_NAMES))
SAMPLE_CFLAGS := $(CSTD) $(WARN) -Wno-unused-parameter -O0 -g -fPIC -shared -fshort-wchar -Iharness/include

.PHONY: all deps run check check-real memcheck sanitize bench bench-tools fuzz clean install uninstall
all: deps $(BIN)/mpconform $(BIN)/mpconform-host

deps:
	$(Q)sh scripts/ensure-deps.sh

$(BIN)/mpconform: $(LIB_OBJ) $(MAIN_OBJ)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -rdynamic -o $@ $(MAIN_OBJ) $(LIB_OBJ) $(LIBS)

# -rdynamic: the miniport's DDI calls resolve to the executable's symbols.
$(BIN)/mpconform-host: $(BUILD)/harness/cli/host_main.o $(HOST_LIB_OBJ)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS) -rdynamic -o $@ $^ $(HOST_LIBS)

# deps first (order-only): a missing package is installed or named, never
# reported as a raw compiler error.
$(BUILD)/%.o: %.c | deps
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS_ALL) -c -o $@ $<

# The emulated DDIs call host_thread.c's entry and exit hooks: a driver
# thread holds the host lock for the length of its DDI call. The block
# arena and the handle registry are only ever called from inside a DDI
# (or by the host thread, which holds the lock): no hooks there.
$(BUILD)/harness/host/ndis/%.o: CFLAGS_ALL += -finstrument-functions \
    -finstrument-functions-exclude-file-list=ndis/arena.c,ndis/handles.c

# The host's per-event path (every DDI call's event: its backtrace, ledger,
# guarded block and wire frame) at -O2: some 7 % of a tracked alloc+free
# pair's host CPU (docs/decisions-host.md, "The tracked pair"). The rest
# stays at $(OPT).
HOST_HOT_OBJ := $(addprefix $(BUILD)/harness/,trace/wire_encode.o trace/wire_record.o trace/wire_intern.o \
    trace/ledger.o host/host_state.o host/host_thread.o host/backtrace_capture.o host/ndis/memory.o)
$(HOST_HOT_OBJ): OPT := $(subst -O1,-O2,$(OPT))
# The judge's per-event path the same way: decoding a wire frame, the
# rules and analyses each event meets, the loop detector, and trace.jsonl's
# lines written and read. None of them is linked into the host, so they
# cannot move its code.
JUDGE_HOT_OBJ := $(addprefix $(BUILD)/harness/,trace/wire_decode.o trace/event_json_write.o \
    trace/event_json_read.o rules/evaluate.o rules/analysis.o rules/match.o judge/loop_detect.o)
$(JUDGE_HOT_OBJ): OPT := $(subst -O1,-O2,$(OPT))

$(BUILD)/gen/not_emulated.c: $(NOT_EMULATED_LIST) scripts/not_emulated_stubs.awk
	@mkdir -p $(@D)
	@$(if $(Q),echo "  GEN     $@")
	$(Q)awk -f scripts/not_emulated_stubs.awk $(NOT_EMULATED_LIST) > $@.tmp && mv $@.tmp $@

# Compiled as the emulated DDIs are (the host lock's hooks).
$(NOT_EMULATED_OBJ): $(BUILD)/gen/not_emulated.c | deps
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS_ALL) -finstrument-functions -c -o $@ $<

# Variant .so files depend on every source of their directory.
define variant_rule
$(BUILD)/samples/$(1).so: $$(wildcard sample-miniports/$(2)/*.c sample-miniports/$(2)/*.h sample-miniports/$(2)/../*.h) $$(wildcard harness/include/*.h harness/include/*/*.h) $$(VARIANT_LISTS) | deps
	@mkdir -p $$(@D)
	@$$(if $$(Q),echo "  SAMPLE  $$@")
	$$(Q)$$(CC) $$(SAMPLE_CFLAGS) $(3) -o $$@ $$(wildcard sample-miniports/$(2)/*.c)
endef
$(foreach v,$(VARIANT_NAMES),$(eval $(call variant_rule,$(v),$(shell cat $(VARIANT_LISTS) | awk '$$1=="$(v)"{print $$2}'),$(shell cat $(VARIANT_LISTS) | awk '$$1=="$(v)"{for(i=3;i<=NF;i++) printf "%s ", $$i}'))))

samples: $(SAMPLE_SO)

$(BUILD)/tests/%: tests/%.c $(LIB_OBJ) $(TEST_SUPPORT_OBJ)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(CFLAGS_ALL) -rdynamic -o $@ $< $(TEST_SUPPORT_OBJ) -Wl,--whole-archive $(LIB_OBJ) -Wl,--no-whole-archive $(CHECK_LIBS) $(LIBS)

# Test support objects are kept (not intermediate): no rebuild on every check.
.SECONDARY: $(TEST_SUPPORT_OBJ)

run: all samples
	$(Q)sh scripts/run-samples.sh

check: all samples bench-tools $(TEST_BIN)
	$(Q)sh scripts/run-tests.sh $(TEST_BIN)

# The real public miniports in ../shared/real-miniports (skipped, and said
# so, when that folder is absent). Not part of `make check`, which stays
# self-contained.
check-real: all
	$(Q)sh scripts/check-real.sh

memcheck: all samples bench-tools $(TEST_BIN)
	$(Q)sh scripts/memcheck.sh $(TEST_BIN)

# make sanitize: both programs compiled again with ASan and UBSan into
# build/sanitize/ (objects in build/sanitize/obj/, never mixed with the
# normal build; from the binaries there ../.. is the checkout, where they
# find checks/ as bin/'s find ..), then scripts/sanitize.sh.
SANITIZE_DIR   := $(BUILD)/sanitize
SANITIZE_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
sanitize: samples
	$(Q)$(MAKE) --no-print-directory BUILD=$(SANITIZE_DIR)/obj BIN=$(SANITIZE_DIR) \
	    CFLAGS="$(SANITIZE_FLAGS)" LDFLAGS="$(SANITIZE_FLAGS)" $(SANITIZE_DIR)/mpconform $(SANITIZE_DIR)/mpconform-host
	$(Q)sh scripts/sanitize.sh $(SANITIZE_DIR)

# make bench: the runner (fork/exec/wait4), the two baselines and the bench
# miniport (built against the shim like a vendor's); docs/bench.md.
BENCH_BIN := $(BUILD)/bench/measure $(BUILD)/bench/raw_alloc $(BUILD)/bench/json_floor
BENCH_DRIVER := $(BUILD)/bench/alloc-driver.so
$(BUILD)/bench/%: bench/%.c bench/alloc_pattern.h bench/baseline.h | deps
	@mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS_ALL) -O2 -o $@ $< $(LIBS)
$(BENCH_DRIVER): $(wildcard bench/alloc-driver/*.c bench/alloc-driver/*.h) bench/alloc_pattern.h $(wildcard harness/include/*.h harness/include/*/*.h) | deps
	@mkdir -p $(@D)
	$(Q)$(CC) $(SAMPLE_CFLAGS) -o $@ $(wildcard bench/alloc-driver/*.c)

# tests/test_bench.c checks them too
bench-tools: $(BENCH_BIN) $(BENCH_DRIVER)

bench: all $(BUILD)/samples/vnic.so bench-tools
	$(Q)sh bench/run.sh

# make fuzz: the loaders as libFuzzer targets. The harness is compiled again
# with clang, coverage instrumentation and ASan/UBSan into its own directory
# (build/fuzz/obj/): these objects never mix with the normal build. The
# linker takes from the archive only what each target reaches.
FUZZ_CC       ?= clang
FUZZ_SECONDS  ?= 20
FUZZ_DIR      := $(BUILD)/fuzz
FUZZ_SAN      := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS    = $(CSTD) $(WARN) -O1 -g $(INCS) $(PKG_CFLAGS) -MMD -MP -D_GNU_SOURCE $(FUZZ_SAN)
FUZZ_LIB_SRC  := $(filter harness/input/% harness/trace/% harness/judge/% harness/rules/% harness/report/% harness/cli/policy.c,$(LIB_SRC))
FUZZ_LIB_OBJ  := $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(FUZZ_LIB_SRC))
FUZZ_SUPPORT  := $(filter-out fuzz/fuzz_%.c,$(wildcard fuzz/*.c))
FUZZ_SUPPORT_OBJ := $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(FUZZ_SUPPORT))
FUZZ_BIN      := $(patsubst fuzz/%.c,$(FUZZ_DIR)/%,$(wildcard fuzz/fuzz_*.c))
.SECONDARY: $(FUZZ_SUPPORT_OBJ)

$(FUZZ_DIR)/obj/%.o: %.c | deps
	@mkdir -p $(@D)
	@$(if $(Q),echo "  FUZZCC  $<")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_DIR)/libharness.a: $(FUZZ_LIB_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

$(FUZZ_DIR)/fuzz_%: fuzz/fuzz_%.c $(FUZZ_SUPPORT_OBJ) $(FUZZ_DIR)/libharness.a
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -Ifuzz -fsanitize=fuzzer -o $@ $< $(FUZZ_SUPPORT_OBJ) $(FUZZ_DIR)/libharness.a $(LIBS)

fuzz: $(FUZZ_BIN)
	$(Q)FUZZ_SECONDS=$(FUZZ_SECONDS) sh scripts/fuzz.sh $(FUZZ_BIN)

# make install / make uninstall [PREFIX=/usr/local] [DESTDIR=...]: the tool,
# the shim headers (pkg-config --cflags mpconform), the rules, the default
# scenarios, the coverage list, the valgrind suppressions and the man pages.
# Nothing is compiled in: the binary finds PREFIX/share/mpconform beside
# PREFIX/bin, so the same build installs into any PREFIX or DESTDIR.
DEST_BIN   = $(DESTDIR)$(PREFIX)/bin
DEST_INC   = $(DESTDIR)$(PREFIX)/include/mpconform
DEST_DATA  = $(DESTDIR)$(PREFIX)/share/mpconform
DEST_MAN   = $(DESTDIR)$(PREFIX)/share/man
DEST_PC    = $(DESTDIR)$(PREFIX)/lib/pkgconfig
MAN_PAGES := $(wildcard docs/man/*.[1-9])
install: all
	install -d $(DEST_BIN) $(DEST_INC) $(DEST_DATA)/checks/tables $(DEST_DATA)/fixtures/scenarios \
	    $(DEST_DATA)/scripts $(DEST_PC) $(DEST_MAN)/man1 $(DEST_MAN)/man5
	install -m 755 bin/mpconform $(DEST_BIN)/mpconform
	install -m 755 bin/mpconform-host $(DEST_BIN)/mpconform-host
	cd harness/include && find . -name '*.h' -exec install -D -m 644 {} $(abspath $(DEST_INC))/{} \;
	install -m 644 checks/*.yaml $(DEST_DATA)/checks/
	install -m 644 checks/tables/*.yaml $(DEST_DATA)/checks/tables/
	install -m 644 fixtures/scenarios/*.yaml $(DEST_DATA)/fixtures/scenarios/
	install -m 644 fixtures/coverage.yaml $(DEST_DATA)/fixtures/
	install -m 644 scripts/valgrind.supp $(DEST_DATA)/scripts/
	for m in $(MAN_PAGES); do install -m 644 $$m $(DEST_MAN)/man$${m##*.}/; done
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' mpconform.pc.in > $(DEST_PC)/mpconform.pc

uninstall:
	rm -f $(DEST_BIN)/mpconform $(DEST_BIN)/mpconform-host $(DEST_PC)/mpconform.pc
	rm -rf $(DEST_INC) $(DEST_DATA)
	for m in $(notdir $(MAN_PAGES)); do rm -f $(DEST_MAN)/man$${m##*.}/$$m; done

clean:
	rm -rf $(BUILD) bin

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
