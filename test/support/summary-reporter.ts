/**
 * Prints the closing line a CI reader understands: `N passed, N failed, N skipped`.
 * Vitest's own summary stays above it. A failing hook (beforeAll) or a file that cannot
 * load leaves its tests skipped; each such module or suite counts as one failure here,
 * so the line never reads green when the run was not.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      let failedTests = 0;
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failedTests++;
        else skipped++;
      }
      failed += failedTests;
      let suiteErrors = mod.errors().length > 0 ? 1 : 0;
      for (const suite of mod.children.allSuites()) if (suite.errors().length > 0) suiteErrors++;
      failed += suiteErrors;
      if (failedTests === 0 && suiteErrors === 0 && mod.state() === 'failed') failed++;
    }
    failed += errors.length;
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
