# The DOCX writer builds every part with libxml2's xmlTextWriter and the
# package with libzip, in memory; libdeflate deflates the parts (compress.c).
PKGS_docx := libxml-2.0 libzip libdeflate
