#!/usr/bin/env python3
"""Measures scenarios/django_keepalive.json for real: Django on gunicorn, loaded by wrk.

Run by hand, not in CI (it needs gunicorn, Django and wrk, and takes about a minute):

    pip install gunicorn django          # PyPI, in a virtualenv
    apt-get install -y wrk               # Debian
    python3 benchmarks/keepalive_gunicorn.py --gilview .build/debug/gilview [--bursts 10]

Each deployment (the scenario's three models) is started on 127.0.0.1 only, warmed up, then
loaded by wrk with 16 keep-alive connections for a bounded time. The view runs 14 ms of Python
(measured in thread CPU time, so a thread waiting for the GIL does not count it), sleeps 1 ms
(the query) and runs 1 ms more, as the scenario's job does. gunicorn's access log records the
worker process of every request, which gives each worker's share. Printed beside gilview's
simulated throughput for the same models, and each as a ratio to `gthread -w1 -t8`.
"""
import argparse
import collections
import contextlib
import json
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time

SCENARIO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scenarios", "django_keepalive.json")

# The three models of the scenario, as gunicorn command-line options.
DEPLOYMENTS = [
    ("gthread -w1 -t8", ["--workers", "1", "--worker-class", "gthread", "--threads", "8"]),
    ("gthread -w2 -t8", ["--workers", "2", "--worker-class", "gthread", "--threads", "8"]),
    ("sync -w2", ["--workers", "2", "--worker-class", "sync"]),
]

APP = '''
import os, time
from django.conf import settings
settings.configure(DEBUG=False, ROOT_URLCONF=__name__, ALLOWED_HOSTS=["127.0.0.1"], SECRET_KEY="keepalive-bench",
                   MIDDLEWARE=[])
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path


def python_for(seconds):
    """Runs Python bytecode for `seconds` of this thread's CPU time."""
    end = time.thread_time() + seconds
    x = 0
    while time.thread_time() < end:
        for _ in range(100):
            x += 1
    return x


def view(request):
    python_for(0.014)
    time.sleep(0.001)
    python_for(0.001)
    return HttpResponse(str(os.getpid()))


urlpatterns = [path("", view)]
application = get_wsgi_application()
'''


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_listening(port, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"gunicorn did not listen on 127.0.0.1:{port} within {timeout}s")


def wrk(port, seconds, connections):
    out = subprocess.run(
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", f"http://127.0.0.1:{port}/"],
        capture_output=True, text=True, check=True).stdout
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if not match:
        raise SystemExit(f"no Requests/sec in wrk's output:\n{out}")
    return float(match.group(1))


def cpu_seconds(master):
    """CPU time (user + system) used so far by the gunicorn master and its workers."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # After the name: state, ppid, …; utime and stime are the 12th and 13th.
        if int(entry) == master or int(fields[1]) == master:
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds():
    """CPU time (all CPUs, user + system + interrupts) the whole machine has spent so far."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal: all but idle and iowait are busy.
    busy = sum(fields[:8]) - fields[3] - fields[4]
    return busy / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@contextlib.contextmanager
def serving(options, workdir):
    """A gunicorn server of the deployment on a free port, listening: (port, access log, pid)."""
    port = free_port()
    log = os.path.join(workdir, f"access-{port}.log")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--chdir", workdir, "--bind", f"127.0.0.1:{port}",
         "--access-logfile", log, "--access-logformat", "%(p)s", *options, "keepalive_app:application"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_listening(port)
        yield port, log, server.pid
    finally:
        server.terminate()
        server.wait(timeout=20)


def worker_shares(log):
    """Each worker's share of the requests in the access log, largest first."""
    time.sleep(0.5)  # the access log's last lines
    with open(log) as f:
        per_worker = collections.Counter(line.strip() for line in f if line.strip())
    total = sum(per_worker.values()) or 1
    return sorted((count / total for count in per_worker.values()), reverse=True)


