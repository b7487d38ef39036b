/**
 * The statistics' operator command:
 *
 *   npm run stats -- rebuild [--year YYYY] [--check]
 *
 * Recomputes every case's and draw's share from the record logs (cases through the case-number
 * counter: a Query of the counter and a Get/Query per case, no Scan), compares it with the stored month
 * buckets and prints every disagreement; without `--check` it then writes the rebuilt buckets, snapshots
 * and figure listings. `--year` limits the months compared and written to that year's (the cases of
 * every year are read: a case filed earlier may count in it). Exit 0 when stored and rebuilt agree (or
 * after writing), 1 when `--check` found a disagreement, 2 on bad usage. Run it while nothing else writes
 * (the live aggregator and a rebuild write the same snapshots). Uses the database as `npm run roster`.
 */
import { DynamoDrawStore } from '../functions/adapters/dynamodb/draw-store.ts';
import { DynamoStatisticsStore } from '../functions/adapters/dynamodb/statistics-store.ts';
import { caseSubjects, monthsSince, rebuildStatistics } from '../functions/app/statistics/rebuild.ts';
import { shanghaiDate } from '../functions/domain/deadlines/local-date.ts';
import { aggregatorDeps } from '../functions/handlers/aggregator.ts';
import { openDb } from './cli-db.ts';

const USAGE = 'usage: npm run stats -- rebuild [--year YYYY] [--check]';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'rebuild') {
    console.error(USAGE);
    return 2;
  }
  let year: number | undefined;
  let check = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--check') check = true;
    else if (a === '--year' && /^\d{4}$/.test(rest[i + 1] ?? '')) year = Number(rest[++i]);
    else {
      console.error(`unknown argument: ${a}\n${USAGE}`);
      return 2;
    }
  }
  const db = await openDb();
  try {
    const deps = aggregatorDeps(db.db, db.table);
    const store = new DynamoStatisticsStore(db.db, db.table);
    const issued = await store.issuedCaseNumbers();
    const draws = await new DynamoDrawStore(db.db, db.table).list();
    const subjects = [...caseSubjects(issued), ...draws.map((d) => ({ kind: 'draw' as const, id: d.drawId }))];
    const thisMonth = shanghaiDate(new Date()).slice(0, 7);
    const months = year !== undefined ? monthsSince(year, `${year}-12`) : monthsSince(issued[0]?.year ?? Number(thisMonth.slice(0, 4)), thisMonth);
    const report = await rebuildStatistics(subjects, deps, { months, write: !check });
    console.log(`cases and draws read: ${report.subjects}; months compared: ${months[0]} … ${months.at(-1)}`);
    for (const p of report.problems) console.log(`unreadable entry (skipped): ${p}`);
    if (report.disagreements.length === 0) console.log('stored and rebuilt agree');
    else for (const d of report.disagreements) console.log(`disagree: ${d}`);
    if (report.written) console.log('rebuilt buckets, snapshots and figure lists written');
    for (const u of report.unsettled) console.log(`still changing while rebuilt, not written: ${u} (run the rebuild again)`);
    if (report.unsettled.length > 0) return 1;
    return check && report.disagreements.length > 0 ? 1 : 0;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
