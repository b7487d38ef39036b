/**
 * `npm run roster -- import <file>` loads the roster (JSON or CSV); `npm run roster -- list` prints it.
 * Talks to the running `npm start` stack if there is one, else opens DATA_DIR's database itself;
 * DYNAMODB_ENDPOINT + TABLE_NAME point it at any other DynamoDB (e.g. the deployed table with AWS credentials).
 */
import { existsSync, readFileSync } from 'node:fs';
import { DynamoRosterStore } from '../functions/adapters/dynamodb/roster-store.ts';
import { importRoster, rosterFormat } from '../functions/app/roster-import.ts';
import { openDb } from './cli-db.ts';
import { userPath } from './paths.ts';

const USAGE = 'usage: npm run roster -- import <file.json|file.csv>\n       npm run roster -- list';

async function main(argv: string[]): Promise<number> {
  const [cmd, given] = argv;
  const file = given === undefined ? undefined : userPath(given);
  if (cmd !== 'import' && cmd !== 'list') {
    console.error(USAGE);
    return 2;
  }
  if (cmd === 'import') {
    if (!file) {
      console.error(USAGE);
      return 2;
    }
    if (!existsSync(file)) {
      console.error(`文件不存在: ${given}`);
      return 2;
    }
    if (!rosterFormat(file)) {
      console.error('名册文件须为 .json 或 .csv');
      return 2;
    }
  }
  const { db, table, close } = await openDb();
  try {
    const store = new DynamoRosterStore(db, table);
    if (cmd === 'list') {
      for (const p of await store.listActive()) {
        const cert = p.certificate ? `${p.certificate.number} 至 ${p.certificate.validUntil}` : '无执法证';
        console.log(`${p.openId}\t${p.name}\t${p.department}\t${p.roles.join(',')}\t${cert}`);
      }
      return 0;
    }
    const result = await importRoster(readFileSync(file as string, 'utf8'), rosterFormat(file as string) as 'json' | 'csv', store, new Date());
    if (!result.ok) {
      console.error(`名册有 ${result.problems.length} 处错误，未导入任何记录：`);
      for (const p of result.problems) console.error(`  第 ${p.line} 行: ${p.message}`);
      return 1;
    }
    console.log(`已导入 ${result.written} 人${result.deactivated ? `，${result.deactivated} 人已移出名册` : ''}。`);
    return 0;
  } finally {
    await close();
  }
}

process.exitCode = await main(process.argv.slice(2));
