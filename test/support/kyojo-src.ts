// Runs the `kyojo` CLI from the TypeScript sources (tests spawn this with `node --import tsx`),
// so tests exercise the code under test rather than a possibly stale dist/ build.
import { main } from '../../src/cli/main.js';

main(process.argv).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => { process.stderr.write(`kyojo: ${String(err)}\n`); process.exitCode = 1; },
);
