import { describe, expect, it } from 'vitest';
import { assertValidCard, CARD_MAX_BYTES, cardIssues } from '../../../local/card-validator.ts';
import { assertValidCallbackAnswer } from '../../helpers/feishu.ts';

const text = (content: string) => ({ tag: 'plain_text', content });

function submitButton(name = 'submit') {
  return {
    tag: 'button',
    name,
    form_action_type: 'submit',
    type: 'primary_filled',
    text: text('提交'),
    behaviors: [{ type: 'callback', value: { action: 'file_case', form_id: 'f1' } }],
  };
}

function inputField(name: string) {
  return {
    tag: 'input',
    name,
    required: true,
    max_length: 10,
    label: text('标签'),
    placeholder: text('请输入'),
  };
}

function form(elements: unknown[], name = 'f') {
  return { tag: 'form', name, elements };
}

function cardWith(elements: unknown[]) {
  return {
    schema: '2.0',
    config: { update_multi: true, summary: { content: 's' } },
    header: { title: text('t'), template: 'blue' },
    body: { elements },
  };
}

const validForm = () => form([inputField('a'), { tag: 'column_set', columns: [{ tag: 'column', elements: [submitButton()] }] }]);

describe('card schema validator', () => {
  it('accepts a minimal valid card with a form', () => {
    expect(cardIssues(cardWith([{ tag: 'markdown', content: 'hi' }, { tag: 'hr' }, validForm()]))).toEqual([]);
    expect(() => assertValidCard(cardWith([validForm()]))).not.toThrow();
  });

  it('rejects an unknown property on a component', () => {
    const issues = cardIssues(cardWith([{ tag: 'markdown', content: 'x', colour: 'red' }]));
    expect(issues.join('\n')).toMatch(/colour/);
  });

  it('rejects an unknown property at the root, in config and in the header', () => {
    expect(cardIssues({ ...cardWith([]), elements: [] })).not.toEqual([]);
    expect(cardIssues({ ...cardWith([]), config: { update_multi: true, wide_screen_mode: true } })).not.toEqual([]);
    expect(cardIssues({ ...cardWith([]), header: { title: text('t'), template: 'blue', extra: 1 } })).not.toEqual([]);
  });

  it('rejects JSON 1.0 shapes: the action module, note, button value, missing schema', () => {
    const action = { tag: 'action', actions: [{ tag: 'button', text: text('OK'), value: { action: 'x' } }] };
    expect(cardIssues(cardWith([action]))).not.toEqual([]);
    expect(cardIssues(cardWith([{ tag: 'note', elements: [text('n')] }]))).not.toEqual([]);
    const legacyButton = { tag: 'button', text: text('OK'), type: 'primary', value: { action: 'x' } };
    expect(cardIssues(cardWith([legacyButton])).join('\n')).toMatch(/value/);
    const { schema: _schema, ...noSchema } = cardWith([]);
    expect(cardIssues(noSchema)).not.toEqual([]);
  });

  it('rejects update_multi false (JSON 2.0 only supports shared cards)', () => {
    expect(cardIssues({ ...cardWith([]), config: { update_multi: false } })).not.toEqual([]);
  });

  it('rejects a form nested in a form', () => {
    const nested = form([inputField('a'), form([inputField('b'), submitButton('s2')], 'inner'), submitButton()]);
    expect(cardIssues(cardWith([nested])).join('\n')).toMatch(/form nested inside form/);
  });

  it('rejects a form that is not a direct child of body.elements', () => {
    const inColumn = { tag: 'column_set', columns: [{ tag: 'column', elements: [validForm()] }] };
    expect(cardIssues(cardWith([inColumn])).join('\n')).toMatch(/direct child of body\.elements/);
  });

  it('rejects a form without a submit button', () => {
    const reset = { tag: 'button', name: 'r', form_action_type: 'reset', text: text('重置') };
    expect(cardIssues(cardWith([form([inputField('a'), reset])])).join('\n')).toMatch(/no button with form_action_type "submit"/);
  });

  it('rejects duplicate names anywhere in the card', () => {
    const dup = form([inputField('a'), inputField('a'), submitButton()]);
    expect(cardIssues(cardWith([dup])).join('\n')).toMatch(/name "a" already used/);
    const clashWithForm = form([inputField('f'), submitButton()], 'f');
    expect(cardIssues(cardWith([clashWithForm])).join('\n')).toMatch(/name "f" already used/);
  });

  it('rejects an unnamed field inside a form', () => {
    const unnamedButton = form([inputField('a'), { ...submitButton(), name: undefined }]);
    expect(cardIssues(cardWith([JSON.parse(JSON.stringify(unnamedButton))])).join('\n')).toMatch(/needs a name/);
  });

  it('rejects form-only properties outside a form', () => {
    expect(cardIssues(cardWith([submitButton()])).join('\n')).toMatch(/form_action_type is only allowed/);
    const picker = { tag: 'multi_select_person', name: 'p', required: true, placeholder: text('x') };
    const issues = cardIssues(cardWith([picker])).join('\n');
    expect(issues).toMatch(/multi_select_person must be inside a form/);
    expect(issues).toMatch(/"required" is only allowed inside a form/);
  });

  it('rejects selections that are not among the options', () => {
    const select = {
      tag: 'select_static',
      name: 'sel',
      required: true,
      placeholder: text('x'),
      initial_option: 'c',
      options: [
        { text: text('A'), value: 'a' },
        { text: text('B'), value: 'b' },
      ],
    };
    expect(cardIssues(cardWith([form([select, submitButton()])])).join('\n')).toMatch(/initial_option "c"/);
    const picker = {
      tag: 'multi_select_person',
      name: 'p',
      required: true,
      placeholder: text('x'),
      options: [{ value: 'ou_a' }],
      selected_values: ['ou_b'],
    };
    expect(cardIssues(cardWith([form([picker, submitButton()])])).join('\n')).toMatch(/selected value "ou_b"/);
  });

  it('rejects a person option with a display name (options are { value: open_id } only)', () => {
    const picker = {
      tag: 'multi_select_person',
      name: 'p',
      required: true,
      placeholder: text('x'),
      options: [{ value: 'ou_a', text: text('张三') }],
    };
    expect(cardIssues(cardWith([form([picker, submitButton()])]))).not.toEqual([]);
  });

  it('rejects a label on select_static and multi_select_person (not JSON 2.0 properties)', () => {
    const picker = { tag: 'multi_select_person', name: 'p', required: true, placeholder: text('x'), label: text('人员') };
    expect(cardIssues(cardWith([form([picker, submitButton()])])).join('\n')).toMatch(/label/);
  });

  it('rejects a callback value that is not an object', () => {
    const button = { tag: 'button', text: text('x'), behaviors: [{ type: 'callback', value: 'show' }] };
    expect(cardIssues(cardWith([button]))).not.toEqual([]);
  });

  it('rejects more than 200 components and more than 30 KB', () => {
    const many = Array.from({ length: 201 }, () => ({ tag: 'hr' }));
    expect(cardIssues(cardWith(many)).join('\n')).toMatch(/more than 200/);
    const big = [{ tag: 'markdown', content: 'x'.repeat(CARD_MAX_BYTES) }];
    expect(cardIssues(cardWith(big)).join('\n')).toMatch(/bytes as message content/);
  });

  it('rejects a button in a form without form_action_type (the docs make it required there)', () => {
    const plain = { tag: 'button', name: 'b', text: text('另一个按钮') };
    expect(cardIssues(cardWith([form([inputField('a'), plain, submitButton()])])).join('\n')).toMatch(/b.*needs form_action_type/);
  });

  it('rejects components nested deeper than five levels', () => {
    const nest = (depth: number): unknown =>
      depth === 0 ? { tag: 'markdown', content: 'x' } : { tag: 'column_set', columns: [{ tag: 'column', elements: [nest(depth - 1)] }] };
    // column_set > column > column_set > column > markdown: five levels.
    expect(cardIssues(cardWith([nest(2)]))).toEqual([]);
    expect(cardIssues(cardWith([nest(3)])).join('\n')).toMatch(/nested 6 levels deep, more than 5/);
    const deepForm = form([inputField('a'), { tag: 'column_set', columns: [{ tag: 'column', elements: [nest(1), submitButton()] }] }]);
    expect(cardIssues(cardWith([deepForm])).join('\n')).toMatch(/more than 5/);
  });

  it('rejects widths, margins and paddings outside the documented ranges', () => {
    const button = (width: string) => ({ tag: 'button', text: text('x'), width, behaviors: [{ type: 'callback', value: { a: 1 } }] });
    expect(cardIssues(cardWith([button('fill'), button('default'), button('100px')]))).toEqual([]);
    expect(cardIssues(cardWith([button('99px')]))).not.toEqual([]);
    expect(cardIssues(cardWith([button('50%')]))).not.toEqual([]);
    const columns = (width: string, weight?: number) => ({
      tag: 'column_set',
      columns: [{ tag: 'column', width, ...(weight === undefined ? {} : { weight }), elements: [] }],
    });
    expect(cardIssues(cardWith([columns('16px'), columns('600px'), columns('weighted', 5), columns('auto')]))).toEqual([]);
    expect(cardIssues(cardWith([columns('601px')]))).not.toEqual([]);
    expect(cardIssues(cardWith([columns('15px')]))).not.toEqual([]);
    expect(cardIssues(cardWith([columns('weighted', 6)]))).not.toEqual([]);
    expect(cardIssues(cardWith([columns('auto', 2)])).join('\n')).toMatch(/weight only with width "weighted"/);
    const md = (margin: string) => ({ tag: 'markdown', content: 'x', margin });
    expect(cardIssues(cardWith([md('0'), md('4px 0'), md('-99px 0 4px 99px')]))).toEqual([]);
    expect(cardIssues(cardWith([md('100px')]))).not.toEqual([]);
    expect(cardIssues(cardWith([md('4px 4px 4px')]))).not.toEqual([]);
    expect(cardIssues(cardWith([{ tag: 'form', name: 'f', padding: '-4px', elements: [submitButton()] }]))).not.toEqual([]);
  });

  it('rejects widths on inputs, selects and pickers outside default, fill and [100,∞)px', () => {
    expect(cardIssues(cardWith([form([{ ...inputField('a'), width: '80px' }, submitButton()])]))).not.toEqual([]);
    expect(cardIssues(cardWith([form([{ ...inputField('a'), width: '320px' }, submitButton()])]))).toEqual([]);
  });

  it('requires config.update_multi true on a card that replaces a sent card (PATCH, callback answer, delayed update)', () => {
    const { config: _config, ...noConfig } = cardWith([{ tag: 'hr' }]);
    expect(cardIssues(noConfig)).toEqual([]);
    expect(cardIssues(noConfig, { updated: true }).join('\n')).toMatch(/update_multi/);
    expect(cardIssues(cardWith([{ tag: 'hr' }]), { updated: true })).toEqual([]);
  });

  it('throws with the issues listed', () => {
    expect(() => assertValidCard(cardWith([{ tag: 'action' }]))).toThrow(/invalid card/);
  });
});

describe('callback answers (checked by the test helper that posts every card callback)', () => {
  it('accepts a toast, a raw card and a legacy card; refuses a bad or undeclared card', () => {
    const good = cardWith([{ tag: 'hr' }]);
    expect(() => assertValidCallbackAnswer({})).not.toThrow();
    expect(() => assertValidCallbackAnswer({ toast: { type: 'error', content: '请重试' } })).not.toThrow();
    expect(() => assertValidCallbackAnswer({ toast: { type: 'success', content: 'ok' }, card: { type: 'raw', data: good } })).not.toThrow();
    expect(() => assertValidCallbackAnswer(good)).not.toThrow();
    expect(() => assertValidCallbackAnswer({ card: { type: 'raw', data: cardWith([{ tag: 'note' }]) } })).toThrow(/invalid card/);
    expect(() => assertValidCallbackAnswer({ card: { type: 'raw', data: JSON.stringify(good) } })).toThrow(/invalid card/);
    expect(() => assertValidCallbackAnswer({ card: good })).toThrow(/type: 'raw'/);
    const { config: _config, ...undeclared } = good;
    expect(() => assertValidCallbackAnswer({ card: { type: 'raw', data: undeclared } })).toThrow(/update_multi/);
  });
});
