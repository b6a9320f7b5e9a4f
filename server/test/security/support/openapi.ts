/**
 * Reads the operations of an OpenAPI 3.1 document (the ones the host serves) and builds
 * fast-check arbitraries from their JSON schemas: values that follow the schema's shape with
 * hostile leaves, and values that break it. Only what the fuzz needs: objects, arrays, strings,
 * numbers, booleans, enums, `$ref` to components, and `anyOf`/`oneOf`.
 */
import fc from 'fast-check';

export interface Operation {
  method: string;
  /** The path template, e.g. `/registry/admin/v1/certificates/{certificateId}/status`. */
  path: string;
  params: string[];
  /** The media types of the request body, with the schema of each. */
  body: Record<string, unknown>;
  secured: boolean;
}

type Schema = Record<string, unknown>;

/** Every operation of the document. */
export function operations(doc: Schema): Operation[] {
  const out: Operation[] = [];
  const paths = (doc.paths ?? {}) as Record<string, Record<string, Schema>>;
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'delete', 'patch'].includes(method)) continue;
      const content = ((op.requestBody as Schema | undefined)?.content ?? {}) as Record<
        string,
        Schema
      >;
      const body = Object.fromEntries(Object.entries(content).map(([t, c]) => [t, c.schema ?? {}]));
      const params = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
      const secured = Array.isArray(op.security) && op.security.length > 0;
      out.push({ method: method.toUpperCase(), path, params, body, secured });
    }
  }
  return out;
}

function resolve(doc: Schema, schema: unknown): Schema {
  let s = (schema ?? {}) as Schema;
  for (let i = 0; i < 10 && typeof s.$ref === 'string'; i++) {
    const name = s.$ref.replace('#/components/schemas/', '');
    s =
      (((doc.components as Schema | undefined)?.schemas ?? {}) as Record<string, Schema>)[name] ??
      {};
  }
  return s;
}

/** Strings an attacker would try: huge, control characters, lone surrogates, markup, paths. */
export const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    '\u0000',
    '\ud800',
    '<script>alert(1)</script>',
    '../../../../etc/passwd',
    'http://169.254.169.254/latest/meta-data/',
    "' OR 1=1 --",
    '%00%ff',
    'x'.repeat(20_000),
  ),
);

/** Any JSON value, nested a little. */
export const anyJson = fc.jsonValue({ maxDepth: 3 });

/**
 * Values shaped like `schema` (required members present, optional ones sometimes) whose leaves
 * are sometimes right and sometimes hostile or of the wrong type.
 */
export function shapedLike(doc: Schema, schema: unknown, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(doc, schema);
  const wrong = fc.oneof(
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    anyJson,
  );
  if (depth > 4) return wrong;
  const alternatives = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(alternatives) && alternatives.length > 0) {
    return fc.oneof(...alternatives.map((a) => shapedLike(doc, a, depth + 1)));
  }
  if (Array.isArray(s.enum)) return fc.oneof(fc.constantFrom(...(s.enum as unknown[])), wrong);
  switch (s.type) {
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, unknown>;
      const required = new Set((s.required ?? []) as string[]);
      const members = Object.fromEntries(
        Object.entries(props).map(([k, v]) => [k, shapedLike(doc, v, depth + 1)]),
      );
      const keys = Object.keys(props);
      return fc.oneof(
        {
          weight: 4,
          arbitrary: fc.record(members, { requiredKeys: keys.filter((k) => required.has(k)) }),
        },
        { weight: 1, arbitrary: wrong },
      );
    }
    case 'array': {
      const items = shapedLike(doc, s.items, depth + 1);
      return fc.oneof(
        { weight: 4, arbitrary: fc.array(items, { maxLength: 5 }) },
        { weight: 1, arbitrary: wrong },
      );
    }
    case 'string':
      return fc.oneof(hostileString, wrong);
    case 'integer':
    case 'number':
      return fc.oneof(
        fc.integer(),
        fc.constantFrom(-1, 0, 2 ** 53, Number.MAX_VALUE, 1e308),
        wrong,
      );
    case 'boolean':
      return fc.oneof(fc.boolean(), wrong);
    default:
      return wrong;
  }
}

/** A path parameter value: plausible ids, and strings that try to leave their segment. */
export const pathParam = fc.oneof(
  fc.uuid(),
  fc.stringMatching(/^[0-9]{1,20}$/),
  fc.constantFrom('D-000001', 'P-000001', '..', '%2e%2e', '%00', '%ff', 'a%2Fb', '1;DROP TABLE x'),
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
);
