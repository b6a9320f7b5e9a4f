/**
 * An open-loop load generator: POSTs one JSON body at a fixed rate, evenly spaced, over a pool
 * of keep-alive connections, and reports latency percentiles measured from each request's
 * scheduled start (so a request that waited for a free connection or a late timer counts that
 * wait: no coordinated omission).
 *
 * Why not autocannon's rate mode (`-R`): it gives each connection a budget per second and sends
 * that budget back to back at the start of each second, so "half the peak rate" is full
 * concurrency for half of every second; and its coordinated-omission correction passes
 * `ceil(1 / rate)` (1) as the expected interval in milliseconds, which records each response
 * of n ms as n samples (n, n-1, … 1 ms), weighting the tail by its own length.
 *
 * Run by bench/http/harness.ts pinned to its own core:
 * `node --import tsx bench/http/paced.ts '<json options>'`; prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

interface Options {
  url: string;
  body: string;
  rate: number;
  /** Measured seconds, after `warmupSeconds` at the same rate that are sent but not counted. */
  seconds: number;
  warmupSeconds: number;
  connections: number;
}

const opts = JSON.parse(process.argv[2] ?? '{}') as Options;
const target = new URL(opts.url);
const body = Buffer.from(opts.body);
const agent = new Agent({ keepAlive: true, maxSockets: opts.connections });
const interval = 1000 / opts.rate;
// The first requests open the connections and run this process's own cold code: a warm-up at
// the same rate, sent but not counted.
const warmup = Math.round(opts.rate * opts.warmupSeconds);
const total = warmup + Math.round(opts.rate * opts.seconds);

const latencies: number[] = [];
let sent = 0;
let done = 0;
let non2xx = 0;
let errors = 0;
let maxLag = 0;

function send(scheduled: number, counted: boolean): void {
  const req = request(
    {
      agent,
      host: target.hostname,
      port: target.port,
      path: target.pathname + target.search,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': body.length },
    },
    (res) => {
      res.resume();
      res.on('end', () => {
        if (counted) latencies.push(performance.now() - scheduled);
        if (counted && ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) > 299)) non2xx += 1;
        finish();
      });
    },
  );
  req.on('error', () => {
    if (counted) errors += 1;
    finish();
  });
  req.end(body);
}

function finish(): void {
  done += 1;
  if (done === total) report();
}

/** Time this thread waited for its core while runnable, ms (Linux /proc schedstat). */
function runQueueWaitMs(): number | null {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return null;
  }
}

const started = performance.now();
let waitedAtStart: number | null = null;
function tick(): void {
  if (sent >= warmup) waitedAtStart ??= runQueueWaitMs();
  const now = performance.now();
  while (sent < total && started + sent * interval <= now) {
    const scheduled = started + sent * interval;
    const counted = sent >= warmup;
    if (counted) maxLag = Math.max(maxLag, now - scheduled);
    sent += 1;
    send(scheduled, counted);
  }
  if (sent < total) setTimeout(tick, Math.max(0, started + sent * interval - performance.now()));
}
tick();

// Requests still open long after the last one was due count as errors.
setTimeout(() => report(), (opts.warmupSeconds + opts.seconds) * 1000 + 10_000).unref();

let reported = false;
function report(): void {
  if (reported) return;
  reported = true;
  const elapsed = (performance.now() - started) / 1000 - opts.warmupSeconds;
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const round = (ms: number) => Math.round(ms * 10) / 10;
  const result = {
    sent: sent - warmup,
    completed: latencies.length,
    seconds: elapsed,
    // With the warm-up: what the host served while it was measured from outside.
    wallSeconds: elapsed + opts.warmupSeconds,
    allCompleted: done - errors,
    rps: latencies.length / elapsed,
    p50: round(at(0.5)),
    p90: round(at(0.9)),
    p99: round(at(0.99)),
    max: round(sorted[sorted.length - 1] ?? 0),
    non2xx,
    errors: errors + (sent - done),
    maxSendLagMs: round(maxLag),
    // Other processes on the generator's core: time it was ready to send but not running.
    waitedForCoreMs:
      waitedAtStart === null ? null : round((runQueueWaitMs() ?? waitedAtStart) - waitedAtStart),
  };
  console.log(JSON.stringify(result));
  agent.destroy();
  process.exit(0);
}
