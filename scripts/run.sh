#!/usr/bin/env bash
# Start the web server, a task worker and the scheduler together; Ctrl-C stops them all.
set -euo pipefail
HOST=${1:-127.0.0.1}
PORT=${2:-8000}
PY=.venv/bin/python
# Links in emails (receipts, resume and cancel links) point at this server, whatever the port.
LINK_HOST=$HOST
[ "$HOST" = "0.0.0.0" ] && LINK_HOST=127.0.0.1
export SITE_BASE_URL=${SITE_BASE_URL:-http://$LINK_HOST:$PORT}

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo
  echo "Stopping..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

mkdir -p var/log
# Warmed up before it takes a task (engage's db_worker) and polling four times a second, so a
# report is ready soon after Generate is pressed (bench/report_generate_latency.py uses the same).
$PY manage.py db_worker --no-startup-delay --no-reload --interval 0.25 >> var/log/worker.log 2>&1 &
pids+=($!)
$PY manage.py run_scheduler >> var/log/scheduler.log 2>&1 &
pids+=($!)
$PY manage.py runserver "$HOST:$PORT" --noreload &
pids+=($!)

for _ in $(seq 1 60); do
  curl -fsS -o /dev/null "http://$HOST:$PORT/healthz" 2>/dev/null && break
  sleep 0.5
done
$PY manage.py shell -c "from home.demo import DEMO_USERS, DEMO_PASSWORD
print()
print('engage is running at http://$HOST:$PORT/  (admin: http://$HOST:$PORT/admin/)')
print('Emails are written to var/mail/ (one .log file per batch); worker and scheduler logs to var/log/.')
print('Demo logins (development only), all with password ' + DEMO_PASSWORD + ':')
for email, first, last, group, su in DEMO_USERS:
    print(f'  {email:28} {group or (\"superuser\" if su else \"network member\")}')
print('Press Ctrl-C to stop the web server, the task worker and the scheduler.')"
wait -n "${pids[@]}"
