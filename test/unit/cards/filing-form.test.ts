import { describe, expect, it } from 'vitest';
import { FILING_FIELD_NAMES, filingFormCard } from '../../../cards/index.ts';
import { assertValidCard, CARD_MAX_BYTES, cardContentByteSize } from '../../../local/card-validator.ts';
import { FILING_FORM_MAX_BYTES } from '../../../cards/filing-form.ts';
import { assertNoInjectedMarkup, filingView, findByTag, markdownContents } from './views.ts';

type El = Record<string, unknown>;

function theForm(card: unknown): El {
  const forms = findByTag(card, 'form');
  expect(forms).toHaveLength(1);
  return forms[0] as El;
}

function field(card: unknown, name: string): El {
  const found = [...findByTag(card, 'input'), ...findByTag(card, 'select_static'), ...findByTag(card, 'multi_select_person')]
    .filter((el) => el.name === name);
  expect(found).toHaveLength(1);
  return found[0] as El;
}

function buttons(card: unknown): El[] {
  return findByTag(card, 'button');
}

describe('filingFormCard', () => {
  it('is a valid JSON 2.0 card with one form named filing_form directly under body', () => {
    const built = filingFormCard(filingView());
    assertValidCard(built);
    expect(built.header.title.content).toBe('立案登记');
    expect(built.config).toEqual({ update_multi: true, summary: { content: '立案登记' } });
    expect(built.body.elements.some((el) => el.tag === 'form' && el.name === 'filing_form')).toBe(true);
  });

  it('has exactly the agreed field names, in order, all required', () => {
    const built = filingFormCard(filingView());
    const fields = (theForm(built).elements as El[]).filter((el) =>
      ['input', 'select_static', 'multi_select_person'].includes(el.tag as string),
    );
    expect(fields.map((f) => f.name)).toEqual([...FILING_FIELD_NAMES]);
    expect(fields.every((f) => f.required === true)).toBe(true);
    expect(fields.map((f) => f.tag)).toEqual([
      'input',
      'select_static',
      'input',
      'select_static',
      'select_static',
      'input',
      'input',
      'input',
      'multi_select_person',
    ]);
  });

  it('configures inputs: lengths, multiline, labels and placeholders', () => {
    const built = filingFormCard(filingView());
    expect(field(built, 'party_name')).toMatchObject({ max_length: 100, label: { content: '当事人名称' } });
    expect(field(built, 'party_id')).toMatchObject({
      placeholder: { tag: 'plain_text', content: '统一社会信用代码（18位）或 身份证号（18位）' },
    });
    expect(field(built, 'summary')).toMatchObject({ input_type: 'multiline_text', max_length: 1000, label: { content: '案情摘要' } });
    expect(field(built, 'source')).toMatchObject({ label: { content: '案件来源' } });
    expect((field(built, 'source').placeholder as { content: string }).content).toContain('投诉举报');
    expect(field(built, 'legal_basis')).toMatchObject({ input_type: 'multiline_text', label: { content: '立案依据' } });
    for (const name of ['party_name', 'party_id', 'source']) expect(field(built, name).input_type).toBeUndefined();
  });

  it('offers the agreed select options (values are what the callback returns)', () => {
    const built = filingFormCard(filingView());
    const options = (name: string) =>
      (field(built, name).options as { text: { content: string }; value: string }[]).map((o) => [o.value, o.text.content]);
    expect(options('party_type')).toEqual([
      ['person', '自然人'],
      ['organization', '法人或其他组织'],
    ]);
    expect(options('case_type')).toEqual(
      ['行政处罚', '行政检查', '行政强制', '行政许可', '行政征收', '其他'].map((t) => [t, t]),
    );
    expect(options('procedure')).toEqual([
      ['simple', '简易程序'],
      ['ordinary', '普通程序'],
    ]);
  });

  it('labels the officers picker and preselects the filer among roster options (exact structure)', () => {
    const built = filingFormCard(filingView());
    const elements = theForm(built).elements as El[];
    const index = elements.findIndex((el) => el.name === 'officers');
    expect(elements[index - 1]).toEqual({ tag: 'markdown', content: '承办人员（含本人，至少两名）' });
    expect(elements[index]).toEqual({
      tag: 'multi_select_person',
      name: 'officers',
      required: true,
      placeholder: { tag: 'plain_text', content: '请选择承办执法人员' },
      options: [{ value: 'ou_filer' }, { value: 'ou_officer2' }, { value: 'ou_officer3' }],
      selected_values: ['ou_filer'],
      width: 'fill',
    });
  });

  it('keeps the filer selectable even when not on the roster, and never offers the whole chat', () => {
    const built = filingFormCard(filingView({ filerOpenId: 'ou_new', officerOptions: [] }));
    expect(field(built, 'officers')).toMatchObject({ options: [{ value: 'ou_new' }], selected_values: ['ou_new'] });
    assertValidCard(built);
  });

  it('has a submit button carrying form_id and a reset button (exact structure)', () => {
    const built = filingFormCard(filingView({ formId: 'form-Ω-42' }));
    const elements = theForm(built).elements as El[];
    expect(elements[elements.length - 1]).toEqual({
      tag: 'column_set',
      flex_mode: 'none',
      horizontal_spacing: 'medium',
      columns: [
        {
          tag: 'column',
          width: 'auto',
          elements: [
            {
              tag: 'button',
              text: { tag: 'plain_text', content: '提交' },
              type: 'primary_filled',
              name: 'submit',
              form_action_type: 'submit',
              behaviors: [{ type: 'callback', value: { action: 'case.file', form_id: 'form-Ω-42' } }],
            },
          ],
        },
        {
          tag: 'column',
          width: 'auto',
          elements: [
            { tag: 'button', text: { tag: 'plain_text', content: '重置' }, type: 'default', name: 'reset', form_action_type: 'reset' },
          ],
        },
      ],
    });
  });

  it('round-trips the form id through JSON unchanged', () => {
    const formId = 'form "quoted" \\ <at id=all> 表单';
    const built = JSON.parse(JSON.stringify(filingFormCard(filingView({ formId }))));
    const submit = buttons(built).find((b) => b.form_action_type === 'submit');
    expect((submit?.behaviors as { value: unknown }[])[0]?.value).toEqual({ action: 'case.file', form_id: formId });
  });

  it('uses JSON 2.0 behaviors only: no 1.0 action module or button value', () => {
    const built = filingFormCard(filingView());
    expect(findByTag(built, 'action')).toEqual([]);
    for (const b of buttons(built)) expect(b).not.toHaveProperty('value');
  });

  describe('prefill', () => {
    const initial = {
      party_name: '某某商贸有限公司',
      party_type: 'organization',
      party_id: '91620100MA00000000',
      case_type: '行政检查',
      procedure: 'simple',
      summary: '第一行\n第二行',
      source: '监督检查',
      legal_basis: '《行政处罚法》第五十四条',
      officers: ['ou_officer2', 'ou_filer', 'ou_offroster'],
    };

    it('prefills inputs with default_value, selects with initial_option and pickers with selected_values', () => {
      const built = filingFormCard(filingView({ initial }));
      assertValidCard(built);
      for (const name of ['party_name', 'party_id', 'summary', 'source', 'legal_basis'] as const) {
        expect(field(built, name).default_value).toBe(initial[name]);
      }
      expect(field(built, 'party_type').initial_option).toBe('organization');
      expect(field(built, 'case_type').initial_option).toBe('行政检查');
      expect(field(built, 'procedure').initial_option).toBe('simple');
      expect(field(built, 'officers')).toMatchObject({
        selected_values: ['ou_filer', 'ou_officer2', 'ou_offroster'],
        // The chosen first (so they always fit), then the rest of the roster.
        options: [{ value: 'ou_filer' }, { value: 'ou_officer2' }, { value: 'ou_offroster' }, { value: 'ou_officer3' }],
      });
    });

    it('ignores an initial option that is not offered and fits long prefills into max_length', () => {
      const built = filingFormCard(
        filingView({ initial: { case_type: '行政裁决', party_name: '长'.repeat(150), officers: 'ou_officer3' } }),
      );
      assertValidCard(built);
      expect(field(built, 'case_type').initial_option).toBeUndefined();
      expect(field(built, 'party_name').default_value).toBe('长'.repeat(100));
      expect(field(built, 'officers').selected_values).toEqual(['ou_filer', 'ou_officer3']);
    });

    it('has no default values without a prefill', () => {
      const built = filingFormCard(filingView());
      for (const name of ['party_name', 'party_id', 'summary', 'source', 'legal_basis']) {
        expect(field(built, name)).not.toHaveProperty('default_value');
      }
      for (const name of ['party_type', 'case_type', 'procedure']) expect(field(built, name)).not.toHaveProperty('initial_option');
    });
  });

  describe('errors', () => {
    it('shows errors in red above the form, escaped', () => {
      const built = filingFormCard(filingView({ errors: ['证件号码格式不正确', '承办人员至少两名 <at id=all></at> **x**'] }));
      assertValidCard(built);
      const formIndex = built.body.elements.findIndex((el) => el.tag === 'form');
      const errorIndex = built.body.elements.findIndex(
        (el) => el.tag === 'markdown' && el.content.includes('证件号码格式不正确'),
      );
      expect(errorIndex).toBeGreaterThanOrEqual(0);
      expect(errorIndex).toBeLessThan(formIndex);
      const content = (built.body.elements[errorIndex] as { content: string }).content;
      const lines = content.split('\n');
      expect(lines[0]).toBe("<font color='red'>**提交未成功，请修改后重新提交：**</font>");
      expect(lines[1]).toBe("- <font color='red'>证件号码格式不正确</font>");
      const second = lines[2] ?? '';
      expect(second.startsWith("- <font color='red'>")).toBe(true);
      assertNoInjectedMarkup(second.slice("- <font color='red'>".length, -'</font>'.length));
      expect(built.header.template).toBe('orange');
    });

    it('shows no error block for an empty list', () => {
      const built = filingFormCard(filingView({ errors: [] }));
      expect(markdownContents(built).some((c) => c.includes('<font'))).toBe(false);
      expect(built.header.template).toBe('blue');
    });
  });

  it('stays under 30 KB with long prefills, many errors and a large roster', () => {
    const built = filingFormCard(
      filingView({
        officerOptions: Array.from({ length: 100 }, (_, i) => ({ openId: `ou_${'x'.repeat(30)}${i}`, name: `人员${i}` })),
        initial: { summary: '案'.repeat(1000), legal_basis: '依'.repeat(500), party_name: '名'.repeat(100) },
        errors: Array.from({ length: 10 }, () => '错误'.repeat(50)),
      }),
    );
    assertValidCard(built);
    expect(cardContentByteSize(built)).toBeLessThanOrEqual(CARD_MAX_BYTES);
  });
});

