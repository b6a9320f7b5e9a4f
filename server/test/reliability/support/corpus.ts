/**
 * A mixed workload of verification requests, each with the answer it must get: valid, invalid
 * for each reason the demo covers, garbage QR text, wrong requests (4xx problem documents), a
 * batch and the human page. `check` compares an answer with that expectation.
 */
import type { Host } from './host';
import { demoUrl } from './host';

export interface Expectation {
  status: number;
  /** `result` of the verdict, or of every verdict of a batch in order. */
  result?: string | string[];
  /** The first reason's code. */
  reason?: string;
  /** Text the HTML page must contain. */
  html?: string;
  /** RFC 9457 problem type suffix. */
  problem?: string;
}

export interface WorkItem {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  expect: Expectation;
}

const json = { 'content-type': 'application/json' };

/** The workload against `host`'s own demo certificates. */
export function mixedWorkload(host: Host): WorkItem[] {
  const valid = demoUrl(host, 'valid (PS256');
  const validEs = demoUrl(host, 'valid (ES256');
  const revoked = demoUrl(host, 'revoked');
  const suspended = demoUrl(host, 'suspended');
  const tampered = demoUrl(host, 'tampered');
  const c = new URL(valid).searchParams.get('c') ?? '';
  const post = (
    name: string,
    body: unknown,
    expect: Expectation,
    path = '/v1/verify',
  ): WorkItem => ({
    name,
    method: 'POST',
    path,
    headers: json,
    body: JSON.stringify(body),
    expect,
  });
  return [
    post('valid PS256', { url: valid }, { status: 200, result: 'valid' }),
    post('valid ES256', { url: validEs }, { status: 200, result: 'valid' }),
    post(
      'revoked',
      { url: revoked },
      { status: 200, result: 'invalid', reason: 'qualification_revoked' },
    ),
    post(
      'suspended',
      { url: suspended },
      { status: 200, result: 'invalid', reason: 'qualification_suspended' },
    ),
    post(
      'tampered',
      { url: tampered },
      { status: 200, result: 'invalid', reason: 'signature_invalid' },
    ),
    post('bare payload', { c }, { status: 200, result: 'valid' }),
    post(
      'garbage payload',
      { c: 'not*base64!' },
      { status: 200, result: 'invalid', reason: 'malformed' },
    ),
    post(
      'foreign host',
      { url: `https://verify.evil.example/w/?c=${c}` },
      { status: 200, result: 'invalid', reason: 'not_a_credential_url' },
    ),
    post(
      'batch',
      { items: [{ url: valid }, { url: revoked }, { c: 'AAAA' }] },
      { status: 200, result: ['valid', 'invalid', 'invalid'] },
      '/v1/verify/batch',
    ),
    {
      name: 'not JSON',
      method: 'POST',
      path: '/v1/verify',
      headers: json,
      body: '{"url": ',
      expect: { status: 400, problem: '/not-json' },
    },
    {
      name: 'text/plain',
      method: 'POST',
      path: '/v1/verify',
      headers: { 'content-type': 'text/plain' },
      body: valid,
      expect: { status: 415, problem: '/unsupported-media-type' },
    },
    post('missing field', { qr: valid }, { status: 400, problem: '/invalid-request' }),
    {
      name: 'page',
      method: 'GET',
      path: new URL(valid).pathname + new URL(valid).search,
      expect: { status: 200, html: '有効です' },
    },
  ];
}

/** Why an answer does not meet its expectation, or undefined when it does. */
export function check(item: WorkItem, status: number, body: string): string | undefined {
  const e = item.expect;
  if (status !== e.status) return `${item.name}: HTTP ${status}, expected ${e.status}`;
  if (e.html !== undefined) return body.includes(e.html) ? undefined : `${item.name}: page text`;
  let doc: {
    result?: string;
    reasons?: { code: string }[];
    results?: { result: string }[];
    type?: string;
  };
  try {
    doc = JSON.parse(body) as typeof doc;
  } catch {
    return `${item.name}: body is not JSON`;
  }
  if (e.problem !== undefined) {
    return doc.type?.endsWith(e.problem) ? undefined : `${item.name}: problem ${doc.type}`;
  }
  if (Array.isArray(e.result)) {
    const got = (doc.results ?? []).map((r) => r.result);
    return JSON.stringify(got) === JSON.stringify(e.result)
      ? undefined
      : `${item.name}: ${got.join(',')}`;
  }
  if (doc.result !== e.result) return `${item.name}: result ${doc.result}`;
  if (e.reason !== undefined && doc.reasons?.[0]?.code !== e.reason) {
    return `${item.name}: reason ${doc.reasons?.[0]?.code}`;
  }
  return undefined;
}
