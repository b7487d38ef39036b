/**
 * 事前公开 and 双随机 end to end, over HTTP exactly as Feishu sends it: every tap is built from a card the
 * bot actually sent (the button found by its text, its value sent back). A list goes from
 * `npm run lists -- import` through review and approval to the public site; a draw goes from 抽查 to
 * its public page, and `npm run draw -- verify` recomputes it from the page's URL; an inspector's
 * 转立案 opens the filing form filled in with the target, and filing it makes the case; at a task's
 * reminder time `POST /_dev/tick` fires its schedule and the inspectors get the task card, whose button
 * records the result.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DynamoDeadlineStore } from '../../functions/adapters/dynamodb/deadline-store.ts';
import { shanghaiDate } from '../../functions/domain/shared/time.ts';
import { buttons, buttonValue, prefilled } from '../helpers/cards.ts';
import { runCli } from '../helpers/cli.ts';
import { cardAction, messageEvent, postFeishu, USERS } from '../helpers/feishu.ts';
import { useTestStack } from '../helpers/stack.ts';
import { uscc } from '../unit/draw/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'lists-draw-e2e-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

// The sample roster and two more certified officers, so that a conflict still leaves two inspectors.
const ZHENG = 'ou_e2e_zheng000000000000000000000001';
const FENG = 'ou_e2e_feng0000000000000000000000002';
const OFFICE_CHAT = 'oc_office_group_e2e';
const roster = [
  ...(JSON.parse(readFileSync('local/sample-roster.json', 'utf8')) as unknown[]),
  { open_id: ZHENG, name: '郑十', department: '运行监测科', roles: ['officer'], certificate: { number: '川执5101010', valid_until: '2030-12-31' } },
  { open_id: FENG, name: '冯十一', department: '产业发展科', roles: ['执法人员'], certificate: { number: '川执5101011', valid_until: '2030-12-31' } },
];

const getStack = useTestStack({ rosterFile: file('roster.json', JSON.stringify(roster)), officeChatId: OFFICE_CHAT });
const events = () => `${getStack().botUrl}/feishu/events`;
const cards = () => `${getStack().botUrl}/feishu/cards`;
const lists = (args: string[]) => runCli('local/lists-cli.ts', getStack(), args);
const draw = (args: string[]) => runCli('local/draw-cli.ts', getStack(), args);

async function say(openId: string, text: string) {
  const ev = messageEvent({ openId, text });
  expect((await postFeishu(events(), ev)).status).toBe(200);
  await getStack().jobs.idle();
  return getStack().sim.messages().filter((m) => m.parent_id === ev.event.message.message_id);
}

/** Taps a button of a card the bot sent, as `openId`, with the form's values if it is a form's button. */
async function tap(openId: string, card: unknown, text: string, formValue?: Record<string, unknown>, messageId?: string) {
  const res = await postFeishu(cards(), cardAction({ openId, value: buttonValue(card, text), ...(formValue ? { formValue } : {}), ...(messageId ? { messageId } : {}) }));
  expect(res.status).toBe(200);
  await getStack().jobs.idle();
  return res.json as { toast?: { type: string; content: string }; card?: { data: unknown } };
}

const sentTo = (openId: string) => getStack().sim.messages().filter((m) => m.receive_id === openId);
const publicPage = (path: string) => fetch(`${getStack().botUrl}/public/${path}`);

const ITEM = '工业企业节能监察';
const ITEMS_CSV = [
  '抽查事项,抽查依据,检查科室,抽查内容,抽查方式,事项类别,抽查比例',
  `${ITEM},《中华人民共和国节约能源法》第十二条,运行监测科,能源利用状况和节能制度落实情况,现场检查,一般,5%`,
  '工业企业安全生产检查,"《中华人民共和国安全生产法》第六十二条",运行监测科,安全生产责任制落实情况,现场检查,重点,',
].join('\n');

