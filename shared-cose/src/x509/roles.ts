/**
 * The roles a certificate of this project can hold, each an extended key usage OID of our own
 * under a UUID arc (ITU-T X.667, `2.25.<uuid>`), so no registration is needed and no other
 * system's OID can collide. See docs/ARCHITECTURE.md "Roles".
 */
export const ROLE_ARC = '2.25.145444660592322183718116230663769507353';

export const ROLE_OIDS = {
  credentialSigner: `${ROLE_ARC}.1.1`,
  statusListSigner: `${ROLE_ARC}.1.2`,
  verifier: `${ROLE_ARC}.1.3`,
} as const;

export type Role = keyof typeof ROLE_OIDS;
