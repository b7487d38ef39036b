/**
 * `npm run lists -- import <file> --by <open_id|姓名> [--kind matters|inspection_items] [--whole]`:
 * a section's rows of the 行政执法事项清单 or the 随机抽查事项清单 (JSON or CSV) as a new draft. Every bad
 * row is reported by line first and then nothing is written. The draft is then submitted, reviewed
 * and approved in Feishu (发送「清单」). `npm run lists -- show` prints the three lists' state.
 */
import { readFileSync, existsSync } from 'node:fs';
import { DynamoListStore } from '../functions/adapters/dynamodb/list-store.ts';
import { DynamoRosterStore } from '../functions/adapters/dynamodb/roster-store.ts';
import { guessListKind, importListFile, listKindFromName } from '../functions/app/lists/import-file.ts';
import { LISTS_CONFIG } from '../functions/app/public-site.ts';
import { rosterFormat } from '../functions/app/roster-import.ts';
import { LIST_KINDS, LIST_STATE_LABELS } from '../functions/domain/lists/index.ts';
import type { Person } from '../functions/domain/roster/types.ts';
import { openDb, parseArgs } from './cli-db.ts';
import { userPath } from './paths.ts';

const USAGE = [
  'usage: npm run lists -- import <file.json|file.csv> --by <open_id|姓名> [--kind matters|inspection_items] [--whole]',
  '       npm run lists -- show',
].join('\n');

async function main(argv: string[]): Promise<number> {
  const { positional, options } = parseArgs(argv);
  const [cmd, given] = positional;
  if (cmd !== 'import' && cmd !== 'show') {
    console.error(USAGE);
    return 2;
  }
  let text = '';
  let format: 'json' | 'csv' = 'json';
  if (cmd === 'import') {
    if (!given || typeof options.get('by') !== 'string') {
      console.error(USAGE);
      return 2;
    }
    const file = userPath(given);
    if (!existsSync(file)) {
      console.error(`文件不存在：${given}`);
      return 2;
    }
    const f = rosterFormat(file);
    if (!f) {
      console.error('清单文件须为 .json 或 .csv');
      return 2;
    }
    format = f;
    text = readFileSync(file, 'utf8');
  }
  const db = await openDb();
  try {
    const lists = new DynamoListStore(db.db, db.table);
    const roster = new DynamoRosterStore(db.db, db.table);
    if (cmd === 'show') {
      for (const kind of LIST_KINDS) {
        const h = await lists.head(kind);
        const cur = h.current ? `现行第 ${h.current.version} 版（${h.current.rows.length} 项）` : '尚未发布';
        const open = h.open ? `，在办第 ${h.open.version} 版：${LIST_STATE_LABELS[h.open.state]}（${h.open.author.department}）` : '';
        console.log(`${LISTS_CONFIG.titles[kind]}：${cur}${open}`);
      }
      return 0;
    }
    const kindOption = options.get('kind');
    const kind = typeof kindOption === 'string' ? listKindFromName(kindOption) : guessListKind(text, format);
    if (!kind || kind === 'officers') {
      console.error(
        typeof kindOption === 'string' && kind === 'officers'
          ? '执法人员名录由行政审批科在飞书中从人员名册生成（发送「清单」），不从文件导入。'
          : '请用 --kind 指明清单：matters（行政执法事项清单）或 inspection_items（随机抽查事项清单）。',
      );
      return 2;
    }
    const by = options.get('by') as string;
    const people = await roster.listActive();
    const matches = people.filter((p: Person) => p.openId === by || p.name === by);
    if (matches.length !== 1) {
      console.error(matches.length === 0 ? `人员名册中没有 ${by}（请写 open_id 或姓名）` : `人员名册中有多人叫 ${by}，请写 open_id`);
      return 2;
    }
    const result = await importListFile({ kind, text, format, author: matches[0] as Person, whole: options.get('whole') === true, lists, roster, at: new Date() });
    if (!result.ok) {
      if ('problems' in result) {
        console.error(`${LISTS_CONFIG.titles[kind]}文件有 ${result.problems.length} 处错误，未导入任何内容：`);
        for (const p of result.problems) console.error(`  第 ${p.line} 行：${p.message}`);
      } else {
        console.error(`未导入：${result.errors.join('；')}`);
      }
      return 1;
    }
    console.log(`已导入${LISTS_CONFIG.titles[kind]}第 ${result.version.version} 版草稿（${result.version.rows.length} 项；与现行版本相比：${result.summary}）。`);
    console.log('请在飞书中发送「清单」，查看后提交审核；行政审批科审核、负责人批准后发布到公示网站。');
    return 0;
  } finally {
    await db.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
