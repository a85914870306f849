#!/usr/bin/env bash
# System packages the project needs, installed with apt-get when missing and running as root:
#   gettext          msgfmt, to compile the translations
#   chromium         the browser tests
#   poppler-utils    pdftoppm and pdfsig, to check rendered and signed PDFs independently
#   fonts-noto-core  a font with Vietnamese glyphs for the PDF forms
#   softhsm2         a PKCS#11 token for signing in tests (the key never leaves it)
#   tesseract-ocr    OCR of scanned paper, with the Vietnamese language data (tesseract-ocr-vie)
#   libmagic1        the real type of an upload from its content
#   libnss3-tools    certutil, to give pdfsig the local root certificate to trust
#   haproxy          the load balancer of the reference deployment, which the kill test starts
#   clamav-daemon    ClamAV's clamd, which the tests run with a signature file of their own (the
#                    official database is not needed; nothing here starts the system service)
set -euo pipefail

missing=()
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
[ -f /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf ] || missing+=(fonts-noto-core)
command -v softhsm2-util >/dev/null 2>&1 || missing+=(softhsm2)
command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr)
[ -f /usr/share/tesseract-ocr/5/tessdata/vie.traineddata ] || missing+=(tesseract-ocr-vie)
[ -f /usr/lib/x86_64-linux-gnu/libmagic.so.1 ] || ldconfig -p 2>/dev/null | grep -q libmagic.so.1 || missing+=(libmagic1)
command -v certutil >/dev/null 2>&1 || missing+=(libnss3-tools)
command -v clamd >/dev/null 2>&1 || [ -x /usr/sbin/clamd ] || missing+=(clamav-daemon)
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
exec bash "$(dirname "$0")/install-missing.sh" ${missing[@]+"${missing[@]}"}
