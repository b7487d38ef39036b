import { describe, expect, it } from 'vitest';
import { caseCard, caseChooserCard, caseChosenCard, dossierCard, evidenceListCard, noticeCard, receiptCard, viewLinkCard } from '../../../cards/index.ts';
import type { DossierCardView, EvidenceListItemView, ReceiptCardView } from '../../../cards/types.ts';
import { ACTIVITIES } from '../../../functions/domain/dossier/vocabulary.ts';
import { assertValidCard, CARD_MAX_BYTES, cardContentByteSize } from '../../../local/card-validator.ts';
import { caseView, decodeEntities, findByTag, MALICIOUS, markdownContents } from './views.ts';

const receipt = (o: Partial<ReceiptCardView> = {}): ReceiptCardView => ({
  caseId: '2026-000001',
  caseNumber: '甘经信立〔2026〕1号',
  evidenceId: 'ev_0123456789abcdef01234567',
  title: '证据已保存',
  fields: [
    { label: '案件编号', value: '甘经信立〔2026〕1号' },
    { label: '文件名', value: MALICIOUS },
    { label: 'SHA-256', value: 'a'.repeat(64) },
  ],
  activity: '其他',
  activities: ACTIVITIES,
  via: '本会话的当前案件',
  editable: true,
  ...o,
});

const item = (i: number, o: Partial<EvidenceListItemView> = {}): EvidenceListItemView => ({
  evidenceId: `ev_${String(i).padStart(24, '0')}`,
  fileName: `照片${i}.jpg`,
  kindLabel: '照片',
  sizeText: '1.0 MB',
  activity: '现场检查',
  receivedAt: '2026-03-02 10:00:00',
  senderName: '张三',
  sha256: 'b'.repeat(64),
  ...o,
});

describe('receiptCard', () => {
  it('shows every field escaped, the case it went to, the activity drop-down that sends its choice at once, and 查看', () => {
    const card = receiptCard(receipt());
    assertValidCard(card);
    const text = markdownContents(card).join('\n');
    expect(text).not.toContain('<at');
    expect(decodeEntities(text)).toContain(MALICIOUS);
    expect(decodeEntities(text)).toContain('保存到：甘经信立〔2026〕1号（本会话的当前案件）');
    const [select] = findByTag(card, 'select_static');
    expect(select).toMatchObject({
      initial_option: '其他',
      behaviors: [{ type: 'callback', value: { action: 'evidence.activity', case_id: '2026-000001', evidence_id: 'ev_0123456789abcdef01234567' } }],
    });
    expect((select?.options as unknown[]).length).toBe(11);
    expect(findByTag(card, 'button').map((b) => (b.text as { content: string }).content)).toEqual(['查看']);
  });

  it('offers no change once the case is archived', () => {
    const card = receiptCard(receipt({ editable: false }));
    assertValidCard(card, { updated: true });
    expect(findByTag(card, 'select_static')).toEqual([]);
  });
});

describe('evidenceListCard', () => {
  it('a full page of ten stays valid and small, with 下一页', () => {
    const card = evidenceListCard({ caseId: '2026-000001', caseNumber: '甘经信立〔2026〕1号', items: Array.from({ length: 10 }, (_, i) => item(i, { fileName: MALICIOUS.repeat(3) })), pageNumber: 1, nextCursor: '2:abc' });
    assertValidCard(card);
    expect(cardContentByteSize(card)).toBeLessThan(CARD_MAX_BYTES);
    expect(JSON.stringify(card)).toContain('"action":"evidence.list","case_id":"2026-000001","cursor":"2:abc"');
    expect(markdownContents(card).join('')).not.toContain('<at');
  });

  it('says when there is nothing (yet, or any more)', () => {
    expect(JSON.stringify(evidenceListCard({ caseId: '2026-000001', caseNumber: 'N', items: [], pageNumber: 1 }))).toContain('本案还没有证据');
    expect(JSON.stringify(evidenceListCard({ caseId: '2026-000001', caseNumber: 'N', items: [], pageNumber: 2 }))).toContain('没有更多证据了');
  });
});