// Each test runs the CLIs (`npm run lists`, `npm run draw`) as child processes: seconds each on a loaded machine.
describe('a list, from import to publication', { timeout: 120_000 }, () => {
  it('refuses a file with bad rows by line and writes nothing', async () => {
    const bad = file('bad-items.csv', `${ITEMS_CSV}\n未写科室的事项,依据,,内容,方式,偶尔,\n${ITEM},重复,运行监测科,内容,方式,一般,\n`);
    const run = await lists(['import', bad, '--by', '张三']);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain('第 4 行');
    expect(run.stderr).toContain('检查科室');
    expect(run.stderr).toContain('第 5 行');
    expect(run.stderr).toContain('与第 2 行重复');
    expect((await getStack().services.lists.head('inspection_items')).open).toBeNull();
  });

  it('imports a section’s draft; 提交审核, 审核通过, 批准并发布 on the cards; the site gets it', async () => {
    const run = await lists(['import', file('items.csv', ITEMS_CSV), '--by', '张三']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('已导入随机抽查事项清单第 1 版草稿（2 项');

    const [overview] = await say(USERS.zhang, '清单');
    const show = buttons(overview?.content).find((b) => b.text === '查看' && b.value.kind === 'inspection_items')!;
    const listCard = (await postFeishu(cards(), cardAction({ openId: USERS.zhang, value: show.value }))).json.card.data;
    expect(JSON.stringify(listCard)).toContain('新增：工业企业节能监察');
    const submitted = await tap(USERS.zhang, listCard, '提交审核');
    expect(submitted.toast).toEqual({ type: 'success', content: '已提交行政审批科审核' });
    // A draft never reaches the site.
    expect((await publicPage('lists/inspection_items.html')).status).toBe(404);

    const [review] = sentTo(USERS.zhao);
    expect(JSON.stringify(review?.content)).toContain('运行监测科提交了随机抽查事项清单第 1 版，请审核');
    const reviewed = await tap(USERS.zhao, review?.content, '审核通过', { note: '' });
    expect(reviewed.toast?.content).toBe('审核通过，已送负责人批准');
    const [approve] = sentTo(USERS.head);
    const approved = await tap(USERS.head, approve?.content, '批准并发布', { note: '同意' });
    expect(approved.toast?.content).toBe('已批准并发布，公示网站即将更新');

    const page = await publicPage('lists/inspection_items.html');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('现行版本：第 1 版');
    expect(html).toContain(ITEM);
    expect(html).toContain('能源利用状况和节能制度落实情况');
    expect(html).not.toContain('张三');
    expect((await publicPage('lists/inspection_items-v1.html')).status).toBe(200);
    expect(await (await publicPage('')).text()).toContain('href="lists/inspection_items.html"');
    expect(JSON.stringify(sentTo(USERS.zhang).map((m) => m.content))).toContain('随机抽查事项清单第 1 版已发布到公示网站');
    // The record log has the whole chain.
    expect((await getStack().services.lists.records('inspection_items')).map((r) => r.action)).toEqual([
      'list.draft_created',
      'list.submitted',
      'list.reviewed',
      'list.approved',
      'list.published',
    ]);
  });
});

describe('a draw, from 抽查 to the public page, verified by the CLI', { timeout: 120_000 }, () => {
  const TARGETS_CSV = [
    '名称,统一社会信用代码,类型,风险等级,行业标签,地址',
    ...Array.from({ length: 6 }, (_, i) => `甘孜州工业企业${i + 1}有限公司,${uscc(i + 1)},企业,${i % 2 === 0 ? 'B' : 'C'},工业,康定市炉城镇${i + 1}号`),
  ].join('\n');
  let drawId = '';
  let commitmentHash = '';
  let deadline = '';
  /** The task cards the inspectors got (the fake is emptied before each test). */
  let taskCards: { to: string; content: unknown }[] = [];

  it('imports the target library (bad rows by line first) and records a conflict of interest', async () => {
    const bad = await draw(['targets', 'import', file('bad-targets.csv', `${TARGETS_CSV}\n某五金店,915133000000009999,个体工商户,B,零售,某街1号\n`)]);
    expect(bad.code, bad.stderr).toBe(1);
    expect(bad.stderr).toContain('第 8 行');
    expect(bad.stderr).toContain('统一社会信用代码');
    expect(await getStack().services.library.targets()).toEqual([]);
    const ok = await draw(['targets', 'import', file('targets.csv', TARGETS_CSV)]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('已导入检查对象 6 户');
    const conflict = await draw(['conflict', 'add', '李四', uscc(1), '配偶任该企业财务负责人', '--by', '赵六']);
    expect(conflict.code, conflict.stderr).toBe(0);
    expect((await getStack().services.library.conflicts())[0]).toMatchObject({ openId: USERS.li, creditCode: uscc(1), recordedBy: USERS.zhao });
  });

  it('draws: the commitment reaches the office before the result; the page shows both; verify passes', async () => {
    const [form] = await say(USERS.wu, '抽查');
    expect(JSON.stringify(form?.content)).toContain(ITEM);
    deadline = shanghaiDate(new Date(Date.now() + 30 * 86_400_000));
    const started = await tap(USERS.wu, form?.content, '抽取', {
      plan_id: '本年度工业节能专项抽查',
      list_item: '工业企业安全生产检查',
      deadline,
      target_types: 'all',
      risk_levels: '',
      sector_tags: '工业',
      sample: '3',
      inspectors_per_target: '2',
      specialties: '',
    });
    expect(started.toast?.type, JSON.stringify(started.toast)).toBe('success');
    drawId = /抽取编号 (\S+?)；/.exec(started.toast!.content)![1]!;

    const office = sentTo(USERS.sun).map((m) => JSON.stringify(m.content));
    expect(office).toHaveLength(2);
    commitmentHash = /承诺哈希：([0-9a-f]{64})/.exec(office[0]!)![1]!;
    expect(office[0]).toContain('抽取承诺');
    expect(office[1]).toContain('抽取结果');
    const group = getStack().sim.messages().filter((m) => m.receive_id === OFFICE_CHAT && m.receive_id_type === 'chat_id');
    expect(group).toHaveLength(2);

    const html = await (await publicPage(`draws/${drawId}.html`)).text();
    expect(html).toContain(commitmentHash);
    expect(html).toContain('抽取结果');
    expect(html).not.toContain('配偶');
    expect(html).not.toContain('康定市炉城镇');
    expect(await (await publicPage('draws/index.html')).text()).toContain(`${drawId}.html`);

    taskCards = getStack().sim.messages().filter((m) => JSON.stringify(m.content).includes('双随机检查任务')).map((m) => ({ to: m.receive_id ?? '', content: m.content }));
    expect(taskCards).toHaveLength(6); // 3 targets × 2 inspectors
    const file = await getStack().services.draws.file(drawId);
    for (const t of file!.file.result.targets) {
      expect(t.inspectors).toHaveLength(2);
      if (t.creditCode === uscc(1)) expect(t.inspectors.map((i) => i.name)).not.toContain('李四');
    }

    const verified = await draw(['verify', `${getStack().botUrl}/public/draws/${drawId}.html`, '--commitment', commitmentHash]);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toContain('✓ 与公布的承诺核对');
    expect(verified.stdout).toContain('复核通过');
  });

  it('catches a library changed after the commitment', async () => {
    const published = JSON.parse(await (await publicPage(`draws/${drawId}.json`)).text());
    published.libraries.targets[0].riskLevel = published.libraries.targets[0].riskLevel === 'D' ? 'C' : 'D';
    const tampered = await draw(['verify', file('tampered.json', JSON.stringify(published)), '--commitment', commitmentHash]);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain('✗ 检查对象名录库');
    expect(tampered.stdout).toContain('复核未通过');
  });

  it('lets an inspector record 转立案, which opens the filing form with the target; filing it makes the case', async () => {
    const tasks = await getStack().services.draws.tasks(drawId);
    const task = tasks[0]!;
    const inspector = task.inspectors[0]!;
    const card = taskCards.find((m) => m.to === inspector.openId && JSON.stringify(m.content).includes(task.creditCode));
    const answer = await tap(inspector.openId, card?.content, '转立案');
    expect(answer.toast?.content).toBe('已记录：转立案，请填写立案登记表');
    const form = answer.card!.data;
    const values = prefilled(form);
    expect(values).toMatchObject({ party_name: task.name, party_type: 'organization', party_id: task.creditCode, case_type: '行政处罚' });
    const filed = await tap(inspector.openId, form, '提交', {
      ...values,
      procedure: 'ordinary',
      summary: '双随机抽查发现未按规定开展能源审计。',
      legal_basis: '《中华人民共和国节约能源法》第八十三条',
      officers: task.inspectors.map((i) => i.openId),
    });
    expect(filed.toast?.type, JSON.stringify(filed.toast)).toBe('success');
    expect(filed.toast?.content).toContain('立案成功');
    const caseNumber = /立案成功：(.+)$/.exec(filed.toast!.content)![1]!;
    const year = caseNumber.match(/〔(\d{4})〕/)![1];
    const c = await getStack().services.cases.get(`${year}-000001`);
    expect(c?.party).toEqual({ name: task.name, type: 'organization', idNumber: task.creditCode });
    expect(await (await publicPage(`draws/${drawId}.html`)).text()).toContain('发现问题，已转立案查处');
    const records = await getStack().services.draws.records(drawId);
    expect(records.at(-1)).toMatchObject({ action: 'inspection.recorded', actor: inspector.openId, detail: { outcome: 'case_referred' } });
  });

  it('reminds an open task’s inspectors at its reminder time with the task card, whose button records the result', async () => {
    const store = new DynamoDeadlineStore(getStack().db, getStack().tableName);
    const tasks = await getStack().services.draws.tasks(drawId);
    // The 转立案 above: its inspection met, its result published by the draw's job, so its publication met too.
    const referred = tasks.find((t) => t.status === 'done')!;
    expect((await store.get(`draw:${drawId}`, `draw.${drawId}.${referred.creditCode}.result_publication`))?.deadline.status).toBe('met');
    const task = tasks.find((t) => t.status === 'open')!;
    const tracked = (await store.get(`draw:${drawId}`, `draw.${drawId}.${task.creditCode}.inspection`))!;
    expect(tracked.deadline).toMatchObject({ kind: 'inspection_task', dueDate: deadline, status: 'open' });
    const d7 = tracked.schedules.find((x) => x.sendKey.includes('#d7#'))!;
    const at = `${/^at\((.+)\)$/.exec(d7.expression)![1]}+08:00`;

    const since = getStack().sim.messages().length;
    const res = await fetch(`${getStack().botUrl}/_dev/tick`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: at }) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { schedules: { fired: string[] } }).schedules.fired).toContain(d7.name);
    await getStack().jobs.idle();
    const reminders = getStack().sim.messages().slice(since).filter((m) => JSON.stringify(m.content).includes('期限提醒：双随机检查任务') && JSON.stringify(m.content).includes(task.creditCode));
    expect(reminders.map((m) => m.receive_id).sort()).toEqual(task.inspectors.map((i) => i.openId).sort());
    const text = JSON.stringify(reminders[0]!.content);
    expect(text).toContain(task.name);
    expect(text).toContain(drawId);

    const inspector = reminders[0]!.receive_id!;
    const answer = await tap(inspector, reminders[0]!.content, '未发现问题');
    expect(answer.toast?.type, JSON.stringify(answer.toast)).toBe('success');
    expect((await getStack().services.draws.task(drawId, task.creditCode))?.result?.outcome).toBe('no_problem');
    // The draw's job met the deadline and removed its remaining schedules.
    const after = (await store.get(`draw:${drawId}`, tracked.deadline.id))!;
    expect(after.deadline.status).toBe('met');
    expect(after.schedules).toEqual([]);
  });
});
