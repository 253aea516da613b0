// Every test must assert something: a test whose expectations sit in a callback that never ran
// (a catch that nothing reached, a handler never called) fails instead of passing silently.
import { beforeEach, expect } from 'vitest';

beforeEach(() => {
  expect.hasAssertions();
});
