import { describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor, tagged } from '../src/codec/cbor';
import {
  credentialUrl,
  decodeCredentialPayload,
  encodeCredentialPayload,
} from '../src/codec/payload';
import type { CredentialRecord } from '../src/types';

const record: CredentialRecord = {
  qualificationName: '小型船舶操縦士',
  holderName: '試験 花子',
  birthDate: '1990-04-01',
  registrationNumber: '000123456789',
  registrationDate: '2020-06-15',
  kindCode: '01',
  issueDate: '2026-01-05',
  issuingBody: '国土交通省',
  issuerName: '国土交通大臣',
  qualificationId: 'Q-1',
  certificateId: 'DN-0001',
  holderCode: 'U-1',
  statusList: { idx: 42, uri: 'http://127.0.0.1:8787/registry/v1/status-lists/1' },
};

function decodeMap(map: Map<unknown, unknown>) {
  return decodeCredentialPayload(encodeCbor(map));
}

describe('encodeCredentialPayload', () => {
  it('writes the real format: two-letter keys in order, dates yyyy/mm/dd, then ST', () => {
    const r = decodeCbor(encodeCredentialPayload(record));
    if (!r.ok) throw new Error(r.detail);
    const map = r.value as Map<string, unknown>;
    expect([...map.keys()]).toEqual([
      'CN',
      'UN',
      'UB',
      'RN',
      'RD',
      'DT',
      'ID',
      'IA',
      'IN',
      'CI',
      'DN',
      'UC',
      'ST',
    ]);
    expect(map.get('UB')).toBe('1990/04/01');
    expect(map.get('ST')).toEqual(
      new Map([
        [
          'status_list',
          new Map<string, unknown>([
            ['idx', 42],
            ['uri', record.statusList!.uri],
          ]),
        ],
      ]),
    );
  });

  it('leaves ST out in strict real format', () => {
    const r = decodeCbor(encodeCredentialPayload(record, { strictRealFormat: true }));
    expect(r.ok && (r.value as Map<string, unknown>).has('ST')).toBe(false);
  });

  it('throws on a date that is not a calendar date', () => {
    expect(() => encodeCredentialPayload({ birthDate: '1990-02-30' })).toThrow(RangeError);
  });
});

describe('decodeCredentialPayload', () => {
  it('reads back every field of what it wrote', () => {
    expect(decodeCredentialPayload(encodeCredentialPayload(record))).toEqual({ ok: true, record });
  });

  it('normalises yyyy/mm/dd and yyyy-mm-dd text dates to yyyy-mm-dd', () => {
    const r = decodeMap(
      new Map([
        ['UB', '1990/04/01'],
        ['ID', '2026-01-05'],
      ]),
    );
    expect(r).toEqual({ ok: true, record: { birthDate: '1990-04-01', issueDate: '2026-01-05' } });
  });

  it('reads dates from CBOR tags 1004, 100, 0 and 1', () => {
    const r = decodeMap(
      new Map<string, unknown>([
        ['UB', tagged(1004, '1990-04-01')],
        ['RD', tagged(100, 1)],
        ['ID', tagged(0, '2026-01-05T10:00:00Z')],
        ['UC', 'x'],
      ]),
    );
    expect(r).toMatchObject({
      ok: true,
      record: { birthDate: '1990-04-01', registrationDate: '1970-01-02', issueDate: '2026-01-05' },
    });
    const epoch = decodeMap(new Map<string, unknown>([['ID', tagged(1, 1767571200)]]));
    expect(epoch).toEqual({ ok: true, record: { issueDate: '2026-01-05' } });
  });

  it('tolerates unknown keys and non-text keys', () => {
    const r = decodeMap(
      new Map<unknown, unknown>([
        ['CN', 'x'],
        ['ZZ', [1]],
        [7, 'y'],
      ]),
    );
    expect(r).toEqual({ ok: true, record: { qualificationName: 'x' } });
  });

  it('reads a code sent as an unsigned integer as its digits', () => {
    expect(decodeMap(new Map([['RN', 123]]))).toEqual({
      ok: true,
      record: { registrationNumber: '123' },
    });
  });

  it('refuses a name of the wrong type as malformed', () => {
    expect(decodeMap(new Map([['UN', 5]]))).toMatchObject({ ok: false, code: 'malformed' });
  });

  it('refuses an impossible or oddly separated date as malformed', () => {
    for (const d of ['1990-02-30', '1990/04-01', '90/04/01', '1990-4-1']) {
      expect(decodeMap(new Map([['UB', d]]))).toMatchObject({ ok: false, code: 'malformed' });
    }
  });

  it('refuses a status reference of the wrong shape as malformed', () => {
    const bad = new Map([
      [
        'status_list',
        new Map<string, unknown>([
          ['idx', -1],
          ['uri', 'u'],
        ]),
      ],
    ]);
    expect(decodeMap(new Map<string, unknown>([['ST', bad]]))).toMatchObject({
      ok: false,
      code: 'malformed',
    });
  });

  it('refuses a payload that is not a map as malformed', () => {
    expect(decodeCredentialPayload(encodeCbor(['CN']))).toMatchObject({
      ok: false,
      code: 'malformed',
    });
  });

  it('refuses a payload with a duplicate key as malformed', () => {
    const bytes = Uint8Array.from([
      0xa2, 0x62, 0x55, 0x4e, 0x61, 0x41, 0x62, 0x55, 0x4e, 0x61, 0x42,
    ]);
    expect(decodeCredentialPayload(bytes)).toMatchObject({ ok: false, code: 'malformed' });
  });
});

describe('credentialUrl', () => {
  it('builds <base>/w/?c=<base64url without padding>', () => {
    const url = credentialUrl('http://127.0.0.1:8787/', Uint8Array.of(0xfb, 0xff));
    expect(url).toBe('http://127.0.0.1:8787/w/?c=-_8');
  });
});
