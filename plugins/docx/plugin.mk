# The DOCX writer builds every part with libxml2's xmlTextWriter and the
# package with libzip, in memory; zlib deflates the parts (see packager.c).
PKGS_docx := libxml-2.0 libzip zlib
