# install.mk — `make install` / `make uninstall`, included by the Makefile.
#
#   make install   [PREFIX=/usr/local] [DESTDIR=/staging]
#   make uninstall [PREFIX=/usr/local] [DESTDIR=/staging]
#
# The layout under PREFIX is fixed, not configurable, because the programs
# find each other relative to themselves: the CLI's rpath is $ORIGIN/../lib
# and the core looks for plugins in <exe dir>/../lib/briefconv/plugins. So an
# installed tree works wherever it is put, also straight out of DESTDIR.
#
# uninstall removes the files install wrote, by name, and then only those
# directories of ours that are left empty: a third-party plugin dropped into
# the plugin directory, and whatever else lives under PREFIX, stays.

INSTALL      ?= install
INST_ROOT    := $(DESTDIR)$(PREFIX)
INST_BIN     := $(INST_ROOT)/bin
INST_LIB     := $(INST_ROOT)/lib
INST_PLUGINS := $(INST_LIB)/briefconv/plugins
INST_INCLUDE := $(INST_ROOT)/include/briefconv
INST_PC      := $(INST_LIB)/pkgconfig
INST_MAN1    := $(INST_ROOT)/share/man/man1
INST_MAN3    := $(INST_ROOT)/share/man/man3

SDK_HEADERS  := $(wildcard include/briefconv/*.h)
MAN1_PAGES   := $(wildcard man/*.1)
MAN3_PAGES   := $(wildcard man/*.3)
PC_FILE      := $(BUILD)/briefconv.pc

.PHONY: install uninstall

# Written again on every run: PREFIX is not a file make can see change.
.PHONY: $(PC_FILE)
$(PC_FILE): briefconv.pc.in
	@mkdir -p $(@D)
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(SOVERSION)|g' \
	    -e 's|@ABI_MAJOR@|$(ABI_MAJOR)|g' $< > $@.tmp && mv $@.tmp $@

install: $(LIB) $(CLI) $(PLUGINS) $(PC_FILE)
	$(INSTALL) -d $(INST_BIN) $(INST_LIB) $(INST_PLUGINS) $(INST_INCLUDE) $(INST_PC) \
	    $(INST_MAN1) $(INST_MAN3)
	$(INSTALL) -m 755 $(CLI) $(INST_BIN)/briefconv
	$(INSTALL) -m 755 $(LIB_REAL) $(INST_LIB)/$(notdir $(LIB_REAL))
	ln -sfn $(notdir $(LIB_REAL)) $(INST_LIB)/$(LIB_SONAME)
	ln -sfn $(LIB_SONAME) $(INST_LIB)/libbriefconv.so
	$(if $(PLUGINS),$(INSTALL) -m 755 $(PLUGINS) $(INST_PLUGINS)/)
	$(INSTALL) -m 644 $(SDK_HEADERS) $(INST_INCLUDE)/
	$(INSTALL) -m 644 $(PC_FILE) $(INST_PC)/briefconv.pc
	$(if $(MAN1_PAGES),$(INSTALL) -m 644 $(MAN1_PAGES) $(INST_MAN1)/)
	$(if $(MAN3_PAGES),$(INSTALL) -m 644 $(MAN3_PAGES) $(INST_MAN3)/)

uninstall:
	rm -f $(INST_BIN)/briefconv
	rm -f $(INST_LIB)/$(notdir $(LIB_REAL)) $(INST_LIB)/$(LIB_SONAME) $(INST_LIB)/libbriefconv.so
	rm -f $(PLUGIN_NAMES:%=$(INST_PLUGINS)/%.so)
	rm -f $(addprefix $(INST_INCLUDE)/,$(notdir $(SDK_HEADERS)))
	rm -f $(INST_PC)/briefconv.pc
	rm -f $(addprefix $(INST_MAN1)/,$(notdir $(MAN1_PAGES)))
	rm -f $(addprefix $(INST_MAN3)/,$(notdir $(MAN3_PAGES)))
	for d in $(INST_PLUGINS) $(INST_LIB)/briefconv $(INST_INCLUDE); do \
	    if [ -d "$$d" ]; then rmdir --ignore-fail-on-non-empty "$$d"; fi; \
	done
