/**
 * Status values of our Token Status Lists (docs/ARCHITECTURE.md "Qualification status values").
 * 0–2 are the draft's VALID, INVALID (used here for revoked 取消) and SUSPENDED; 3 and 0x0C are
 * in the ranges the draft leaves to applications.
 */
import type { QualificationStatus } from '../types';

export const STATUS_VALUES: Readonly<Record<QualificationStatus, number>> = {
  valid: 0,
  revoked: 1,
  suspended: 2,
  deleted: 3,
  superseded: 12,
};

/**
 * The status a list entry means, or undefined for a value we do not assign (the caller reports
 * a malformed entry).
 *
 * @example
 * statusOfValue(12) // 'superseded'
 */
export function statusOfValue(value: number): QualificationStatus | undefined {
  // An array read: a negative, fractional or out-of-range value is simply absent (undefined).
  return STATUS_OF_VALUE[value];
}

/** Entry value → status, built once from STATUS_VALUES (one read per verification). */
const STATUS_OF_VALUE: readonly (QualificationStatus | undefined)[] = (() => {
  const table: (QualificationStatus | undefined)[] = [];
  for (const status of Object.keys(STATUS_VALUES) as QualificationStatus[]) {
    table[STATUS_VALUES[status]] = status;
  }
  return Array.from(table);
})();
