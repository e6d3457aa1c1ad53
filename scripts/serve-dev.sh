#!/usr/bin/env bash
# `make run`: the job worker and the scheduler in the background beside the development server,
# stopped with it (Ctrl+C or any exit). Production runs each as a process of its own
# (docs/deployment.md, "Operating").
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT="${1:-8000}"
pids=()
stop() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop EXIT INT TERM
"$PY" manage.py db_worker --no-reload & pids+=($!)
"$PY" manage.py run_scheduler & pids+=($!)
# In the background too, so that a TERM runs the trap at once instead of after the server exits.
"$PY" manage.py runserver "127.0.0.1:$PORT" & pids+=($!)
wait -n
