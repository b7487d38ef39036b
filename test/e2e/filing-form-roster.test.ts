/**
 * The filing form for a large bureau: with a roster of 500 officers (the whole path: DynamoDB Local,
 * the worker, the real SDK) or 5,000 (the card sent through the fake with the real SDK) the form
 * still reaches the person — the fake Open API refuses a card over 30 KB with 230025, as Feishu
 * does — offers the filer's department first, and a rejected form comes back as a valid card.
 */
import { describe, expect, it } from 'vitest';
import { FILING_FORM_MAX_BYTES, filingFormCard } from '../../cards/index.ts';
import { createFeishuClient } from '../../functions/adapters/feishu/messenger.ts';
import { silentLogger } from '../../functions/config/logger.ts';
import type { Person } from '../../functions/domain/roster/types.ts';
import { assertValidCard, cardContentByteSize } from '../../local/card-validator.ts';
import { LOCAL_DEFAULTS } from '../../local/stack.ts';
import { cardAction, messageEvent, postFeishu, validFilingForm } from '../helpers/feishu.ts';
import { useTestStack } from '../helpers/stack.ts';

const getStack = useTestStack();

/** `departments` departments of equal size, officers with Feishu-length open_ids and valid certificates. */
function generatedRoster(size: number, departments: number): Person[] {
  return Array.from({ length: size }, (_, i) => ({
    openId: `ou_${i.toString(16).padStart(32, '0')}`,
    name: `执法人员${i}`,
    department: `执法${String(i % departments).padStart(2, '0')}科`,
    roles: ['officer'],
    certificate: { number: `6201${String(i).padStart(7, '0')}`, validUntil: '2099-12-31' },
  }));
}

function picker(card: unknown): { options: { value: string }[]; selected_values: string[] } {
  const form = (card as { body: { elements: { tag: string; elements?: { tag: string }[] }[] } }).body.elements.find((e) => e.tag === 'form');
  return form?.elements?.find((e) => e.tag === 'multi_select_person') as never;
}

describe('the filing form with a large roster', () => {
  it("reaches the filer with 500 officers, the filer's department first", async () => {
    const size = 500;
    const s = getStack();
    const people = generatedRoster(size, 5);
    await s.services.roster.replaceAll(people, new Date().toISOString());
    const filer = people[size - 1] as Person;

    const res = await postFeishu(`${s.botUrl}/feishu/events`, messageEvent({ openId: filer.openId, text: '立案' }));
    expect(res.status).toBe(200);
    await s.jobs.idle();
    const sent = s.sim.messages();
    expect(sent).toHaveLength(1);
    const form = sent[0]?.content;
    assertValidCard(form);
    expect(cardContentByteSize(form)).toBeLessThanOrEqual(FILING_FORM_MAX_BYTES);

    const offered = picker(form).options.map((o) => o.value);
    const colleagues = people.filter((p) => p.department === filer.department).map((p) => p.openId);
    expect(offered[0]).toBe(filer.openId);
    expect(new Set(offered.slice(0, colleagues.length))).toEqual(new Set(colleagues));
    expect(offered.length).toBeLessThan(size);
    expect(picker(form).selected_values).toEqual([filer.openId]);

    // A rejected submit (a bad ID number) answers with the form again: postFeishu validates the card.
    const formId = /"form_id":"([^"]+)"/.exec(JSON.stringify(form))?.[1] ?? '';
    const chosen = [filer.openId, colleagues[0] as string];
    const rejected = await postFeishu(
      `${s.botUrl}/feishu/cards`,
      cardAction({ openId: filer.openId, value: { action: 'file_case', form_id: formId }, formValue: validFilingForm({ party_id: '123', officers: chosen }) }),
    );
    expect(rejected.status).toBe(200);
    expect(rejected.json.toast?.type).toBe('error');
    const answer = rejected.json.card?.data;
    expect(cardContentByteSize(answer)).toBeLessThanOrEqual(FILING_FORM_MAX_BYTES);
    expect(picker(answer).selected_values).toEqual(chosen);
  });

  it('sends the form for 5,000 officers through the fake Open API with the real SDK', async () => {
    const s = getStack();
    const people = generatedRoster(5_000, 25);
    const filer = people[42] as Person;
    const own = people.filter((p) => p.department === filer.department);
    const others = people.filter((p) => p.department !== filer.department);
    const form = filingFormCard({
      formId: 'F0123456789abcdef0123456789abcdef',
      filerOpenId: filer.openId,
      officerOptions: [...own, ...others].map((p) => ({ openId: p.openId, name: p.name })),
    });
    const client = createFeishuClient({ appId: LOCAL_DEFAULTS.appId, appSecret: LOCAL_DEFAULTS.appSecret, domain: s.simUrl, log: silentLogger });
    const res = await client.im.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: filer.openId, msg_type: 'interactive', content: JSON.stringify(form), uuid: 'form-5000' },
    });
    expect(res.code).toBe(0);
    expect(s.sim.messages()[0]?.content).toEqual(form);
    expect(picker(form).options.slice(0, own.length).map((o) => o.value).sort()).toEqual(own.map((p) => p.openId).sort());
  });
});
