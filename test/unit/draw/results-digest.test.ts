/** The office digest's 双随机 part: results published that day, and those still owed with their due dates (the engine's rule). */
import { describe, expect, it } from 'vitest';
import { type InspectionResult, resultsDigest } from '../../../functions/domain/draw/inspection.ts';
import { applyOverrides } from '../../../functions/domain/deadlines/index.ts';
import { cal, rules } from '../deadlines/helpers.ts';

const result = (endedOn: string, publishedOn?: string, outcome: InspectionResult['outcome'] = 'no_problem'): InspectionResult => ({
  outcome,
  recordedBy: { openId: 'ou_zhang', name: '张三' },
  recordedAt: `${endedOn}T02:00:00.000Z`,
  endedOn,
  publishBy: '2099-01-01',
  publishSource: 'x',
  ...(publishedOn ? { publishedOn } : {}),
});
const t = (n: number, r?: InspectionResult) => ({ creditCode: `9151330000000000${n}X`, name: `企业${n}`, ...(r ? { result: r } : {}) });

describe('resultsDigest', () => {
  it('counts what was published today and what is owed, the most urgent first, with the engine’s due dates over holidays', () => {
    const d = resultsDigest(
      [
        { drawId: 'D1', tasks: [t(1, result('2026-09-24', '2026-09-24')), t(2, result('2026-09-24')), t(3)] },
        { drawId: 'D2', tasks: [t(4, result('2026-09-28')), t(5, result('2026-09-21', '2026-09-21', 'case_referred'))] },
      ],
      '2026-09-24',
      cal,
      rules,
    );
    // 24 Sep + 20 working days over 中秋 and 国庆 (Saturday 10 Oct works) = 29 Oct; 28 Sep → 30 Oct.
    expect(d.summary).toBe('抽查结果：今日公示 1 项，待公示 2 项（最迟 2026-10-29）');
    expect(d.latest).toBe('2026-10-29');
    expect(d.published).toEqual(['企业1（91513300000000001X）：未发现问题，抽取编号 D1']);
    expect(d.pending).toEqual([
      '企业2（91513300000000002X）：最迟 2026-10-29（星期四）公示，抽取编号 D1',
      '企业4（91513300000000004X）：最迟 2026-10-30（星期五）公示，抽取编号 D2',
    ]);
  });

  it('says when nothing is owed, marks what is overdue, and follows a bureau’s override of the rule', () => {
    expect(resultsDigest([{ drawId: 'D1', tasks: [t(1)] }], '2026-03-02', cal, rules)).toEqual({ summary: '抽查结果：今日公示 0 项，待公示 0 项', published: [], pending: [] });
    const late = resultsDigest([{ drawId: 'D1', tasks: [t(1, result('2026-03-02'))] }], '2026-04-01', cal, rules);
    expect(late.pending).toEqual(['企业1（91513300000000001X）：最迟 2026-03-30（星期一）公示，已逾期，抽取编号 D1']);
    const shorter = applyOverrides(rules, { inspection_result_publication: { amount: 10, source: '本局规定' } });
    expect(resultsDigest([{ drawId: 'D1', tasks: [t(1, result('2026-03-02'))] }], '2026-03-02', cal, shorter).latest).toBe('2026-03-16');
  });
});
