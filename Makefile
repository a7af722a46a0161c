# briefconv — GNU make build.
#
#   make            build/briefconv, build/libbriefconv.so, build/plugins/*.so
#   make demo       convert every sample in samples/ to every format (build/demo/), publish them as a site
#   make check      unit + integration tests, then the same under ASan+UBSan
#   make test       unit + integration tests, normal build only
#   make check-asan / check-ubsan / leakcheck / fuzz / bench / install
#
# Layout is convention, not lists: core/*.c is the library, cli/*.c the
# CLI, plugins/NAME/*.c the plugin NAME (with optional plugins/NAME/plugin.mk
# setting PKGS_NAME / LIBS_NAME), tests/unit/test_*.c the cmocka tests (one
# named test_NAME*.c also links plugin NAME's objects), tests/t_*.sh the
# script tests.

# The first rule below is the default goal, whatever the included files define.
.DEFAULT_GOAL := all

CC       ?= gcc
BUILD    ?= build
SAN      ?=
PREFIX   ?= /usr/local
DESTDIR  ?=
OPT      ?= -O2 -g

ABI_MAJOR := 1
SOVERSION := 1.0.0

WARN     := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
            -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS   ?=
LDFLAGS  ?=
ALL_CFLAGS  = $(WARN) $(OPT) -fPIC -fvisibility=hidden -Iinclude -MMD -MP $(SAN_FLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SAN_FLAGS) $(LDFLAGS)

ifeq ($(SAN),asan)
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else ifeq ($(SAN),ubsan)
SAN_FLAGS := -fsanitize=undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
SAN_FLAGS :=
endif

pc_cflags = $(if $(1),$(shell pkg-config --cflags $(1)))
pc_libs   = $(if $(1),$(shell pkg-config --libs $(1)))

# ---------------------------------------------------------------- library
LIB_SRCS := $(wildcard core/*.c)
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
LIB_REAL := $(BUILD)/libbriefconv.so.$(SOVERSION)
LIB_SONAME := libbriefconv.so.$(ABI_MAJOR)
LIB      := $(BUILD)/libbriefconv.so
LIB_LIBS := -ldl -lpthread

# ---------------------------------------------------------------- CLI
CLI_SRCS := $(wildcard cli/*.c)
CLI_OBJS := $(CLI_SRCS:%.c=$(BUILD)/obj/%.o)
CLI      := $(BUILD)/briefconv

# ---------------------------------------------------------------- plugins
PLUGIN_NAMES := $(notdir $(patsubst %/,%,$(dir $(wildcard plugins/*/*.c))))
PLUGIN_NAMES := $(sort $(filter-out common,$(PLUGIN_NAMES)))
# plugins/common/: the in-tree plugins' support library, linked into each of them.
COMMON_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(wildcard plugins/common/*.c))
-include $(wildcard plugins/*/plugin.mk)
PLUGINS := $(PLUGIN_NAMES:%=$(BUILD)/plugins/%.so)

