/**
 * The draw's operator and verifier commands:
 *
 *   npm run draw -- verify <draw file | URL> [--commitment <hash>]   recompute a draw; exit 0 if every step matches, 1 if not
 *   npm run draw -- targets import <file.json|file.csv>              replace the 检查对象名录库 (every bad row by line; nothing written unless all are good)
 *   npm run draw -- targets                                          how many targets the library holds
 *   npm run draw -- conflict add <open_id|姓名> <统一社会信用代码> <理由> --by <open_id|姓名>
 *   npm run draw -- conflict remove <open_id|姓名> <统一社会信用代码>
 *   npm run draw -- conflicts                                        the 回避名单
 *
 * `verify` needs nothing but the file: a path, or the URL of a draw's page or file on the public site
 * (`…/draws/<id>.html` reads `…/draws/<id>.json`). With `--commitment`, the hash posted before the draw
 * (the office's message, the page) is checked too. The others use the database as `npm run roster` does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { DynamoInspectionLibraryStore } from '../functions/adapters/dynamodb/library-store.ts';
import { DynamoRosterStore } from '../functions/adapters/dynamodb/roster-store.ts';
import { importTargets, recordConflict } from '../functions/app/draw/library-import.ts';
import { rosterFormat } from '../functions/app/roster-import.ts';
import { verifyDraw } from '../functions/domain/draw/verify.ts';
import type { Person } from '../functions/domain/roster/types.ts';
import { openDb, parseArgs } from './cli-db.ts';
import { userPath } from './paths.ts';

const USAGE = [
  'usage: npm run draw -- verify <抽取文件|网址> [--commitment <承诺哈希>]',
  '       npm run draw -- targets import <file.json|file.csv>',
  '       npm run draw -- targets',
  '       npm run draw -- conflict add <open_id|姓名> <统一社会信用代码> <理由> --by <open_id|姓名>',
  '       npm run draw -- conflict remove <open_id|姓名> <统一社会信用代码>',
  '       npm run draw -- conflicts',
].join('\n');

const MARK = { ok: '✓', mismatch: '✗', skipped: '-' } as const;

async function readDrawFile(source: string): Promise<{ text: string } | { error: string }> {
  if (/^https?:\/\//i.test(source)) {
    const url = source.replace(/\.html(?=$|[?#])/, '.json');
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
      if (!res.ok) return { error: `无法读取 ${url}：HTTP ${res.status}` };
      return { text: await res.text() };
    } catch (err) {
      return { error: `无法读取 ${url}：${(err as Error).message}` };
    }
  }
  const file = userPath(source);
  if (!existsSync(file)) return { error: `文件不存在：${source}` };
  return { text: readFileSync(file, 'utf8') };
}

async function verify(source: string | undefined, commitment: string | true | undefined): Promise<number> {
  if (!source) {
    console.error(USAGE);
    return 2;
  }
  const read = await readDrawFile(source);
  if ('error' in read) {
    console.error(read.error);
    return 2;
  }
  let json: unknown;
  try {
    json = JSON.parse(read.text);
  } catch (err) {
    console.error(`不是 JSON：${(err as Error).message}`);
    return 1;
  }
  const report = verifyDraw(json, typeof commitment === 'string' ? { publishedCommitment: commitment } : {});
  for (const s of report.steps) console.log(`${MARK[s.status]} ${s.step}：${s.message}`);
  console.log(report.ok ? '复核通过：每一步都与重新计算的结果一致。' : `复核未通过：${report.mismatches.length} 处不一致。`);
  return report.ok ? 0 : 1;
}

function findPerson(people: Person[], who: string): Person | string {
  const matches = people.filter((p) => p.openId === who || p.name === who);
  if (matches.length === 1) return matches[0] as Person;
  return matches.length === 0 ? `人员名册中没有 ${who}（请写 open_id 或姓名）` : `人员名册中有多人叫 ${who}，请写 open_id`;
}

async function main(argv: string[]): Promise<number> {
  const { positional, options } = parseArgs(argv);
  const [cmd, sub, ...rest] = positional;
  if (cmd === 'verify') return verify(sub, options.get('commitment'));
  if (cmd !== 'targets' && cmd !== 'conflict' && cmd !== 'conflicts') {
    console.error(USAGE);
    return 2;
  }
  let importText: { text: string; format: 'json' | 'csv' } | undefined;
  if (cmd === 'targets' && sub === 'import') {
    const given = rest[0];
    const file = given ? userPath(given) : '';
    const format = given ? rosterFormat(file) : null;
    if (!given || !existsSync(file) || !format) {
      console.error(!given ? USAGE : !existsSync(file) ? `文件不存在：${given}` : '名录库文件须为 .json 或 .csv');
      return 2;
    }
    importText = { text: readFileSync(file, 'utf8'), format };
  }
  const db = await openDb();
  try {
    const library = new DynamoInspectionLibraryStore(db.db, db.table);
    const roster = new DynamoRosterStore(db.db, db.table);
    if (cmd === 'targets') {
      if (!importText) {
        console.log(`检查对象名录库：${(await library.targets()).length} 户`);
        return 0;
      }
      const r = await importTargets(importText.text, importText.format, library, new Date());
      if (!r.ok) {
        console.error(`名录库文件有 ${r.problems.length} 处错误，未导入任何记录：`);
        for (const p of r.problems) console.error(`  第 ${p.line} 行：${p.message}`);
        return 1;
      }
      console.log(`已导入检查对象 ${r.written} 户${r.removed ? `，${r.removed} 户已移出名录库` : ''}。`);
      return 0;
    }
    const people = await roster.listActive();
    if (cmd === 'conflicts') {
      const byId = new Map(people.map((p) => [p.openId, p.name]));
      for (const c of await library.conflicts()) console.log(`${byId.get(c.openId) ?? c.openId}\t${c.creditCode}\t${c.reason}\t${c.recordedAt}`);
      return 0;
    }
    const [who, code, ...reason] = rest;
    if ((sub !== 'add' && sub !== 'remove') || !who || !code) {
      console.error(USAGE);
      return 2;
    }
    const person = findPerson(people, who);
    if (typeof person === 'string') {
      console.error(person);
      return 2;
    }
    if (sub === 'remove') {
      const removed = await library.removeConflict(person.openId, code.toUpperCase());
      console.log(removed ? `已删除 ${person.name} 与 ${code} 的回避记录。` : `没有 ${person.name} 与 ${code} 的回避记录。`);
      return 0;
    }
    const by = options.get('by');
    const recorder = typeof by === 'string' ? findPerson(people, by) : '请用 --by 写明记录人（open_id 或姓名）';
    if (typeof recorder === 'string') {
      console.error(recorder);
      return 2;
    }
    const r = await recordConflict({ person, creditCode: code, reason: reason.join(' '), recordedBy: recorder.openId, library, at: new Date() });
    if (!r.ok) {
      console.error(`未记录：${r.errors.join('；')}`);
      return 1;
    }
    console.log(`已记录：${person.name} 与 ${code.toUpperCase()} 回避（抽取时不会派其检查该对象）。`);
    return 0;
  } finally {
    await db.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
