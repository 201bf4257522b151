import type { ValidationReport } from './validation-report.js';

/**
 * The report as text for people: a verdict, the counts, then each SetupIntent with findings,
 * its timeline in the order judged, and what is wrong with which event.
 */
export function formatValidationReport(report: ValidationReport): string {
  const { stats } = report;
  const lines: string[] = [
    report.valid ? 'VALID: every SetupIntent history in the log is possible.' : `INVALID: ${report.issues.length} issue(s) in ${stats.setup_intents_with_issues} SetupIntent(s).`,
    `${stats.events} event(s), ${stats.unique_events} distinct, ${stats.duplicates} duplicate deliveries, ${stats.setup_intents} SetupIntent(s), ${stats.unchecked_events} event(s) of unchecked types.`,
  ];
  const general = report.issues.filter((issue) => issue.setup_intent === null);
  if (general.length > 0) {
    lines.push('', 'Events not tied to a SetupIntent:');
    for (const issue of general) {
      lines.push(`  ✗ ${issue.code}${issue.event_id === null ? '' : ` (${issue.event_id})`}: ${issue.message}`);
    }
  }
  // Issues found once their SetupIntent was judged clean or released (a conflicting duplicate, a late event).
  const untimed = report.issues.filter((issue) => issue.setup_intent !== null && report.timelines[issue.setup_intent] === undefined);
  if (untimed.length > 0) {
    lines.push('', 'Issues outside the SetupIntent timelines:');
    for (const issue of untimed) {
      lines.push(`  ✗ ${issue.code}${issue.event_id === null ? '' : ` at ${issue.event_id}`} (${String(issue.setup_intent)}): ${issue.message}`);
    }
  }
  for (const [intent, timeline] of Object.entries(report.timelines)) {
    lines.push('', `${intent}:`);
    for (const entry of timeline) {
      const mark = entry.issues.length === 0 ? '  ' : '✗ ';
      lines.push(`  ${mark}${new Date(entry.created * 1000).toISOString()}  ${entry.type.padEnd(29)} ${entry.status.padEnd(24)} ${entry.event_id}`);
    }
    for (const issue of report.issues.filter((finding) => finding.setup_intent === intent)) {
      lines.push(`    issue ${issue.code}${issue.event_id === null ? '' : ` at ${issue.event_id}`}: ${issue.message}`);
    }
    for (const note of report.notes.filter((finding) => finding.setup_intent === intent)) {
      lines.push(`    note ${note.code}: ${note.message}`);
    }
  }
  const otherNotes = report.notes.filter((note) => note.setup_intent === null || report.timelines[note.setup_intent] === undefined);
  if (otherNotes.length > 0) {
    lines.push('', 'Notes:');
    for (const note of otherNotes) {
      lines.push(`  ${note.code}: ${note.message}`);
    }
  }
  return lines.join('\n');
}
