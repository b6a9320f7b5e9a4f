import { describe, expect, it } from 'vitest';
import { isAllowedStatusListUri } from '../src/status/address';

const PREFIX = 'https://registry.example/registry/v1/status-lists/';
const EXACT = 'https://other.example/lists/main';
const allowed = [PREFIX, EXACT];

describe('isAllowedStatusListUri', () => {
  it('takes one unreserved segment below an allowed prefix', () => {
    expect(isAllowedStatusListUri(`${PREFIX}1`, allowed)).toBe(true);
    expect(isAllowedStatusListUri(`${PREFIX}fixtures.cwt`, allowed)).toBe(true);
    expect(isAllowedStatusListUri(`${PREFIX}a-b_c~d.e`, allowed)).toBe(true);
  });

  it('takes an exact entry, and nothing below it', () => {
    expect(isAllowedStatusListUri(EXACT, allowed)).toBe(true);
    expect(isAllowedStatusListUri(`${EXACT}/1`, allowed)).toBe(false);
    expect(isAllowedStatusListUri(`${EXACT}x`, allowed)).toBe(false);
  });

  it.each([
    ['percent-encoded dot segments', '%2e%2e/%2e%2e/admin/v1/x'],
    ['upper-case percent-encoded dots', '%2E%2E'],
    ['a percent-encoded slash', '1%2F..%2Fadmin'],
    ['a dot-dot segment', '..'],
    ['a dot segment', '.'],
    ['dot-dot then a path', '../admin'],
    ['a second segment', '1/2'],
    ['a query', '1?x=1'],
    ['a fragment', '1#x'],
    ['a backslash', '1\\..\\admin'],
    ['a space', '1 2'],
    ['a non-ASCII character', '１'],
    ['nothing after the prefix', ''],
  ])('refuses %s below a prefix', (_name, rest) => {
    expect(isAllowedStatusListUri(`${PREFIX}${rest}`, allowed)).toBe(false);
  });

  it('refuses what a URL parser would move out of the prefix', () => {
    const uri = `${PREFIX}%2e%2e/%2e%2e/admin/v1/x`;
    expect(new URL(uri).pathname).toBe('/registry/admin/v1/x');
    expect(isAllowedStatusListUri(uri, allowed)).toBe(false);
  });

  it('refuses another origin or a look-alike prefix', () => {
    expect(
      isAllowedStatusListUri('https://registry.example.evil/registry/v1/status-lists/1', allowed),
    ).toBe(false);
    expect(
      isAllowedStatusListUri('https://registry.example/registry/v1/status-lists1', allowed),
    ).toBe(false);
    expect(
      isAllowedStatusListUri('HTTPS://registry.example/registry/v1/status-lists/1', allowed),
    ).toBe(false);
  });

  it('refuses everything when nothing is allowed', () => {
    expect(isAllowedStatusListUri(`${PREFIX}1`, [])).toBe(false);
  });
});
