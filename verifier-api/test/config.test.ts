import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config';

describe('verifier configuration', () => {
  it('fills every default from an empty document', () => {
    const config = parseConfig({});
    expect(config.verificationHosts).toEqual(['https://dqcvs.nqs.go.jp']);
    expect(config.algorithms).toEqual(['PS256', 'ES256']);
    expect(config.limits.batchMaxItems).toBe(100);
    expect(config.cache.statusAnswerSeconds).toBe(10);
  });

  it('takes overrides from the environment', () => {
    const config = parseConfig(
      { registry: { baseUrl: 'http://a.example/registry' } },
      {
        DQCV_REGISTRY_URL: 'http://127.0.0.1:9999/registry',
        DQCV_CORS_ORIGINS: 'https://hr.example, https://b.example',
        DQCV_STATUS_ANSWER_SECONDS: '0',
        DQCV_RECEIPTS_ALWAYS: 'true',
      },
    );
    expect(config.registry.baseUrl).toBe('http://127.0.0.1:9999/registry');
    expect(config.cors.origins).toEqual(['https://hr.example', 'https://b.example']);
    expect(config.cache.statusAnswerSeconds).toBe(0);
    expect(config.receipts.always).toBe(true);
  });

  it('refuses an unknown member, naming its path', () => {
    expect(() => parseConfig({ registry: { baseURL: 'http://x' } })).toThrow(/registry/);
  });

  it('refuses a trust anchor that is not PEM', () => {
    expect(() => parseConfig({ trust: { anchors: ['not a certificate'] } })).toThrow(
      /trust\.anchors\.0/,
    );
  });

  it('refuses an algorithm it does not know', () => {
    expect(() => parseConfig({ algorithms: ['HS256'] })).toThrow(ConfigError);
  });

  it('refuses a whole-number variable that is not a number', () => {
    expect(() => parseConfig({}, { DQCV_FETCH_TIMEOUT_MS: 'soon' })).toThrow(
      'DQCV_FETCH_TIMEOUT_MS: expected a whole number, got "soon"',
    );
  });

  it('refuses a verification host that is not a URL', () => {
    expect(() => parseConfig({ verificationHosts: ['dqcvs.nqs.go.jp'] })).toThrow(
      /verificationHosts\.0/,
    );
  });
});
