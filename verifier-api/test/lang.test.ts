import { describe, expect, it } from 'vitest';
import { pickLang } from '../src/http/lang';

describe('message language', () => {
  it('follows an explicit lang parameter first', () => {
    expect(pickLang('ja', 'en', 'ja')).toBe('en');
  });
  it('takes the best-ranked of ja and en from Accept-Language', () => {
    expect(pickLang('fr;q=1, en-US;q=0.8, ja;q=0.9', undefined, 'en')).toBe('ja');
  });
  it('ignores languages with quality zero', () => {
    expect(pickLang('en;q=0, ja;q=0.1', undefined, 'en')).toBe('ja');
  });
  it('falls back when neither language is accepted', () => {
    expect(pickLang('de, fr', undefined, 'ja')).toBe('ja');
  });
});
