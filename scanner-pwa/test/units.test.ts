/**
 * The scanner's pure rules, in Node: the clock that cannot be wound back, the CSV export, the
 * deploy-time config merge and the shared-link pick (QR text: qr-text.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { defaultConfig, mergeConfig } from '../src/config';
import { historyCsv, type HistoryEntry } from '../src/history/store';
import { pickLink } from '../src/input/share-inbox';
import { fileKind } from '../src/input/files';
import { TrustedClock, type KeyValueStore } from '../src/trust/clock';
import { formatDate, formatJst } from '../src/ui/format';

class MemoryStore implements KeyValueStore {
  readonly map = new Map<string, string>();
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.map.set(key, value);
  }
}

describe('trusted clock', () => {
  it('never runs behind the newest signed time seen', () => {
    const clock = new TrustedClock(new MemoryStore(), () => Date.parse('2026-01-01T00:00:00Z'));
    clock.observe(new Date('2026-03-01T00:00:00Z'));
    expect(clock.now().toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });
  it('follows the device clock when it is ahead', () => {
    const clock = new TrustedClock(new MemoryStore(), () => Date.parse('2026-05-01T00:00:00Z'));
    clock.observe(new Date('2026-03-01T00:00:00Z'));
    expect(clock.now().toISOString()).toBe('2026-05-01T00:00:00.000Z');
  });
  it('keeps the newest time across restarts', () => {
    const store = new MemoryStore();
    new TrustedClock(store, () => 0).observe(new Date('2026-03-01T00:00:00Z'));
    expect(new TrustedClock(store, () => 0).newestSeen?.toISOString()).toBe(
      '2026-03-01T00:00:00.000Z',
    );
  });
  it('never moves the newest time backwards', () => {
    const clock = new TrustedClock(new MemoryStore(), () => 0);
    clock.observe(new Date('2026-03-01T00:00:00Z'));
    clock.observe(new Date('2026-02-01T00:00:00Z'));
    expect(clock.newestSeen?.toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });
  it('flags a device clock behind what was seen', () => {
    const clock = new TrustedClock(new MemoryStore(), () => Date.parse('2026-01-01T00:00:00Z'));
    clock.observe(new Date('2026-01-02T00:00:00Z'));
    expect(clock.deviceBehind).toBe(true);
  });
  it('does not flag a device clock a minute behind (signing and network delay)', () => {
    const clock = new TrustedClock(new MemoryStore(), () => Date.parse('2026-01-01T00:00:00Z'));
    clock.observe(new Date('2026-01-01T00:01:00Z'));
    expect(clock.deviceBehind).toBe(false);
  });
});

const ENTRY: HistoryEntry = {
  at: '2026-04-01T09:00:00.000Z',
  result: 'invalid',
  reasons: ['qualification_revoked'],
  via: 'device',
  qualificationName: '小型船舶操縦士',
  holderName: '山田, "太郎"',
  birthDate: '1990-01-01',
  registrationNumber: '=1+2',
  certificateId: 'C-1',
  issuingBody: '国土交通省',
};

describe('history CSV', () => {
  it('starts with a UTF-8 byte order mark for Excel', () => {
    expect(historyCsv([ENTRY]).charCodeAt(0)).toBe(0xfeff);
  });
  it('quotes cells with commas and doubles inner quotes (RFC 4180)', () => {
    expect(historyCsv([ENTRY])).toContain('"山田, ""太郎"""');
  });
  it('defuses cells a spreadsheet would run as a formula', () => {
    expect(historyCsv([ENTRY])).toContain(",'=1+2,");
  });
  it('ends rows with CRLF', () => {
    expect(historyCsv([ENTRY]).split('\r\n')).toHaveLength(3);
  });
});

describe('deploy-time config', () => {
  const base = defaultConfig('http://127.0.0.1:8787');
  it('trusts the serving origin and the official host by default', () => {
    expect(base.verificationHosts).toEqual(['http://127.0.0.1:8787', 'https://dqcvs.nqs.go.jp']);
  });
  it('takes hosts, API base, bundle key and age from config.json', () => {
    const merged = mergeConfig(base, {
      verificationHosts: ['https://verify.example.org'],
      apiBase: 'https://verify.example.org/',
      bundleKey: { kty: 'EC' },
      maxStatusAgeHours: 6,
    });
    expect(merged).toEqual({
      verificationHosts: ['https://verify.example.org'],
      apiBase: 'https://verify.example.org',
      bundleKey: { kty: 'EC' },
      maxStatusAgeHours: 6,
    });
  });
  it('ignores members of the wrong type', () => {
    const merged = mergeConfig(base, {
      verificationHosts: 'https://evil.example',
      apiBase: 'javascript:alert(1)',
      maxStatusAgeHours: -1,
    });
    expect(merged).toEqual(base);
  });
});

describe('shared links and files', () => {
  it('picks the first URL out of shared mail text', () => {
    expect(pickLink('証明書です https://x.test/w/?c=AA よろしく')).toBe('https://x.test/w/?c=AA');
  });
  it('recognises a PDF without a MIME type by its name', () => {
    expect(fileKind({ type: '', name: 'CERT.PDF' })).toBe('pdf');
  });
  it('refuses other file types', () => {
    expect(fileKind({ type: 'image/gif', name: 'a.gif' })).toBeNull();
  });
});

describe('dates and times on the result screen', () => {
  it('writes a calendar date as yyyy/mm/dd, as the certificate does', () => {
    expect(formatDate('1995-02-14')).toBe('1995/02/14');
  });
  it('leaves text that is not a yyyy-mm-dd date as it came', () => {
    expect(formatDate('1995-2-14')).toBe('1995-2-14');
  });
  it('writes an instant in Japan time with (JST)', () => {
    expect(formatJst('2026-12-03T18:10:06Z')).toBe('2026/12/04 03:10:06 (JST)');
  });
  it('puts an instant after 15:00 UTC on the next JST day, so a same-day issue never looks future', () => {
    expect(formatJst(new Date('2026-12-03T15:00:00Z'))).toBe('2026/12/04 00:00:00 (JST)');
  });
  it('leaves text that is not a time as it came', () => {
    expect(formatJst('not a time')).toBe('not a time');
  });
});
