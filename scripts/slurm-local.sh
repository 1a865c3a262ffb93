#!/usr/bin/env bash
# A throw-away single-node Slurm cluster on localhost (Debian's slurm-wlm and munge), every file under one folder.
#
#   scripts/slurm-local.sh start DIR     start munged, slurmctld and slurmd with all state in DIR (created);
#                                        prints "export SLURM_CONF=DIR/slurm.conf" — every client command needs it
#   scripts/slurm-local.sh stop DIR      stop the daemons of DIR by their pid files (never by name); idempotent
#   scripts/slurm-local.sh check         exit 0 when the tools are installed and we may start daemons (root)
#
# Ports are chosen at random among free ones (or SLURMCTLD_PORT / SLURMD_PORT), so several clusters can run on one
# machine at once (parallel test runs). Daemons run as root (SlurmUser=root). Used by the sweep tests
# (tests/WorkforceSim.Sweeps.Tests/Cluster) and handy for trying `wsim sweep --slurm` on a laptop (docs/cluster.md).
set -euo pipefail
PATH="$PATH:/usr/sbin:/sbin"   # the daemons live in sbin, which a non-login PATH may lack

tools=(munged slurmctld slurmd sbatch squeue scancel sinfo scontrol)

check() {
  local t
  for t in "${tools[@]}"; do
    command -v "$t" >/dev/null 2>&1 || { echo "$t is not installed (apt-get install -y slurm-wlm munge)"; return 1; }
  done
  [ "$(id -u)" -eq 0 ] || { echo "starting the Slurm daemons needs root (SlurmUser=root)"; return 1; }
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pick_port() {
  local p i
  for i in $(seq 1 200); do
    p=$((20000 + RANDOM % 40000))
    if port_free "$p" && port_free "$((p + 1))"; then echo "$p"; return 0; fi
  done
  echo "no free port found" >&2; return 1
}

pid_of() { [ -s "$1" ] && cat "$1" || true; }

# Stops one daemon by its pid file: TERM, wait up to 10 s, then KILL.
stop_pid() {
  local pid; pid=$(pid_of "$1")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

start() {
  local B; B=$(mkdir -p "$1" && cd "$1" && pwd)
  check >&2 || exit 3
  local host; host=$(hostname -s)
  mkdir -p "$B/munge" "$B/state" "$B/spool"
  chmod 711 "$B/munge"
  dd if=/dev/urandom of="$B/munge/munge.key" bs=1024 count=1 2>/dev/null
  chmod 400 "$B/munge/munge.key"
  local ctld=${SLURMCTLD_PORT:-$(pick_port)}
  local slurmd_port=${SLURMD_PORT:-$((ctld + 1))}
  cat >"$B/slurm.conf" <<EOF
ClusterName=local
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$B/munge/munge.socket.2
StateSaveLocation=$B/state
SlurmdSpoolDir=$B/spool
SlurmctldPidFile=$B/slurmctld.pid
SlurmdPidFile=$B/slurmd.pid
SlurmctldLogFile=$B/slurmctld.log
SlurmdLogFile=$B/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$B/jobcomp.txt
SchedulerType=sched/backfill
SchedulerParameters=bf_interval=1
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
KillWait=5
NodeName=$host NodeAddr=127.0.0.1 CPUs=2 RealMemory=20000 State=UNKNOWN
PartitionName=main Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF="$B/slurm.conf"
  munged --socket="$B/munge/munge.socket.2" --key-file="$B/munge/munge.key" --log-file="$B/munge/munged.log" \
         --pid-file="$B/munge/munged.pid" --seed-file="$B/munge/munged.seed"
  slurmctld -c -f "$SLURM_CONF"
  slurmd -f "$SLURM_CONF"
  # About a second on a quiet machine; much longer on a loaded one (the first start after installing can take minutes).
  local limit=${SLURM_LOCAL_START_TIMEOUT:-300}
  for _ in $(seq 1 $((limit * 5))); do
    [ "$(sinfo -h -o %T 2>/dev/null)" = idle ] && { echo "export SLURM_CONF=$SLURM_CONF"; return 0; }
    sleep 0.2
  done
  echo "the node did not become idle within $limit s; logs in $B" >&2
  tail -n 5 "$B/slurmctld.log" "$B/slurmd.log" >&2 || true
  stop "$B"
  exit 4
}

stop() {
  local B=$1
  [ -d "$B" ] || return 0
  # Cancel what is still queued or running on this private cluster (so no job step outlives it), by job id.
  local pid; pid=$(pid_of "$B/slurmctld.pid")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ -f "$B/slurm.conf" ]; then
    local jobs; jobs=$(SLURM_CONF="$B/slurm.conf" squeue -h -o %F 2>/dev/null | sort -u | tr '\n' ' ')
    if [ -n "${jobs// /}" ]; then
      # shellcheck disable=SC2086
      SLURM_CONF="$B/slurm.conf" scancel $jobs 2>/dev/null || true
      for _ in $(seq 1 100); do [ -z "$(SLURM_CONF="$B/slurm.conf" squeue -h 2>/dev/null)" ] && break; sleep 0.2; done
    fi
  fi
  # slurmd first (it may still have job steps), then the controller, then munge.
  stop_pid "$B/slurmd.pid"
  stop_pid "$B/slurmctld.pid"
  stop_pid "$B/munge/munged.pid"
}

case "${1:-}" in
  start) [ $# -eq 2 ] || { echo "usage: $0 start DIR" >&2; exit 64; }; start "$2" ;;
  stop) [ $# -eq 2 ] || { echo "usage: $0 stop DIR" >&2; exit 64; }; stop "$2" ;;
  check) check ;;
  *) echo "usage: $0 start DIR | stop DIR | check" >&2; exit 64 ;;
esac
