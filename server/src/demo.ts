/**
 * The demo certificates seeded at first start (valid PS256, valid ES256, revoked, suspended,
 * tampered), issued through the registry admin API over HTTP and remembered in the data
 * directory, so every start can print their URLs.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { adminClient, tamper } from './admin-client';

export interface DemoCertificate {
  label: string;
  expected: string;
  url: string;
}

const FILE = 'demo.json';

const PEOPLE = [
  { holderName: '山田 太郎', birthDate: '1985-04-01', registrationNumber: '100001' },
  { holderName: '佐藤 花子', birthDate: '1990-11-23', registrationNumber: '100002' },
  { holderName: '鈴木 一郎', birthDate: '1978-07-07', registrationNumber: '100003' },
  { holderName: '高橋 美咲', birthDate: '1995-02-14', registrationNumber: '100004' },
  { holderName: '田中 健', birthDate: '1982-09-30', registrationNumber: '100005' },
];

/** Seeds the demo certificates once; later starts read them back. */
export async function ensureDemo(
  dataDir: string,
  base: string,
  token: string,
): Promise<DemoCertificate[]> {
  const path = join(dataDir, FILE);
  try {
    return JSON.parse(await readFile(path, 'utf8')) as DemoCertificate[];
  } catch {
    // First start: seed below.
  }
  const admin = adminClient(base, token);
  const common = {
    qualificationName: '小型船舶操縦士',
    issuingBody: 'DQCV デモ交付機関',
    registrationDate: '2024-04-01',
  };
  const issue = (i: number, alg: 'PS256' | 'ES256') =>
    admin.issue({ ...common, ...PEOPLE[i], alg });

  const valid = await issue(0, 'PS256');
  const validEs = await issue(1, 'ES256');
  const revoked = await issue(2, 'PS256');
  await admin.setStatus(revoked.certificateId, 'revoked');
  const suspended = await issue(3, 'PS256');
  await admin.setStatus(suspended.certificateId, 'suspended');
  const original = await issue(4, 'PS256');

  const demo: DemoCertificate[] = [
    { label: 'valid (PS256, RSA-2048)', expected: '有効です', url: valid.url },
    { label: 'valid (ES256, P-256)', expected: '有効です', url: validEs.url },
    { label: 'revoked 取消', expected: '無効です（資格は取り消されています）', url: revoked.url },
    {
      label: 'suspended 一時停止',
      expected: '無効です（資格は一時停止されています）',
      url: suspended.url,
    },
    {
      label: 'tampered (one payload byte changed)',
      expected: '無効です（署名が正しくありません。改ざんの可能性があります）',
      url: tamper(original.url, PEOPLE[4]!.registrationNumber),
    },
  ];
  await writeFile(path, JSON.stringify(demo, null, 2), { mode: 0o600 });
  return demo;
}
