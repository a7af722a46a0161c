# The YAML reader: libyaml's event API for the briefing, libcmark-gfm (with
# its table, autolink and strikethrough extensions) for the Markdown inside.
PKGS_yaml := yaml-0.1 libcmark-gfm
LIBS_yaml := -lcmark-gfm-extensions