/** A roster of `n` officers with open_ids as long as Feishu's (ou_ + 32 hex). */
function roster(n: number) {
  return Array.from({ length: n }, (_, i) => ({ openId: `ou_${i.toString(16).padStart(32, '0')}`, name: `执法人员${i}` }));
}

function offered(card: unknown): string[] {
  return ((field(card, 'officers').options as { value: string }[] | undefined) ?? []).map((o) => o.value);
}

describe('filingFormCard for any roster size', () => {
  for (const size of [500, 5_000]) {
    it(`stays under 30 KB with ${size.toLocaleString('en')} officers and offers them in the given order`, () => {
      const officers = roster(size);
      const built = filingFormCard(filingView({ filerOpenId: officers[7]!.openId, officerOptions: officers }));
      assertValidCard(built);
      expect(cardContentByteSize(built)).toBeLessThanOrEqual(FILING_FORM_MAX_BYTES);
      const values = offered(built);
      // The filer first, then the roster in the order given (the filer's department first), as many as fit.
      expect(values[0]).toBe(officers[7]!.openId);
      expect(values.slice(1)).toEqual(officers.filter((_, i) => i !== 7).slice(0, values.length - 1).map((o) => o.openId));
      expect(values.length).toBeGreaterThan(300);
      expect(values.length).toBeLessThan(size);
      expect(field(built, 'officers').selected_values).toEqual([officers[7]!.openId]);
      expect(markdownContents(built).join('\n')).toContain(`此处列出其中 ${values.length} 人`);
    });
  }

  it('fills the card up to the limit: one more officer would not fit', () => {
    const officers = roster(2_000);
    const built = filingFormCard(filingView({ filerOpenId: officers[0]!.openId, officerOptions: officers }));
    const shown = offered(built).length;
    const picker = field(built, 'officers') as { options: { value: string }[] };
    picker.options.push({ value: officers[shown]!.openId });
    expect(cardContentByteSize(built)).toBeGreaterThan(FILING_FORM_MAX_BYTES);
  });

  it('offers everyone and says nothing about a cut when the roster fits', () => {
    const built = filingFormCard(filingView({ officerOptions: roster(50) }));
    expect(offered(built)).toHaveLength(51);
    expect(markdownContents(built).join('\n')).not.toContain('此处列出其中');
  });

  it('keeps the prefilled officers selected, and a forged prefill of thousands cannot push the card past 30 KB', () => {
    const officers = roster(3_000);
    const prefill = officers.slice(2_990).map((o) => o.openId);
    const kept = filingFormCard(filingView({ officerOptions: officers, initial: { officers: prefill } }));
    expect(field(kept, 'officers').selected_values).toEqual(['ou_filer', ...prefill]);
    expect(offered(kept).slice(0, 11)).toEqual(['ou_filer', ...prefill]);

    const forged = filingFormCard(filingView({ officerOptions: officers, initial: { officers: officers.map((o) => o.openId) } }));
    assertValidCard(forged);
    expect(cardContentByteSize(forged)).toBeLessThanOrEqual(FILING_FORM_MAX_BYTES);
    const values = offered(forged);
    expect(field(forged, 'officers').selected_values).toEqual(values);
  });
});

