/**
 * The request log names the route, never the ids in the path: a certificate or registration
 * id is enough to tie a log line to a person.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, issue, removeDir, startRegistry, tempDir, type RunningRegistry } from './helpers';

interface Line {
  event: string;
  fields: Record<string, unknown>;
}

const lines: Line[] = [];
let r: RunningRegistry;
let ids: { certificateId: string; registrationId: string };

beforeAll(async () => {
  r = await startRegistry(await tempDir(), {
    logger: { log: (_level, event, fields = {}) => lines.push({ event, fields }) },
  });
  const issued = await issue(r);
  ids = { certificateId: issued.certificateId, registrationId: issued.registrationId };
});

afterAll(async () => {
  await r.stop();
  await removeDir(r.dataDir);
});

function requestLines(): Record<string, unknown>[] {
  return lines.filter((l) => l.event === 'request').map((l) => l.fields);
}

describe('request log', () => {
  it('logs a status lookup by its route pattern, without the certificate id', async () => {
    lines.length = 0;
    const res = await fetch(`${r.base}/registry/v1/certificates/${ids.certificateId}/status`);
    expect(res.status).toBe(200);
    expect(requestLines()).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/registry/v1/certificates/:certificateId/status',
        status: 200,
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain(ids.certificateId);
  });

  it('logs an admin history request without the registration id', async () => {
    lines.length = 0;
    const res = await admin(r, `/registrations/${ids.registrationId}/history`);
    expect(res.status).toBe(200);
    expect(requestLines()[0]?.path).toBe(
      '/registry/admin/v1/registrations/:registrationId/history',
    );
    expect(JSON.stringify(lines)).not.toContain(ids.registrationId);
  });

  it('logs a path no route answers as a pattern, not as the text the client sent', async () => {
    lines.length = 0;
    const res = await fetch(`${r.base}/registry/v1/no-such/${ids.certificateId}`);
    expect(res.status).toBe(404);
    expect(requestLines()).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toContain(ids.certificateId);
  });
});
