/**
 * The work a filing owes (the form turned into the case card, a notice to each co-officer) is recorded
 * with the case and retried until done: by a repeated tap, by the scheduled run, by the worker's own
 * retries — one recipient at a time. Driven over HTTP as Feishu sends it; replies read from the fake.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { SimMessage } from '../../local/feishu-sim.ts';
import { cardAction, messageEvent, postFeishu, USERS, validFilingForm } from '../helpers/feishu.ts';
import { useTestStack } from '../helpers/stack.ts';

/** A third certified officer, so a case can have two co-officers. */
const CHEN = 'ou_7a8b9c0d1e2f3a4b5c6d7e8f90a1b2c3';
const CREATE = '^POST /open-apis/im/v1/messages$';
const GRACE_PASSED_MS = 10 * 60_000;

const getStack = useTestStack();
beforeAll(async () => {
  const s = getStack();
  const people = await s.services.roster.listActive();
  const chen = { openId: CHEN, name: '陈七', department: '运行监测科', roles: ['officer' as const], certificate: { number: '川执5101007', validUntil: '2029-12-31' } };
  await s.services.roster.replaceAll([...people, chen], new Date().toISOString());
});

interface OpenForm {
  formId: string;
  messageId: string;
}

/** 张三 sends 立案 and gets the form card. */
async function openForm(): Promise<OpenForm> {
  const res = await postFeishu(`${getStack().botUrl}/feishu/events`, messageEvent({ openId: USERS.zhang, text: '立案' }));
  expect(res.status).toBe(200);
  await getStack().jobs.idle();
  const form = getStack().sim.messages().at(-1) as SimMessage;
  const formId = /"form_id":"([^"]+)"/.exec(JSON.stringify(form.content))?.[1];
  expect(formId).toBeTruthy();
  return { formId: formId as string, messageId: form.message_id };
}

function submit(form: OpenForm, partyName: string, officers: string[], openId = USERS.zhang) {
  return postFeishu(
    `${getStack().botUrl}/feishu/cards`,
    cardAction({ openId, value: { action: 'file_case', form_id: form.formId }, formValue: validFilingForm({ party_name: partyName, officers }), messageId: form.messageId }),
  );
}

async function tick(offsetMs: number): Promise<{ ran: { task: string; done: string[] }[]; failed: unknown[] }> {
  const res = await fetch(`${getStack().botUrl}/_dev/tick`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ now: new Date(Date.now() + offsetMs).toISOString() }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as never;
}

/** What the filing's follow-up sent a person: not the 立案审批表 every officer also gets (a file and its caption). */
const isFilingDocument = (m: SimMessage) => m.msg_type === 'file' || JSON.stringify(m.content).includes('已制作立案审批表');
const messagesTo = (openId: string) => getStack().sim.messages().filter((m) => m.receive_id === openId && !isFilingDocument(m));
const formCard = (form: OpenForm) => getStack().sim.messages().find((m) => m.message_id === form.messageId);
const caseNumberOf = (toast: { content: string }) => /甘经信立〔\d+〕\d+号/.exec(toast.content)?.[0] as string;

describe('the filing notices are not lost', () => {
  it('a failed hand-off is retried by the next tap on the same form', async () => {
    const s = getStack();
    const form = await openForm();
    const handOff = vi.spyOn(s.jobs, 'submit').mockRejectedValueOnce(new Error('async invoke failed'));
    const first = await submit(form, '交接失败甲公司', [USERS.zhang, USERS.li, CHEN]);
    handOff.mockRestore();
    expect(first.json.toast.type).toBe('success');
    await s.jobs.idle();
    expect(messagesTo(USERS.li)).toHaveLength(0);
    expect(formCard(form)?.updated_at).toBeUndefined();

    const again = await submit(form, '交接失败甲公司', [USERS.zhang, USERS.li, CHEN]);
    expect(again.json.toast.type).toBe('info');
    await s.jobs.idle();
    const number = caseNumberOf(first.json.toast);
    for (const who of [USERS.li, CHEN]) {
      expect(messagesTo(who)).toHaveLength(1);
      expect(JSON.stringify(messagesTo(who)[0]?.content)).toContain(number);
    }
    expect(JSON.stringify(formCard(form)?.content)).toContain(number);

    // A third tap finds nothing owed: nobody is told twice.
    await submit(form, '交接失败甲公司', [USERS.zhang, USERS.li, CHEN]);
    await s.jobs.idle();
    expect(messagesTo(USERS.li)).toHaveLength(1);
  });

  it('a failed hand-off is retried by the scheduled run, after a grace period, once', async () => {
    const s = getStack();
    const form = await openForm();
    const handOff = vi.spyOn(s.jobs, 'submit').mockRejectedValueOnce(new Error('async invoke failed'));
    const first = await submit(form, '交接失败乙公司', [USERS.zhang, USERS.li]);
    handOff.mockRestore();
    expect(first.json.toast.type).toBe('success');
    const caseId = `${/〔(\d+)〕/.exec(first.json.toast.content)?.[1]}-${String(/〕(\d+)号/.exec(first.json.toast.content)?.[1]).padStart(6, '0')}`;

    // Within the grace period the scheduled run leaves a fresh filing to its own hand-off.
    const early = await tick(0);
    expect(early.ran.flatMap((r) => r.done).join('\n')).not.toContain(caseId);
    await s.jobs.idle();
    expect(messagesTo(USERS.li)).toHaveLength(0);

    const later = await tick(GRACE_PASSED_MS);
    expect(later.failed).toEqual([]);
    expect(later.ran.flatMap((r) => r.done).join('\n')).toContain(caseId);
    await s.jobs.idle();
    expect(messagesTo(USERS.li)).toHaveLength(1);
    expect(formCard(form)?.updated_at).toBeTruthy();

    const after = await tick(GRACE_PASSED_MS);
    expect(after.ran.flatMap((r) => r.done).join('\n')).not.toContain(caseId);
  });

  it('when the worker gives up (Feishu down through every retry), the scheduled run delivers later', async () => {
    const s = getStack();
    const form = await openForm();
    // 4 attempts per call × 3 calls per run (the notice, then the 立案审批表 to each of the two officers)
    // × 3 runs of the job: every attempt fails.
    s.sim.injectFault({ match: CREATE, status: 503, count: 36 });
    const first = await submit(form, '飞书故障公司', [USERS.zhang, USERS.li]);
    expect(first.json.toast.type).toBe('success');
    await s.jobs.idle();
    expect(messagesTo(USERS.li)).toHaveLength(0);

    await tick(GRACE_PASSED_MS);
    await s.jobs.idle();
    expect(messagesTo(USERS.li)).toHaveLength(1);
  });
});

