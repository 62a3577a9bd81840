// Starts the HMIS reader's worker thread from the TypeScript source (tests, and a command
// run without a build): registers tsx in this thread, then loads the worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./read-worker.ts');
