#!/usr/bin/env node
// The `kyojo` command. The TypeScript sources are compiled to dist/ by `npm install` (prepare).
import { main } from '../dist/cli/main.js';

main(process.argv).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`kyojo: ${err instanceof Error ? err.message : String(err)}\n`); process.exitCode = 1; },
);