describe('each co-officer is told independently', () => {
  it('an unreachable co-officer is recorded and reported to the filer; the others get theirs; no retry for them', async () => {
    const s = getStack();
    const form = await openForm();
    // The notices go out in the case's officer order: 李四 first. Feishu refuses him for good.
    s.sim.injectFault({ match: CREATE, status: 400, code: 230013, msg: 'Bot has NO availability to this user.', count: 1 });
    const first = await submit(form, '不可达公司', [USERS.zhang, USERS.li, CHEN]);
    expect(first.json.toast.type).toBe('success');
    await s.jobs.idle();
    const number = caseNumberOf(first.json.toast);

    expect(messagesTo(CHEN)).toHaveLength(1);
    expect(messagesTo(USERS.li)).toHaveLength(0);
    expect(formCard(form)?.updated_at).toBeTruthy();
    // The filer is told who was not reached, in plain words.
    const report = messagesTo(USERS.zhang).filter((m) => m.msg_type === 'text');
    expect(report).toHaveLength(1);
    const text = (report[0]?.content as { text: string }).text;
    expect(text).toContain('李四');
    expect(text).toContain(number);
    expect(text).not.toMatch(/230013|availability/);
    // …and the case log keeps it.
    const caseId = `${/〔(\d+)〕/.exec(number)?.[1]}-${String(/〕(\d+)号/.exec(number)?.[1]).padStart(6, '0')}`;
    const records = await s.services.cases.records(caseId);
    expect(records.map((r) => r.action)).toEqual(['case.filed', 'notice.failed', 'document.drafted']);
    expect(records[1]).toMatchObject({ seq: 2, actor: 'system', detail: { recipient: USERS.li, name: '李四', notice: 'case.filed' } });

    // Nothing is left owed: the scheduled run does not retry a refused recipient.
    await tick(GRACE_PASSED_MS);
    await s.jobs.idle();
    expect(messagesTo(USERS.li)).toHaveLength(0);
    expect(messagesTo(USERS.zhang).filter((m) => m.msg_type === 'text')).toHaveLength(1);
    expect(await s.services.cases.records(caseId)).toHaveLength(3);
  });

  it('a retryable failure retries only what is left', async () => {
    const s = getStack();
    const form = await openForm();
    // Every attempt of the first notice fails (4 attempts), then Feishu recovers.
    s.sim.injectFault({ match: CREATE, status: 500, count: 4 });
    await submit(form, '重试公司', [USERS.zhang, USERS.li, CHEN]);
    await s.jobs.idle();
    expect(messagesTo(USERS.li)).toHaveLength(1);
    expect(messagesTo(CHEN)).toHaveLength(1);
    const patches = s.sim.requests().filter((r) => r.method === 'PATCH' && r.path === `/open-apis/im/v1/messages/${form.messageId}`);
    expect(patches).toHaveLength(1);
    const creates = s.sim.requests().filter((r) => r.method === 'POST' && r.path === '/open-apis/im/v1/messages' && r.status === 200);
    const notices = creates.filter((r) => (r.body as { msg_type?: string }).msg_type === 'interactive');
    expect(notices.filter((r) => (r.body as { receive_id?: string }).receive_id === CHEN)).toHaveLength(1);
  });
});

describe('a form id is not a key to someone else’s case', () => {
  it('replaying another filer’s form id reveals nothing and files nothing', async () => {
    const s = getStack();
    const form = await openForm();
    const filed = await submit(form, '他人表单公司', [USERS.zhang, USERS.li]);
    const number = caseNumberOf(filed.json.toast);
    await s.jobs.idle();

    // 陈七 is an officer with a valid certificate but not on this case.
    const replay = await submit(form, '陈七自己的公司', [CHEN, USERS.li], CHEN);
    expect(replay.status).toBe(200);
    expect(replay.json.toast.type).toBe('error');
    expect(replay.json.card).toBeUndefined();
    expect(JSON.stringify(replay.json)).not.toContain(number);
    expect(JSON.stringify(replay.json)).not.toContain('他人表单公司');
    const mine = await s.services.cases.listOpenForUser(CHEN, { limit: 50 });
    expect(mine.items.filter((i) => i.partyName === '陈七自己的公司')).toEqual([]);

    // The case's own officer may still open it from the same form.
    const partner = await submit(form, '他人表单公司', [USERS.li, USERS.zhang], USERS.li);
    expect(partner.json.toast.type).toBe('info');
    expect(partner.json.toast.content).toContain(number);
  });
});
