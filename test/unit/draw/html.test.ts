/** A draw's public page and the draws' index: commitment before, result after, exceptions beside it; escaped; no ids, risk levels or reasons. */
import { describe, expect, it } from 'vitest';
import {
  decideException,
  publicCommitment,
  publicDraw,
  renderDrawIndex,
  renderDrawPage,
  requestException,
  resultPublicationDue,
  runDraw,
} from '../../../functions/domain/draw/index.ts';
import { loadCalendar, loadRules } from '../../../functions/adapters/calendar/index.ts';
import { admin, AT, head, request, targets } from './helpers.ts';

const site = { bureau: '甘孜州经济和信息化局', title: '行政执法公示' };

function drawn() {
  const d = runDraw(request({ targets: targets(10, (i) => ({ name: i === 1 ? '<b>企业1</b>' : `企业${i}`, riskLevel: 'C' })) }));
  if (!d.ok) throw new Error(d.errors.join());
  return d;
}

describe('Function: renderDrawPage', () => {
  it('shows the commitment before the draw, without the seed', () => {
    const d = drawn();
    const html = renderDrawPage(site, { state: 'committed', commitment: publicCommitment(d.commitment) });
    expect(html).toContain(d.commitment.hash);
    expect(html).toContain(d.commitment.seedHash);
    expect(html).not.toContain(d.draw.seed);
    expect(html).toContain('抽取结果将在此公布');
  });

  it('shows the seed, the result and the approved exceptions beside it; escapes; leaves out risk levels and reasons', () => {
    const d = drawn();
    const t = d.draw.result.targets[0]!;
    const asked = requestException({ draw: d.draw, existing: [], input: { kind: 'struck_off', creditCode: t.creditCode, reason: '内部理由：已于上月注销' }, requester: admin, id: 'e1', at: AT });
    if (!asked.ok) throw new Error(asked.errors.join());
    const dec = decideException({ draw: d.draw, exception: asked.exception, decision: 'approve', approver: head, at: AT });
    if (!dec.ok) throw new Error(dec.errors.join());
    const html = renderDrawPage(site, { state: 'revealed', draw: publicDraw(dec.draw), results: [{ creditCode: t.creditCode, name: '<i>x</i>', outcome: '未发现问题', endedOn: '2026-09-02' }] });
    expect(html).toContain(d.draw.seed);
    expect(html).toContain('例外处理（经负责人批准）');
    expect(html).toContain('已注销或吊销');
    expect(html).not.toContain('内部理由');
    expect(html).not.toContain('C类');
    expect(html).not.toContain(admin.openId);
    expect(html).not.toMatch(/<b>企业1|<i>x/);
    expect(html).toContain('2026年9月2日');
  });
});

describe('Function: renderDrawIndex', () => {
  it('lists draws newest first, a superseded one marked', () => {
    const html = renderDrawIndex(site, [
      { drawId: 'D1', planId: '计划一', listItem: '检查', drawDate: '2026-03-01', state: 'revealed', supersededBy: 'D2' },
      { drawId: 'D2', planId: '计划一', listItem: '检查', drawDate: '2026-03-02', state: 'committed' },
    ]);
    expect(html.indexOf('D2.html')).toBeLessThan(html.indexOf('D1.html'));
    expect(html).toContain('已重新抽取（D2）');
    expect(html).toContain('已承诺，待公布结果');
    expect(renderDrawIndex(site, [])).toContain('暂无抽取');
  });
});

describe('Function: resultPublicationDue', () => {
  it('counts 20 working days from the end of the inspection, over the National Day holiday', () => {
    expect(resultPublicationDue('2026-09-21', loadCalendar(), loadRules())).toMatchObject({ dueDate: '2026-10-26' });
    expect(resultPublicationDue('2026-09-21', loadCalendar(), loadRules()).source).toContain('国办发〔2015〕58号');
  });
});