def measure(options, workdir, seconds, connections):
    """Req/s, the CPUs the server held meanwhile, the CPUs other programs took (neither the server
    nor wrk), and each worker's share of the requests."""
    with serving(options, workdir) as (port, log, pid):
        wrk(port, 2, connections)  # warm-up: imports, first requests
        # wrk leaves its requests in flight when it stops. The scenario's clients connect to idle
        # workers, so wait for those to finish: a burst that arrives while one worker is still busy
        # lands on the other (docs/engine.md, "Keep-alive measured for real").
        time.sleep(1)
        open(log, "w").close()
        cpu_before, machine_before, wrk_before = cpu_seconds(pid), machine_busy_seconds(), children_cpu_seconds()
        rate = wrk(port, seconds, connections)
        cpus = (cpu_seconds(pid) - cpu_before) / seconds
        wrk_cpus = (children_cpu_seconds() - wrk_before) / seconds
        others = max(0.0, (machine_busy_seconds() - machine_before) / seconds - cpus - wrk_cpus)
        return rate, cpus, others, worker_shares(log)


def first_bursts(options, workdir, count, connections):
    """How each of `count` fresh servers' first burst of connections (1 s of wrk, once the
    workers have booted) was shared out: the workers' shares of its requests."""
    splits = []
    for _ in range(count):
        with serving(options, workdir) as (port, log, _):
            time.sleep(2)  # the workers import Django after the master listens
            open(log, "w").close()
            wrk(port, 1, connections)
            splits.append(worker_shares(log))
    return splits


def simulated(gilview):
    out = subprocess.run([gilview, "report", "--json", SCENARIO], capture_output=True, text=True, check=True).stdout
    report = json.loads(out)
    return {m["name"]: (m["throughput_per_s"], m["cpu_utilization"] * report["cores"]) for m in report["models"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gilview", default=".build/debug/gilview", help="the gilview binary (default %(default)s)")
    parser.add_argument("--seconds", type=int, default=10, help="wrk's run per deployment (default %(default)s)")
    parser.add_argument("--connections", type=int, default=16, help="wrk's connections (default %(default)s)")
    parser.add_argument("--bursts", type=int, default=0,
                        help="then start gthread -w2 afresh this many times and print how its first burst of "
                             "connections was shared out between the workers (default %(default)s)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    sim = simulated(args.gilview)
    workdir = tempfile.mkdtemp(prefix="keepalive-bench-")
    with open(os.path.join(workdir, "keepalive_app.py"), "w") as f:
        f.write(APP)
    rows = []
    for name, options in DEPLOYMENTS:
        rate, cpus, others, shares = measure(options, workdir, args.seconds, args.connections)
        rows.append((name, rate, cpus, others, shares, sim[name]))
    splits = first_bursts(dict(DEPLOYMENTS)["gthread -w2 -t8"], workdir, args.bursts, args.connections)
    shutil.rmtree(workdir, ignore_errors=True)
    base_real, base_sim = rows[0][1], rows[0][5][0]
    busiest = max(row[3] for row in rows)
    print(f"{os.cpu_count()} CPUs, wrk -c {args.connections} -d {args.seconds}s, "
          f"Python {sys.version.split()[0]}")
    print(f"{'':<17}{'real':-^31}  {'gilview':-^31}")
    columns = f"{'req/s':>8}{'÷ -w1':>7}{'CPUs':>6}{'per CPU':>10}"
    print(f"{'deployment':<17}{columns}  {columns}  others  requests per worker (real)")
    for name, rate, cpus, others, shares, (sim_rate, sim_cpus) in rows:
        share = " ".join(f"{s:.0%}" for s in shares)
        real = f"{rate:>8.1f}{rate / base_real:>7.2f}{cpus:>6.2f}{rate / max(cpus, 0.01):>10.1f}"
        simulated_ = f"{sim_rate:>8.1f}{sim_rate / base_sim:>7.2f}{sim_cpus:>6.2f}{sim_rate / max(sim_cpus, 0.01):>10.1f}"
        print(f"{name:<17}{real}  {simulated_}  {others:>6.2f}  {share}")
    print("CPUs: CPU time used ÷ wall time (real: the gunicorn master and workers); per CPU: req/s ÷ CPUs;")
    print("others: the CPUs that programs other than the server and wrk took during the run.")
    if busiest > 0.2:
        print(f"Other programs took up to {busiest:.2f} CPUs: a deployment that held fewer CPUs than gilview gives "
              "it was slowed by them; compare its req/s per CPU, or run again on a quiet machine.")
    if splits:
        even = sum(1 for split in splits if split[0] < 0.7)
        print(f"gthread -w2 -t8, first burst on a fresh server: {even} of {len(splits)} shared out "
              f"(no worker over 70% of the requests; gilview: 8 and 8): "
              + ", ".join("/".join(f"{share:.0%}" for share in split) for split in splits))


if __name__ == "__main__":
    main()
