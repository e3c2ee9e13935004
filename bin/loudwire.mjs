#!/usr/bin/env node
// `npx loudwire`: the compiled CLI (dist/cli.js) when `npm run build` made one from the current source, so a
// command starts without compiling TypeScript; otherwise the source through tsx, saying why on a terminal.
import { compiledBuildState, freshCompiledEntry } from './compiled-build.mjs';

const compiled = freshCompiledEntry('cli.js');
let runCli;
if (compiled) {
  ({ runCli } = await import(compiled));
} else {
  // Said to a person at a terminal; scripts and tests that read stderr get only the command's own output.
  if (process.stderr.isTTY) {
    const state = compiledBuildState();
    const reason = state.fresh ? 'dist/cli.js is missing (npm run build)' : state.reason;
    process.stderr.write(`loudwire: running from source through tsx: ${reason}\n`);
  }
  const { register } = await import('tsx/esm/api');
  register();
  ({ runCli } = await import('../src/cli/loudwire.ts'));
}
process.exitCode = await runCli(process.argv);
