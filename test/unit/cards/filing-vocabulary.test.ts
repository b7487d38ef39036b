/**
 * The filing form card and the server's check read one table (functions/domain/case/filing-fields.ts):
 * what the card lets a person type is what the server accepts, and the card's label for a field is the
 * name the server's messages give it. Checked through the card and the parser only, so it holds
 * whatever the table looks like.
 */
import { describe, expect, it } from 'vitest';
import { FILING_FIELD_NAMES, filingFormCard } from '../../../cards/index.ts';
import { parseFilingForm } from '../../../functions/domain/case/filing.ts';
import { filingView, findByTag } from './views.ts';

type El = Record<string, any>;

const card = filingFormCard(filingView());
const form = findByTag(card, 'form')[0] as El;
const elements = form.elements as El[];
const byName = (name: string) => elements.findIndex((el) => el.name === name);

/** A form the server accepts (a valid 统一社会信用代码 and a resident id for the other party type). */
const ORG_ID = '91510000MA6123456P';
const PERSON_ID = '11010519491231002X';
const valid = (over: Record<string, unknown> = {}) => ({
  party_name: '甘孜某某矿业有限公司',
  party_type: 'organization',
  party_id: ORG_ID,
  case_type: '行政处罚',
  procedure: 'ordinary',
  summary: '未按规定报送能源利用状况报告。',
  source: '监督检查',
  legal_basis: '《中华人民共和国节约能源法》第八十二条',
  officers: ['ou_officer2'],
  ...over,
});

/** The field name the server's messages use (what precedes `：`), for a bad value of that field. */
function serverLabel(field: string, bad: unknown): string {
  const r = parseFilingForm(valid({ [field]: bad }));
  expect(r.ok, field).toBe(false);
  return r.ok ? '' : (r.errors[0] ?? '').split('：')[0]!;
}

/** What the card shows as the field's label: an input's own label, else the markdown just above it. */
function cardLabel(name: string): string {
  const el = elements[byName(name)] as El;
  if (el.tag === 'input') return el.label.content;
  const above = elements.slice(0, byName(name)).reverse().find((e) => e.tag === 'markdown' && !String(e.content).startsWith('执法人员较多'));
  return String(above?.content);
}

describe('the filing form: one vocabulary for the card and the server', () => {
  it('the valid form used here is valid', () => {
    expect(parseFilingForm(valid())).toMatchObject({ ok: true });
  });

  it.each(FILING_FIELD_NAMES.filter((n) => elements[byName(n)]?.tag === 'input' && n !== 'party_id'))(
    '%s: the card allows exactly as many characters as the server accepts',
    (name) => {
      const max = elements[byName(name)]?.max_length as number;
      expect(parseFilingForm(valid({ [name]: '字'.repeat(max) })).ok).toBe(true);
      expect(parseFilingForm(valid({ [name]: '字'.repeat(max + 1) })).ok).toBe(false);
    },
  );

  it('party_id: the card allows the 18 characters of both kinds of id', () => {
    expect(elements[byName('party_id')]?.max_length).toBe(18);
    expect(parseFilingForm(valid({ party_type: 'person', party_id: PERSON_ID })).ok).toBe(true);
  });

  it.each(FILING_FIELD_NAMES.filter((n) => elements[byName(n)]?.tag === 'select_static'))(
    '%s: the card offers exactly the values the server accepts',
    (name) => {
      const offered = (elements[byName(name)]?.options as { value: string }[]).map((o) => o.value);
      for (const value of offered) {
        const r = parseFilingForm(valid({ [name]: value, ...(name === 'party_type' && value === 'person' ? { party_id: PERSON_ID } : {}) }));
        expect(r.ok, `${name}=${value}`).toBe(true);
      }
      expect(parseFilingForm(valid({ [name]: 'not-an-option' })).ok).toBe(false);
    },
  );

  it.each(FILING_FIELD_NAMES)('%s: the card’s label is the name the server’s messages use', (name) => {
    const bad = name === 'officers' ? ['not-an-open-id'] : name === 'party_id' ? '123' : '';
    const label = serverLabel(name, bad);
    if (name === 'officers') expect(cardLabel(name).startsWith(label)).toBe(true);
    else expect(cardLabel(name)).toBe(label);
  });
});
