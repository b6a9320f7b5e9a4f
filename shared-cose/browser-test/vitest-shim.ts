/**
 * What the shared-cose tests import from 'vitest', for the in-browser run: the real Vitest
 * runner (@vitest/runner: describe, it, hooks, skipIf, each, timeouts) and the real `expect`
 * (@vitest/expect on chai), assembled the way Vitest assembles them. The runner script aliases
 * 'vitest' to this file; a test that needs more of Vitest (vi, snapshots) fails to load and is
 * reported as such.
 */
import {
  ASYMMETRIC_MATCHERS_OBJECT,
  GLOBAL_EXPECT,
  JestAsymmetricMatchers,
  JestChaiExpect,
  JestExtend,
  chai,
  getState,
  setState,
} from '@vitest/expect';
import { getCurrentTest } from '@vitest/runner';

export {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  it,
  suite,
  test,
} from '@vitest/runner';

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(JestAsymmetricMatchers);

type Expect = ((value: unknown, message?: string) => Chai.Assertion) & Record<string, unknown>;

const expectFn = ((value: unknown, message?: string) => {
  const { assertionCalls } = getState(expectFn as never) as { assertionCalls: number };
  setState({ assertionCalls: assertionCalls + 1 }, expectFn as never);
  const assertion = chai.expect(value, message) as Chai.Assertion & {
    withTest?: (t: unknown) => Chai.Assertion;
  };
  const current = getCurrentTest();
  return current && assertion.withTest ? assertion.withTest(current) : assertion;
}) as Expect;

Object.assign(expectFn, chai.expect);
Object.assign(
  expectFn,
  (globalThis as Record<PropertyKey, unknown>)[ASYMMETRIC_MATCHERS_OBJECT] as object,
);
setState(
  {
    assertionCalls: 0,
    isExpectingAssertions: false,
    isExpectingAssertionsError: null,
    expectedAssertionsNumber: null,
    expectedAssertionsNumberErrorGen: null,
  },
  expectFn as never,
);
(globalThis as Record<PropertyKey, unknown>)[GLOBAL_EXPECT] = expectFn;

export const expect = expectFn as unknown as typeof import('vitest').expect;
