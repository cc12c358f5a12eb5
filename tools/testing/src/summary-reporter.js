// Ends the jest output with one plain line, "N passed, N failed, N skipped",
// that CI systems read whatever the runner.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const suitesFailed = results.numFailedTestSuites;
    if (suitesFailed && !results.numFailedTests) console.log(`${suitesFailed} test suite(s) failed to run`);
    console.log(`${results.numPassedTests} passed, ${results.numFailedTests + (results.numRuntimeErrorTestSuites || 0)} failed, ${skipped} skipped`);
  }
}
module.exports = SummaryReporter;