# USES_NAME (plugin.mk) lists plugins whose code NAME links in, all but their
# entry file plugin.c: the site shows briefings with the HTML writer's code.
define plugin_rules
$(1)_SRCS := $$(wildcard plugins/$(1)/*.c)
$(1)_OBJS := $$($(1)_SRCS:%.c=$$(BUILD)/obj/%.o)
$(1)_LINK := $$($(1)_OBJS) $$(COMMON_OBJS) $$(foreach u,$$(USES_$(1)),$$(filter-out %/plugin.o,$$(patsubst %.c,$$(BUILD)/obj/%.o,$$(wildcard plugins/$$(u)/*.c))))
$$($(1)_OBJS): ALL_CFLAGS += $$(call pc_cflags,$$(PKGS_$(1)))
$$(BUILD)/plugins/$(1).so: $$($(1)_LINK) $$(LIB)
	@mkdir -p $$(@D)
	$$(CC) -shared -o $$@ $$($(1)_LINK) $$(ALL_LDFLAGS) -L$$(BUILD) -lbriefconv \
	    -Wl,-rpath,'$$$$ORIGIN/..:$$$$ORIGIN/../..' $$(call pc_libs,$$(PKGS_$(1))) $$(LIBS_$(1)) -Wl,--no-undefined
$$(BUILD)/plugins/lib$(1).a: $$($(1)_OBJS) $$(COMMON_OBJS)
	@mkdir -p $$(@D)
	rm -f $$@ && ar rcs $$@ $$^
endef
$(foreach p,$(PLUGIN_NAMES),$(eval $(call plugin_rules,$(p))))

# ---------------------------------------------------------------- tests
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
TEST_SCRIPTS := $(sort $(wildcard tests/t_*.sh))

# A unit test test_NAME*.c links plugin NAME's archive when there is one.
test_plugin = $(firstword $(foreach p,$(PLUGIN_NAMES),$(if $(filter test_$(p) test_$(p)_%,$(1)),$(p))))

.PHONY: all demo check test unit scripts check-asan check-ubsan leakcheck fuzz fuzz-short bench clean

all: $(LIB) $(CLI) $(PLUGINS)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIB_REAL): $(LIB_OBJS)
	@mkdir -p $(@D)
	$(CC) -shared -Wl,-soname,$(LIB_SONAME) -o $@ $^ $(ALL_LDFLAGS) $(LIB_LIBS) -Wl,--no-undefined

$(BUILD)/$(LIB_SONAME): $(LIB_REAL)
	ln -sf $(notdir $<) $@
$(LIB): $(BUILD)/$(LIB_SONAME)
	ln -sf $(LIB_SONAME) $@

$(CLI): $(CLI_OBJS) $(LIB)
	$(CC) -o $@ $(CLI_OBJS) $(ALL_LDFLAGS) -L$(BUILD) -lbriefconv -lpthread -Wl,-rpath,'$$ORIGIN:$$ORIGIN/../lib'

.SECONDEXPANSION:
$(BUILD)/tests/%: tests/unit/%.c $(LIB) $$(if $$(call test_plugin,$$*),$(BUILD)/plugins/lib$$(call test_plugin,$$*).a)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(call pc_cflags,cmocka $(PKGS_$(call test_plugin,$*))) -Iplugins -o $@ $< \
	    $(if $(call test_plugin,$*),$(BUILD)/plugins/lib$(call test_plugin,$*).a $(call pc_libs,$(PKGS_$(call test_plugin,$*))) $(LIBS_$(call test_plugin,$*))) \
	    $(ALL_LDFLAGS) -L$(BUILD) -lbriefconv -Wl,-rpath,'$(abspath $(BUILD))' $(call pc_libs,cmocka)

demo: all
	@rm -rf $(BUILD)/demo
	$(CLI) -t docx,html,markdown,plain -o $(BUILD)/demo samples/
	@ls -l $(BUILD)/demo
	$(CLI) -t site -O site.downloads=docx,plain,markdown -o $(BUILD)/demo/site samples/
	@echo "site: $(BUILD)/demo/site/index.html"
	$(CLI) -t review samples/

unit: all $(UNIT_BINS)
	@fail=0; for t in $(UNIT_BINS); do echo "== $$t"; $$t || fail=1; done; exit $$fail

scripts: all
	@fail=0; for t in $(TEST_SCRIPTS); do \
	    echo "== $$t"; BUILD=$(abspath $(BUILD)) SAN=$(SAN) bash $$t || { echo "FAIL: $$t"; fail=1; }; \
	done; exit $$fail

test: unit scripts

# The whole suite, as CI runs it: plain, ASan, UBSan, valgrind leaks, and a
# short fuzz run that also replays every saved regression input.
check: test check-asan check-ubsan leakcheck fuzz-short

fuzz-short:
	bash tests/fuzz/run.sh 60

check-asan:
	$(MAKE) BUILD=build-asan SAN=asan OPT='-O1 -g' test

check-ubsan:
	$(MAKE) BUILD=build-ubsan SAN=ubsan OPT='-O1 -g' test

leakcheck: all
	BUILD=$(abspath $(BUILD)) bash tests/leakcheck.sh

fuzz:
	bash tests/fuzz/run.sh $(or $(FUZZ_SECONDS),600)

bench: all
	BUILD=$(abspath $(BUILD)) bash bench/run.sh

clean:
	rm -rf build build-asan build-ubsan build-fuzz

# Install/uninstall and other self-contained rule sets live in mk/.
include $(wildcard mk/*.mk)

-include $(shell find $(BUILD)/obj $(BUILD)/tests -name '*.d' 2>/dev/null)
