import { describe, expect, it } from 'vitest';
import { correctionFormCard, correctionTakenCard, documentLinkCard, documentListCard, type DocumentVersionView } from '../../../cards/index.ts';
import { assertValidCard, CARD_MAX_BYTES, cardContentByteSize } from '../../../local/card-validator.ts';
import { MALICIOUS } from './views.ts';

const version = (i: number, o: Partial<DocumentVersionView> = {}): DocumentVersionView => ({
  documentId: i === 0 ? 'filing_approval' : `legal_review_opinion.r${i}`,
  title: i === 0 ? '立案审批表' : '法制审核意见书',
  number: i === 0 ? null : `甘经信法审〔2026〕${i}号`,
  version: 1,
  date: '2026-03-02',
  sha256: 'c'.repeat(64),
  reason: null,
  latest: true,
  correctable: true,
  ...o,
});

describe('documentListCard', () => {
  it('shows each version with its number, version, date and hash; 查看 on each, 更正 (the next version) only where allowed; escapes reasons', () => {
    const card = documentListCard({
      caseId: '2026-000001',
      caseNumber: '甘经信立〔2026〕1号',
      versions: [version(0, { version: 2, reason: MALICIOUS }), version(0, { latest: false, correctable: false }), version(1, { correctable: false })],
    });
    assertValidCard(card);
    const json = JSON.stringify(card);
    expect(json).toContain('第2版（现行）');
    expect(json).toContain('第1版（已被更正）');
    expect(json).toContain('甘经信法审〔2026〕1号');
    expect(json).toContain('cccccccccccccccc…');
    expect(json).not.toContain('<at id=all>');
    expect(json).not.toContain('[点我]');
    const values = [...json.matchAll(/"value":(\{[^}]*\})/g)].map((m) => JSON.parse(m[1] as string));
    expect(values).toEqual([
      { action: 'document.view', case_id: '2026-000001', document_id: 'filing_approval', version: 2 },
      { action: 'document.correct', case_id: '2026-000001', document_id: 'filing_approval', version: 3 },
      { action: 'document.view', case_id: '2026-000001', document_id: 'filing_approval', version: 1 },
      { action: 'document.view', case_id: '2026-000001', document_id: 'legal_review_opinion.r1', version: 1 },
    ]);
  });

  it('says when there is none, and stays under 30 KB with the most versions it lists', () => {
    const empty = documentListCard({ caseId: '2026-000001', caseNumber: '甘经信立〔2026〕1号', versions: [] });
    assertValidCard(empty);
    expect(JSON.stringify(empty)).toContain('本案还没有制作文书');
    const many = documentListCard({
      caseId: '2026-000001',
      caseNumber: '甘经信立〔2026〕1号',
      versions: Array.from({ length: 60 }, (_, i) => version(i + 1, { reason: '因'.repeat(500), version: 999 })),
    });
    assertValidCard(many);
    expect(cardContentByteSize(many)).toBeLessThanOrEqual(CARD_MAX_BYTES);
    expect(JSON.stringify(many)).toContain('另有 45 份未列出');
  });
});

describe('correction cards and the view link', () => {
  it('the form asks for the reason (required, 500 at most) and submits the next version; errors in red, escaped', () => {
    const card = correctionFormCard({ caseId: '2026-000001', caseNumber: '甘经信立〔2026〕1号', documentId: 'penalty_decision', title: '行政处罚决定书', number: '甘经信罚〔2026〕1号', version: 2, errors: [MALICIOUS] });
    assertValidCard(card);
    const json = JSON.stringify(card);
    expect(json).toContain('"name":"reason","required":true,"max_length":500');
    expect(json).toContain('"form_action_type":"submit"');
    expect(json).toContain('{"action":"document.correct","case_id":"2026-000001","document_id":"penalty_decision","version":2}');
    expect(json).not.toContain('<at id=all>');
    assertValidCard(correctionTakenCard({ caseNumber: '甘经信立〔2026〕1号', title: '行政处罚决定书', version: 2 }));
  });

  it('the link card names the file and hash, says until when, and opens the link', () => {
    const card = documentLinkCard({ caseNumber: '甘经信立〔2026〕1号', fileName: MALICIOUS, sha256: 'd'.repeat(64), url: 'https://evidence.invalid/k?x=1', expiresAt: '2026-03-02 10:30:00', minutes: 30 });
    assertValidCard(card);
    const json = JSON.stringify(card);
    expect(json).toContain('"default_url":"https://evidence.invalid/k?x=1"');
    expect(json).toContain('30 分钟内有效');
    // The body's markdown is escaped (the summary is plain text, where nothing is markup).
    expect(JSON.stringify(card.body)).not.toContain('<at id=all>');
  });
});
