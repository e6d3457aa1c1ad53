#!/usr/bin/env bash
# Print the path of a Python >= 3.12 interpreter (Django 6.1 needs it): PATH first,
# then pyenv's versions folder, whose shims are not enabled on every machine.
set -u
for candidate in python3.13 python3.12; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
    command -v "$candidate"; exit 0
  fi
done
if command -v python3 >/dev/null 2>&1 && python3 -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
  command -v python3; exit 0
fi
for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.13*/bin/python3 "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.12*/bin/python3 /root/.pyenv/versions/3.1[23]*/bin/python3; do
  if [ -x "$candidate" ]; then echo "$candidate"; exit 0; fi
done
echo "Serve Python 3.12 o più recente (Django 6.1): installarlo, ad esempio con pyenv, e riprovare." >&2
exit 1