describe('caseChooserCard, caseChosenCard, viewLinkCard, noticeCard', () => {
  it('are valid and escape what people wrote', () => {
    const chooser = caseChooserCard({ messageId: 'om_x', what: `文件「${MALICIOUS}」`, cases: Array.from({ length: 12 }, (_, i) => ({ caseId: `2026-00000${i}`, caseNumber: `N${i}`, partyName: MALICIOUS })) });
    assertValidCard(chooser);
    expect(findByTag(chooser, 'button')).toHaveLength(10);
    const chosen = caseChosenCard({ caseNumber: 'N1', what: '照片' });
    assertValidCard(chosen, { updated: true });
    const link = viewLinkCard({ caseNumber: 'N1', fileName: MALICIOUS, sha256: 'c'.repeat(64), url: 'https://bucket.s3.amazonaws.com/cases/x?X-Amz-Expires=1800', expiresAt: '2026-03-02 10:30:00', minutes: 30 });
    assertValidCard(link);
    expect(findByTag(link, 'button')[0]).toMatchObject({ behaviors: [{ type: 'open_url', default_url: 'https://bucket.s3.amazonaws.com/cases/x?X-Amz-Expires=1800' }] });
    const notice = noticeCard({ title: '校验未通过', text: `${MALICIOUS}\n第二行`, template: 'red' });
    assertValidCard(notice);
    for (const c of [chooser, chosen, link, notice]) expect(markdownContents(c).join('')).not.toContain('<at');
  });
});

describe('dossierCard', () => {
  const view = (o: Partial<DossierCardView> = {}): DossierCardView => ({
    caseNumber: '甘经信立〔2026〕1号',
    statusLabel: '已立案',
    score: 0,
    grade: '不合格',
    canArchive: false,
    documents: [
      { position: 1, name: '案件来源登记', status: 'present', count: 1 },
      { position: 2, name: '立案审批表', status: 'missing', count: 0 },
      { position: 3, name: '送达回证', status: 'pending', count: 0 },
    ],
    vetoFailures: [{ name: '执法人员不具备执法资格', reasons: [MALICIOUS] }],
    vetoUnknown: [{ name: '事实不清', reasons: ['尚无法制审核'] }],
    deductions: [{ points: 5, reason: '缺少立案审批表' }],
    avWarnings: ['查封扣押：没有视频。'],
    notes: [],
    evidenceCount: 3,
    ...o,
  });

  it('shows the standard order with each status, the veto failures in red, and that it cannot be archived', () => {
    const card = dossierCard(view());
    assertValidCard(card);
    const text = markdownContents(card).join('\n');
    expect(text).toContain('1. ✓ 案件来源登记');
    expect(text).toContain('2. ✗ 立案审批表：缺失');
    expect(text).toContain('3. … 送达回证：未到期');
    expect(text).toContain("<font color='red'>✗ 执法人员不具备执法资格");
    expect(text).not.toContain('<at');
    expect(card.header.template).toBe('red');
  });

  it('says how to archive when nothing fails', () => {
    const card = dossierCard(view({ canArchive: true, score: 95, grade: '优秀', vetoFailures: [] }));
    expect(decodeEntities(markdownContents(card).join('\n'))).toContain('发送「归档 甘经信立〔2026〕1号」即可归档');
  });
});

describe('caseCard: audio/video', () => {
  it('shows per activity whether audio/video exists, the required warning in red, the recommended one plain', () => {
    const card = caseCard(
      caseView({
        av: [
          { activity: '查封扣押', level: 'required', levelLabel: '必须全程音像记录', items: 2, hasAudioVideo: false },
          { activity: '现场检查', level: 'recommended', levelLabel: '应当根据实际情况音像记录', items: 1, hasAudioVideo: true },
        ],
        avWarnings: [
          { severity: 'required', message: '查封扣押：没有视频。' },
          { severity: 'recommended', message: '询问：没有录音或录像。' },
        ],
      }),
    );
    assertValidCard(card);
    const text = markdownContents(card).join('\n');
    expect(text).toContain('**音像记录**');
    expect(text).toContain('- 查封扣押：2 件，无音像记录（必须全程音像记录）');
    expect(text).toContain('- 现场检查：1 件，有音像记录');
    expect(text).toContain("<font color='red'>⚠ 查封扣押：没有视频。</font>");
    expect(text).toContain('\n⚠ 询问：没有录音或录像。');
  });
});
