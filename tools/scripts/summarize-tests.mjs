// Adds up the Jest JSON reports under reports/jest/ and prints one line per suite kind and
// the closing line `N passed, N failed` that CI reads.
import fs from 'node:fs';
import path from 'node:path';

const reportDir = path.resolve(import.meta.dirname, '../../reports/jest');
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
const files = fs.existsSync(reportDir) ? fs.readdirSync(reportDir).filter((f) => f.endsWith('.json')) : [];
for (const file of files.sort()) {
  const report = JSON.parse(fs.readFileSync(path.join(reportDir, file), 'utf8'));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  if (report.numRuntimeErrorTestSuites > 0) {
    totals.failed += report.numRuntimeErrorTestSuites;
    failures.push(`${file}: ${report.numRuntimeErrorTestSuites} suite(s) failed to run`);
  }
  for (const suite of report.testResults) {
    for (const test of suite.assertionResults) {
      if (test.status === 'failed')
        failures.push(`${path.relative(process.cwd(), suite.name)} › ${test.fullName}`);
    }
  }
}
if (failures.length > 0) {
  console.log('\nFailed tests:');
  for (const failure of failures) console.log(`  ✕ ${failure}`);
}
console.log(`\n${files.length} test reports`);
console.log(
  `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`,
);
process.exit(totals.failed > 0 || files.length === 0 ? 1 : 0);
