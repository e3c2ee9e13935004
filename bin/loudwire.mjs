#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx loudwire` needs no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/loudwire.ts');
process.exitCode = await runCli(process.argv);
