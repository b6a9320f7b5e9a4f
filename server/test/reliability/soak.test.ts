/**
 * A bounded soak of the `npm start` host: fixed concurrency for a fixed time (30 s here;
 * DQCV_SOAK_SECONDS for longer), a mix of valid, invalid and garbage requests, every answer
 * checked. The rate limit is switched off so that the load measures the verifier itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, mixedWorkload } from './support/corpus';
import { startHost, type Host } from './support/host';
import { describeLoad, runLoad, type LoadFigures } from './support/load';

const SECONDS = Number(process.env.DQCV_SOAK_SECONDS ?? 30);
const CONNECTIONS = 8;
const MiB = 1024 * 1024;

describe('soak of the Node host', () => {
  let host: Host;
  let warm: LoadFigures;
  let soak: LoadFigures;
  let rssBefore = 0;
  let rssAfter = 0;

  beforeAll(async () => {
    host = await startHost({ env: { DQCV_RATE_LIMIT_MAX: '0' } });
    const items = mixedWorkload(host);
    // Warm-up: JIT, key caches, first CRL and trust-list fetch; memory is measured after it.
    warm = await runLoad({ base: host.base, items, check, seconds: 5, connections: CONNECTIONS });
    rssBefore = await host.rss();
    soak = await runLoad({
      base: host.base,
      items,
      check,
      seconds: SECONDS,
      connections: CONNECTIONS,
    });
    await new Promise((r) => setTimeout(r, 3000));
    rssAfter = await host.rss();
    console.log(describeLoad('warm-up', warm));
    console.log(describeLoad(`soak ${SECONDS} s x ${CONNECTIONS}`, soak));
    console.log(
      `memory: RSS ${(rssBefore / MiB).toFixed(1)} MiB after warm-up, ` +
        `${(rssAfter / MiB).toFixed(1)} MiB 3 s after the soak`,
    );
  }, 240_000);

  afterAll(async () => {
    await host?.dispose();
  });

  it('answers no request with a 5xx', () => {
    expect(soak.status5xx).toBe(0);
  });

  it('loses no request: no connection error, reset or timeout', () => {
    expect({ errors: soak.errors, resets: soak.resets, timeouts: soak.timeouts }).toEqual({
      errors: 0,
      resets: 0,
      timeouts: 0,
    });
  });

  it('gives every request its right answer (verdict, reason, problem type or page)', () => {
    expect(soak.wrongExamples).toEqual([]);
    expect(soak.wrong).toBe(0);
  });

  it('exercises every kind of request many times', () => {
    for (const item of mixedWorkload(host))
      expect(soak.answered[item.name] ?? 0).toBeGreaterThan(20);
  });

  it('returns memory near its level after the load (no growth with the number of requests)', () => {
    // A leak of even 1 KiB a request would show as many MiB over the soak.
    expect(rssAfter - rssBefore).toBeLessThan(64 * MiB);
  });
});
