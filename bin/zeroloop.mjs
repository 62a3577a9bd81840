#!/usr/bin/env node
// Runs ZeroLoop's TypeScript sources directly: tsx compiles them as they load,
// so `npm install` needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
