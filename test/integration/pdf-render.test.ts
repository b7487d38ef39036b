/**
 * The PDF renderer against the real tools a person's computer uses: the Chinese text extracted by
 * poppler's pdftotext is exactly what the templates wrote, every font is embedded and subset, a page
 * rendered by pdftoppm has ink where the text is, and the same model gives the same bytes — in this
 * process and in a fresh one.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PdfRenderer, renderPdf } from '../../functions/adapters/pdf/index.ts';
import {
  type DocumentModel,
  draftDiscussionRecord,
  draftFilingApproval,
  draftPenaltyDecision,
  draftPriorNotice,
  draftReviewOpinion,
  draftServiceProof,
} from '../../functions/domain/documents/index.ts';
import { decodePng, inkPixels, pdfFonts, pdfInfo, pdfPagePng, pdfText, pdfTextCompact } from '../helpers/poppler.ts';
import { approvedScenario, at, common, evidence, rules, service } from '../unit/documents/helpers.ts';

const s = approvedScenario();
const decision = (over: Partial<Parameters<typeof draftPenaltyDecision>[0]> = {}): DocumentModel =>
  draftPenaltyDecision({
    ...common(s.theCase, '甘经信罚〔2026〕1号'),
    decision: s.decision,
    evidence,
    rules,
    party: { address: '四川省甘孜藏族自治州康定市某某路1号', representative: '王某' },
    notice: { number: '甘经信罚告〔2026〕1号', servedOn: '2026-10-10' },
    ...over,
  });

let decisionPdf: Awaited<ReturnType<typeof renderPdf>>;
beforeAll(async () => {
  decisionPdf = await renderPdf(decision());
});

describe('行政处罚决定书 as PDF', () => {
  it('pdftotext extracts the Chinese exactly: header, party, facts, decision, payment, remedies, seal date', () => {
    const text = pdfTextCompact(decisionPdf.bytes);
    for (const expected of [
      '甘孜州经济和信息化局',
      '行政处罚决定书',
      '甘经信罚〔2026〕1号',
      '当事人：某某化工有限公司',
      '统一社会信用代码：91620100MA71ABCDE0',
      '住所：四川省甘孜藏族自治州康定市某某路1号',
      '本局于2026年7月1日对你单位未按规定开展节能审查一案立案调查（案号：甘经信立〔2026〕1号）。',
      '经查明：当事人于2026年3月起建设年综合能源消费量5000吨标准煤的项目，未按规定进行节能审查即开工建设。',
      '1.现场检查照片-20260915-101500.jpg（照片，现场检查）',
      '罚款人民币150,000元（大写：壹拾伍万元整）。',
      '你单位应当自收到本决定书之日起十五日内，到指定的银行或者通过电子支付系统缴纳（《中华人民共和国行政处罚法》第六十七条第三款）。',
      '可以在收到本决定书之日起六十日内向甘孜藏族自治州人民政府申请行政复议',
      '也可以在收到本决定书之日起六个月内依法向人民法院提起行政诉讼（《中华人民共和国行政诉讼法》第四十六条第一款）。',
      '（印章）2026年10月13日',
    ]) {
      expect(text, expected).toContain(expected);
    }
    expect(decisionPdf.missingCharacters).toEqual([]);
  });

  it('A4, titled, every font embedded as a subset with a Unicode map, no other font', () => {
    const info = pdfInfo(decisionPdf.bytes);
    expect(info['Page size']).toMatch(/^595\.2\d? x 841\.8\d? pts \(A4\)/);
    expect(info.Pages).toBe(String(decisionPdf.pages));
    expect(info.Title).toBe('行政处罚决定书 甘经信罚〔2026〕1号');
    expect(info.Author).toBe('甘孜州经济和信息化局');
    const fonts = pdfFonts(decisionPdf.bytes);
    expect(fonts.length).toBeGreaterThanOrEqual(2); // regular and bold
    for (const f of fonts) {
      expect(f, f.name).toMatchObject({ embedded: true, subset: true, unicode: true });
      expect(f.name).toMatch(/^[A-Z]{6}\+NotoSerifSC/);
    }
  });

  it('subset on embedding: a two-page decision stays small', () => {
    expect(decisionPdf.size).toBeLessThan(150 * 1024);
    expect(decisionPdf.pages).toBe(2);
    console.info(`行政处罚决定书: ${decisionPdf.pages} pages, ${(decisionPdf.size / 1024).toFixed(1)} KB`);
  });

  it('pdftoppm: the first page has ink in the title and body, none in the top margin', () => {
    const img = decodePng(pdfPagePng(decisionPdf.bytes, 1, 50));
    expect(Math.abs(img.width - (595.28 / 72) * 50)).toBeLessThan(1); // A4 at 50 dpi
    const mm = (v: number) => Math.round((v / 25.4) * 50);
    expect(inkPixels(img, { y1: mm(30) })).toBe(0); // above the 37 mm top margin: paper
    expect(inkPixels(img, { y0: mm(37), y1: mm(60) })).toBeGreaterThan(200); // bureau and title
    expect(inkPixels(img) / (img.width * img.height)).toBeGreaterThan(0.02);
  });

  it('byte-identical: the same model twice, through the port, and in a fresh process', async () => {
    const again = await new PdfRenderer().render(decision());
    expect(Buffer.from(again.bytes).equals(decisionPdf.bytes)).toBe(true);
    expect(again.sha256).toBe(decisionPdf.sha256);

    const dir = mkdtempSync(join(tmpdir(), 'enf-pdf-proc-'));
    try {
      const model = join(dir, 'model.json');
      writeFileSync(model, JSON.stringify(decision()));
      const script = join(dir, 'render.mts');
      writeFileSync(
        script,
        [
          `import { readFileSync, writeFileSync } from 'node:fs';`,
          `import { renderPdf } from ${JSON.stringify(join(process.cwd(), 'functions/adapters/pdf/index.ts'))};`,
          `const pdf = await renderPdf(JSON.parse(readFileSync(${JSON.stringify(model)}, 'utf8')));`,
          `writeFileSync(${JSON.stringify(join(dir, 'out.pdf'))}, pdf.bytes);`,
        ].join('\n'),
      );
      execFileSync(process.execPath, ['--import', 'tsx', script], { cwd: process.cwd(), stdio: 'pipe' });
      expect(readFileSync(join(dir, 'out.pdf')).equals(decisionPdf.bytes)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the dates are the record’s instant: another instant, other bytes; the file says when', async () => {
    const info = pdfInfo(decisionPdf.bytes);
    expect(info.CreationDate).toMatch(/^2026-10-13T07:00:00/);
    expect(info.ModDate).toMatch(/^2026-10-13T07:00:00/);
    const later = await renderPdf(decision({ madeAt: at('2026-10-14') }));
    expect(later.sha256).not.toBe(decisionPdf.sha256);
    expect(pdfTextCompact(later.bytes)).toBe(pdfTextCompact(decisionPdf.bytes));
  });

  it('a correction prints its version and reason; the first version does not', async () => {
    const v2 = await renderPdf(decision({ version: { version: 2, supersedes: 1, reason: '当事人住所门牌号有误' } }));
    expect(pdfTextCompact(v2.bytes)).toContain('本文书为第2版，替代第1版。更正原因：当事人住所门牌号有误');
    expect(pdfTextCompact(decisionPdf.bytes)).not.toContain('替代第');
  });
});

describe('rare characters and punctuation', () => {
  // 丂 and 菂 are not in the main (chinese-simplified) file: they come from the numbered slices;
  // ① from another slice; full-width punctuation from the main file.
  const rare = approvedScenario({ amount: '3000', case: { party: { name: '王丂龘', type: 'person', idNumber: '51332119800101001X' } } });
  const model = () =>
    draftPenaltyDecision({
      ...common(rare.theCase, '甘经信罚〔2026〕2号'),
      decision: rare.decision,
      evidence: [{ ...(evidence[0] as (typeof evidence)[0]), fileName: '①号现场照片（菂）.jpg' }, evidence[1] as (typeof evidence)[0]],
      rules,
      party: { address: '康定市炉城镇〔旧〕某某街2号（后院）：东侧、北侧。' },
    });

  it('names with characters outside the main subset render and extract exactly, with the punctuation', async () => {
    const pdf = await renderPdf(model());
    const text = pdfTextCompact(pdf.bytes);
    expect(text).toContain('当事人：王丂龘');
    expect(text).toContain('身份证号码：51332119800101001X');
    expect(text).toContain('住址：康定市炉城镇〔旧〕某某街2号（后院）：东侧、北侧。');
    expect(text).toContain('1.①号现场照片（菂）.jpg（照片，现场检查）');
    expect(pdf.missingCharacters).toEqual([]);
    // The slices are embedded as fonts of their own.
    expect(pdfFonts(pdf.bytes).length).toBeGreaterThan(pdfFonts(decisionPdf.bytes).length);
  });

  it('a character no file of the font has is reported, not silently printed', async () => {
    const pdf = await renderPdf(draftFilingApproval(common({ ...rare.theCase, party: { ...rare.theCase.party, name: '李䶮' } }, null)));
    expect(pdf.missingCharacters).toEqual(['䶮']);
    expect(pdfTextCompact(pdf.bytes)).toContain('当事人李');
  });
});

describe('every kind renders and reads back', () => {
  const models: [string, DocumentModel, string[]][] = [
    ['立案审批表', draftFilingApproval(common(s.theCase, null)), ['案号：甘经信立〔2026〕1号', '案情摘要未按规定开展节能审查', '负责人审批意见']],
    [
      '行政处罚事先告知书',
      draftPriorNotice({ ...common(s.theCase, '甘经信罚告〔2026〕1号'), proposal: s.round.proposal, evidence, rules, date: '2026-10-09' }),
      ['某某化工有限公司：', '你单位有要求举行听证的权利', '应当在收到本告知书之日起五个工作日内向本局提出', '2026年10月9日'],
    ],
    [
      '法制审核意见书',
      draftReviewOpinion({ ...common(s.theCase, '甘经信法审〔2026〕1号'), round: s.round }),
      ['甘经信法审〔2026〕1号', '执法主体是否合法通过', '审核结论同意', '审核人赵六'],
    ],
    ['集体讨论记录', draftDiscussionRecord({ ...common(s.theCase, null), round: s.round }), ['参加人员钱局长、孙副局长、李副局长', '讨论结论同意按法制审核意见作出处罚决定']],
    [
      '送达回证',
      draftServiceProof({ ...common(s.theCase, null), served: { title: '行政处罚决定书', number: '甘经信罚〔2026〕1号' }, service, place: '当事人住所', evidence }),
      ['送达文书名称《行政处罚决定书》', '送达方式直接送达送达日期2026年10月15日', '受送达人签名或盖章'],
    ],
  ];

  for (const [title, model, expected] of models) {
    it(title, async () => {
      const pdf = await renderPdf(model);
      const text = pdfTextCompact(pdf.bytes);
      expect(text).toContain(`甘孜州经济和信息化局${title}`);
      for (const e of expected) expect(text, e).toContain(e);
      expect(pdf.missingCharacters).toEqual([]);
      expect(pdf.pages).toBeGreaterThanOrEqual(1);
      expect(pdfText(pdf.bytes)).toMatch(/^\s*— 1 —\s*$/m);
    });
  }
});
