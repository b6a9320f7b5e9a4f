import { describe, expect, it } from 'vitest';
import type { Check } from '../src/types';
import { buildVerdict } from '../src/verdict/build';

const at = new Date('2026-03-01T09:00:00Z');
const build = (checks: Check[]) =>
  buildVerdict({ checks, credential: null, signer: null, checkedAt: at, lang: 'en' });

describe('buildVerdict', () => {
  it('is valid when every check passes or is skipped', () => {
    const v = build([
      { name: 'decode', status: 'pass' },
      { name: 'signature', status: 'pass' },
      { name: 'signer_revocation', status: 'skipped', detail: 'pinned' },
    ]);
    expect(v.result).toBe('valid');
    expect(v.reasons).toEqual([]);
  });

  it('is invalid when any check fails, even if another is unknown', () => {
    const v = build([
      { name: 'signer_revocation', status: 'unknown', code: 'crl_unavailable' },
      { name: 'status', status: 'fail', code: 'qualification_revoked' },
    ]);
    expect(v.result).toBe('invalid');
    expect(v.reasons.map((r) => r.code)).toEqual(['qualification_revoked', 'crl_unavailable']);
  });

  it('is indeterminate when nothing fails but something is unknown', () => {
    const v = build([{ name: 'status', status: 'unknown', code: 'registry_unavailable' }]);
    expect(v.result).toBe('indeterminate');
    expect(v.reasons).toEqual([
      { code: 'registry_unavailable', message: 'The qualification status could not be obtained' },
    ]);
  });

  it('lists all five checks in order, the missing ones as skipped', () => {
    const v = build([{ name: 'status', status: 'pass' }]);
    expect(v.checks).toEqual([
      { name: 'decode', status: 'skipped' },
      { name: 'signature', status: 'skipped' },
      { name: 'signer_certificate', status: 'skipped' },
      { name: 'signer_revocation', status: 'skipped' },
      { name: 'status', status: 'pass' },
    ]);
    expect(v.checkedAt).toBe('2026-03-01T09:00:00.000Z');
  });

  it('throws for a failed check without a code, or a check given twice', () => {
    expect(() => build([{ name: 'decode', status: 'fail' }])).toThrow(/without a code/);
    const twice: Check[] = [
      { name: 'decode', status: 'pass' },
      { name: 'decode', status: 'pass' },
    ];
    expect(() => build(twice)).toThrow(/twice/);
  });
});
