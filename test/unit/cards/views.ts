/** View-model factories for the card tests (invented data). */
import type {
  CaseCardView,
  CaseListCardView,
  CaseListItemView,
  FilingFormCardView,
  HelpCardView,
} from '../../../cards/types.ts';

export const MALICIOUS = "**粗体** *斜* <at id=all></at> <at id=ou_x></at> [点我](https://evil.example/x) https://evil.example www.evil.example :OK: <font color='red'>红</font> `code` ~~删~~ __下__";

export function helpView(overrides: Partial<HelpCardView> = {}): HelpCardView {
  return {
    userName: '张三',
    commands: [
      { command: '立案', description: '登记新案件' },
      { command: '我的案件', description: '查看未结案件' },
      { command: '帮助', description: '显示本帮助' },
    ],
    ...overrides,
  };
}

export function filingView(overrides: Partial<FilingFormCardView> = {}): FilingFormCardView {
  return {
    formId: 'form-INVENTED-0001',
    filerOpenId: 'ou_filer',
    officerOptions: [
      { openId: 'ou_filer', name: '张三' },
      { openId: 'ou_officer2', name: '李四' },
      { openId: 'ou_officer3', name: '王五' },
    ],
    ...overrides,
  };
}

export function caseView(overrides: Partial<CaseCardView> = {}): CaseCardView {
  return {
    caseId: 'case-INVENTED-0001',
    caseNumber: '甘经信立〔2026〕1号',
    status: 'filed',
    canRequestReview: true,
    statusLabel: '已立案',
    caseType: '行政处罚',
    procedure: 'ordinary',
    procedureLabel: '普通程序',
    partyName: '某某商贸有限公司',
    partyType: 'organization',
    partyTypeLabel: '法人或其他组织',
    partyIdMasked: '9162**********123X',
    summary: '当事人在未取得许可的情况下从事经营活动。',
    source: '投诉举报',
    legalBasis: '《中华人民共和国行政处罚法》第五十四条',
    officers: [
      { name: '张三', certificateNumber: '62010012345' },
      { name: '李四', certificateNumber: '62010012346' },
    ],
    filedByName: '张三',
    filingDate: '2026-01-05',
    deadlines: [
      { name: '办案期限', dueDate: '2026-04-03', weekday: '星期五', source: '行政处罚法第六十条', provisional: false },
      { name: '法制审核', dueDate: '2027-01-08', weekday: '星期五', source: '本机关规定', provisional: true },
    ],
    ...overrides,
  };
}

export function listItem(i: number, overrides: Partial<CaseListItemView> = {}): CaseListItemView {
  return {
    caseId: `case-INVENTED-${String(i).padStart(4, '0')}`,
    caseNumber: `甘经信立〔2026〕${i}号`,
    partyName: `当事人${i}`,
    caseType: '行政处罚',
    statusLabel: '已立案',
    filingDate: '2026-01-05',
    ...overrides,
  };
}

export function listView(overrides: Partial<CaseListCardView> = {}): CaseListCardView {
  return { items: [listItem(1), listItem(2)], pageNumber: 1, ...overrides };
}

/** Decodes the numeric character references escapeMd produces (to check nothing is lost). */
export function decodeEntities(s: string): string {
  return s.replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));
}

/** Every markdown `content` in a card, depth-first. */
export function markdownContents(card: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.tag === 'markdown' && typeof o.content === 'string') out.push(o.content);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/** Every object with the given tag, depth-first. */
export function findByTag(card: unknown, tag: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.tag === tag) out.push(o);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/**
 * Markup a lark markdown renderer would act on. Escaped text contains none of these characters
 * raw, so any hit comes from the card template (or a failed escape).
 */
export function assertNoInjectedMarkup(escaped: string): void {
  const forbidden = ['<at', '<font', '<a ', '<link', '](', '**', '*', '__', '~~', '`', 'https://', 'www.', ':OK:'];
  for (const f of forbidden) {
    if (escaped.includes(f)) throw new Error(`escaped text still contains ${JSON.stringify(f)}: ${escaped}`);
  }
}
