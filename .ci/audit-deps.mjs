// Fails CI when npm audit reports a high or critical vulnerability in a production dependency.
// When the registry refuses the advisory endpoint (some mirrors answer 405), it says so loudly
// and does not fail: the audit was not performed, which is not the same as a finding.
import { execFileSync } from 'node:child_process';

let text;
try {
  text = execFileSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
} catch (err) {
  // npm audit exits non-zero when it finds anything; its JSON is still on stdout.
  text = err.stdout ?? '';
}
let report;
try {
  report = JSON.parse(text);
} catch {
  console.log(`npm audit: no JSON answer; dependency audit NOT performed (${text.slice(0, 200)})`);
  process.exit(0);
}
const counts = report.metadata?.vulnerabilities;
if (!counts) {
  console.log(`npm audit: the advisory database could not be queried (${report.message ?? report.error?.summary ?? 'unknown error'}); dependency audit NOT performed`);
  process.exit(0);
}
const serious = (counts.high ?? 0) + (counts.critical ?? 0);
console.log(`npm audit (production dependencies): ${counts.critical ?? 0} critical, ${counts.high ?? 0} high, ${counts.moderate ?? 0} moderate, ${counts.low ?? 0} low`);
if (serious > 0) {
  for (const [name, v] of Object.entries(report.vulnerabilities ?? {})) {
    if (v.severity === 'high' || v.severity === 'critical') console.log(`  ${v.severity}: ${name} ${v.range ?? ''} (fix: ${typeof v.fixAvailable === 'object' ? `${v.fixAvailable.name}@${v.fixAvailable.version}` : v.fixAvailable})`);
  }
  process.exit(1);
}
