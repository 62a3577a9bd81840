import { afterEach } from 'vitest';
import { testServers } from './api.ts';

// A response that does not match its route's declared schema fails the test that
// caused it, whatever that test asserted about the response.
afterEach(() => {
  const found: string[] = [];
  for (const app of testServers) found.push(...app.responseViolations.splice(0));
  if (found.length > 0) throw new Error(`Responses that do not match their schemas:\n${found.join('\n')}`);
});
