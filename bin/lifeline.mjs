#!/usr/bin/env node
// The `lifeline` command. Runs the TypeScript sources directly through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
// `lifeline demo-code | head -1` closes the pipe early: that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
process.exitCode = code;
// A command has finished: do not let a stray handle (a database worker, a timer) keep the process alive.
setTimeout(() => process.exit(code), 2000).unref();
