/**
 * Load with autocannon on 127.0.0.1: a fixed concurrency for a fixed time, cycling through a
 * workload, and every single answer checked against its expectation (not a sample).
 */
import autocannon from 'autocannon';
import type { WorkItem } from './corpus';

export interface LoadFigures {
  requests: number;
  perSecond: number;
  latencyP50: number;
  latencyP99: number;
  latencyMax: number;
  status5xx: number;
  errors: number;
  timeouts: number;
  resets: number;
  /** Answers that did not meet their expectation (first few kept for the message). */
  wrong: number;
  wrongExamples: string[];
  /** Answers per name of work item. */
  answered: Record<string, number>;
}

export interface LoadOptions {
  base: string;
  items: WorkItem[];
  /** Why an answer is wrong, or undefined. */
  check: (item: WorkItem, status: number, body: string) => string | undefined;
  seconds: number;
  connections: number;
  /** Per-request deadline; autocannon counts a miss as a timeout. */
  timeoutSeconds?: number;
}

/**
 * Runs the load and returns its figures.
 *
 * @example
 * const figures = await runLoad({ base, items, check, seconds: 30, connections: 8 });
 * expect(figures.status5xx).toBe(0);
 */
export async function runLoad(opts: LoadOptions): Promise<LoadFigures> {
  let wrong = 0;
  const wrongExamples: string[] = [];
  const answered: Record<string, number> = {};
  const requests = opts.items.map((item) => ({
    method: item.method,
    path: item.path,
    headers: item.headers ?? {},
    body: item.body,
    onResponse: (status: number, body: string) => {
      answered[item.name] = (answered[item.name] ?? 0) + 1;
      const why = opts.check(item, status, body);
      if (why === undefined) return;
      wrong += 1;
      if (wrongExamples.length < 5) wrongExamples.push(why);
    },
  }));
  const result = await autocannon({
    url: opts.base,
    connections: opts.connections,
    duration: opts.seconds,
    timeout: opts.timeoutSeconds ?? 10,
    requests,
  });
  return {
    requests: result.requests.total,
    perSecond: result.requests.average,
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    latencyMax: result.latency.max,
    status5xx: result['5xx'],
    errors: result.errors,
    timeouts: result.timeouts,
    resets: result.resets,
    wrong,
    wrongExamples,
    answered,
  };
}

/** One line of figures for the test log. */
export function describeLoad(label: string, f: LoadFigures): string {
  return (
    `${label}: ${f.requests} requests, ${f.perSecond.toFixed(0)}/s, latency p50 ${f.latencyP50} ms ` +
    `p99 ${f.latencyP99} ms max ${f.latencyMax} ms, 5xx ${f.status5xx}, errors ${f.errors}, ` +
    `timeouts ${f.timeouts}, wrong ${f.wrong}`
  );
}
