#!/usr/bin/env python3
"""The peer engine: the M/M/c queue of `gilview bench`, written the usual way in SimPy.

c servers share one FIFO queue (simpy.Resource); requests arrive as a Poisson process at
`rate` per second and each needs an exponential service time of mean `service_ms`. Prints one
JSON object: the mean latency (arrival to completion) in ms, its standard error from batch
means, the events SimPy scheduled, and the CPU and wall seconds the simulation itself took
(the interpreter's start-up and the import are not counted).

    pip install simpy
    python3 benchmarks/simpy_mmc.py --servers 4 --rate 300 --service-ms 10 --requests 200000
"""
import argparse
import json
import random
import sys
import time

try:
    import simpy
except ImportError:
    sys.exit("simpy_mmc.py: SimPy is not installed; install it with: pip install simpy")


def batch_means_stderr(values, batches=20):
    """Standard error of the mean from `batches` consecutive batch means.

    Successive waits in a queue are correlated, so the plain sample standard error would be too
    small; means of long consecutive batches are close to independent.
    """
    size = len(values) // batches
    if size == 0:
        return float("nan")
    means = [sum(values[i * size:(i + 1) * size]) / size for i in range(batches)]
    grand = sum(means) / batches
    variance = sum((m - grand) ** 2 for m in means) / (batches - 1)
    return (variance / batches) ** 0.5


def run(servers, rate, service_ms, requests, seed):
    rng = random.Random(seed)
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=servers)
    latencies = []
    service_rate = 1000.0 / service_ms  # per second

    def request(service):
        arrival = env.now
        with server.request() as turn:
            yield turn
            yield env.timeout(service)
        latencies.append(env.now - arrival)

    def arrivals():
        for _ in range(requests):
            yield env.timeout(rng.expovariate(rate))
            env.process(request(rng.expovariate(service_rate)))

    env.process(arrivals())
    wall_start, cpu_start = time.perf_counter(), time.process_time()
    env.run()
    cpu_seconds = time.process_time() - cpu_start
    wall_seconds = time.perf_counter() - wall_start
    latencies_ms = [1000.0 * x for x in latencies]
    return {
        "requests": len(latencies_ms),
        "mean_latency_ms": sum(latencies_ms) / len(latencies_ms),
        "stderr_ms": batch_means_stderr(latencies_ms),
        # Every event SimPy scheduled (timeouts, resource requests and releases, process starts).
        "events": next(env._eid),
        "cpu_seconds": cpu_seconds,
        "wall_seconds": wall_seconds,
        "simpy": simpy.__version__,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", type=int, default=4)
    parser.add_argument("--rate", type=float, default=300.0, help="arrivals per second")
    parser.add_argument("--service-ms", type=float, default=10.0, help="mean service time")
    parser.add_argument("--requests", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(json.dumps(run(args.servers, args.rate, args.service_ms, args.requests, args.seed)))


if __name__ == "__main__":
    main()
