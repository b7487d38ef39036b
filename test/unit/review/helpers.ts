/** Shared fixtures for the review tests: the shipped catalogue and calendar data, a roster, a case. */
import { loadCalendar, loadRules } from '../../../functions/adapters/calendar/index.ts';
import type { Case, CaseOfficer } from '../../../functions/domain/case/types.ts';
import { type ReviewCatalogue, buildReviewCatalogue } from '../../../functions/domain/review/index.ts';
import type { Person } from '../../../functions/domain/roster/types.ts';
import catalogueData from '../../../data/review-catalogue.json' with { type: 'json' };

export { reviewForm } from '../../helpers/review-forms.ts';

export { prng, randInt } from '../deadlines/helpers.ts';

export const cal = loadCalendar();
export const rules = loadRules();
export const catalogue = buildReviewCatalogue(catalogueData);
export { catalogueData };

/** A deep copy of the shipped catalogue data, changed by `edit`, then validated. */
export function catalogueWith(edit: (data: ReviewCatalogue) => void): ReviewCatalogue {
  const copy = structuredClone(catalogueData) as unknown as ReviewCatalogue;
  edit(copy);
  return buildReviewCatalogue(copy);
}

const person = (openId: string, name: string, roles: Person['roles'], validUntil: string | null): Person => ({
  openId,
  name,
  department: '运行监测科',
  roles,
  certificate: validUntil === null ? null : { number: `川执${openId.slice(3)}`, validUntil },
});

export const zhang = person('ou_zhang', '张三', ['officer'], '2029-12-31');
export const li = person('ou_li', '李四', ['officer'], '2026-12-31');
export const wang = person('ou_wang', '王五', ['officer'], '2025-12-31');
export const zhao = person('ou_zhao', '赵六', ['reviewer', 'admin'], '2030-12-31');
export const sun = person('ou_sun', '孙审', ['reviewer'], null);
export const qian = person('ou_qian', '钱局长', ['head'], '2030-12-31');
export const zhou = person('ou_zhou', '周九', ['officer'], null);
/** A reviewer who is also an officer (of the case below when assigned). */
export const wu = person('ou_wu', '吴审', ['officer', 'reviewer'], '2029-12-31');

export const people = [zhang, li, wang, zhao, sun, qian, zhou, wu];
export const roster: ReadonlyMap<string, Person> = new Map(people.map((p) => [p.openId, p]));

const officer = (p: Person): CaseOfficer => ({
  openId: p.openId,
  name: p.name,
  department: p.department,
  certificateNumber: p.certificate?.number ?? '',
  certificateValidUntil: p.certificate?.validUntil ?? '',
});

export function makeCase(over: Partial<Case> = {}): Case {
  return {
    caseId: '2026-000001',
    caseNumber: '甘经信立〔2026〕1号',
    year: 2026,
    seq: 1,
    status: 'filed',
    caseType: '行政处罚',
    procedure: 'ordinary',
    party: { name: '某某化工有限公司', type: 'organization', idNumber: '91620100MA71ABCDE0' },
    summary: '未按规定开展节能审查',
    source: '日常检查发现',
    legalBasis: '《固定资产投资项目节能审查办法》',
    officers: [officer(zhang), officer(li)],
    filedBy: zhang.openId,
    filedAt: '2026-07-01T02:00:00Z',
    filingDate: '2026-07-01',
    version: 1,
    ...over,
  };
}
export const officerOf = officer;

export const EVIDENCE = ['ev-001', 'ev-002', 'ev-003'];

/** A valid proposed-decision form as the card submits it. */
export function proposalForm(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    decision_type: '罚款',
    amount: '5000',
    facts: '当事人未按规定开展节能审查即开工建设',
    evidence: ['ev-001', 'ev-002'],
    legal_provisions: '《节约能源法》第六十八条第二款',
    discretion: '一般',
    hearing_held: 'no',
    defence: '当事人提出陈述申辩，经复核不予采纳',
    ...over,
  };
}
