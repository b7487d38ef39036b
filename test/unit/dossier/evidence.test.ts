import { describe, expect, it } from 'vitest';
import {
  ACTIVITIES,
  DEFAULT_ACTIVITY,
  type EvidenceItem,
  MAX_EVIDENCE_BYTES,
  MAX_NOTE_CHARS,
  VIEW_LINK_MAX_SECONDS,
  activityAfterChanges,
  attachPermission,
  attachedDetail,
  buildEvidenceItem,
  buildNote,
  canSeeEvidence,
  casePrefix,
  changeActivity,
  checkEvidenceSize,
  classifyMessage,
  dossierKeys,
  duplicateDetail,
  duplicateNotice,
  evidenceIdFor,
  evidenceItemSchema,
  evidenceKey,
  evidencePrefix,
  findDuplicate,
  formatBytes,
  mediaKindFromFile,
  newestFirst,
  noteDetail,
  noteTextFrom,
  parseEvidenceKey,
  receiptFields,
  refineMediaKind,
  resolveTargetCase,
  safeFileName,
  viewLinkExpiresAt,
  viewLinkSeconds,
} from '../../../functions/domain/dossier/index.ts';
import { checkDetail, sealEntry, sha256Hex } from '../../../functions/domain/record/index.ts';
import { sealedLog } from '../record/helpers.ts';
import { evidence } from './helpers.ts';

const CASE = '2026-000001';
const SHA = 'ab'.repeat(32);

describe('classifyMessage: which chat messages can become evidence', () => {
  it('an image message: image resource, kind image', () => {
    expect(classifyMessage('image', '{"image_key":"img_v3_1"}', 'om_1')).toEqual({
      ok: true,
      value: { messageId: 'om_1', messageType: 'image', key: 'img_v3_1', resourceType: 'image', mediaKind: 'image' },
    });
  });

  it('an audio message: file resource, kind audio, duration kept', () => {
    expect(classifyMessage('audio', { file_key: 'file_v3_a', duration: 2000 }, 'om_2')).toEqual({
      ok: true,
      value: { messageId: 'om_2', messageType: 'audio', key: 'file_v3_a', resourceType: 'file', mediaKind: 'audio', durationMs: 2000 },
    });
  });

  it('a media message: file resource, kind video, with its file name', () => {
    const r = classifyMessage('media', '{"file_key":"file_v3_v","image_key":"img_cover","file_name":"执法记录仪.mp4","duration":12000}', 'om_3');
    expect(r).toEqual({
      ok: true,
      value: { messageId: 'om_3', messageType: 'media', key: 'file_v3_v', resourceType: 'file', mediaKind: 'video', fileName: '执法记录仪.mp4', durationMs: 12000 },
    });
  });

  it.each([
    ['询问笔录.pdf', 'document'],
    ['现场.JPG', 'image'],
    ['录像.MOV', 'video'],
    ['录音.m4a', 'audio'],
    ['没有扩展名', 'document'],
  ] as const)('a file message %s: kind %s from the name', (fileName, kind) => {
    const r = classifyMessage('file', JSON.stringify({ file_key: 'file_v3_f', file_name: fileName }), 'om_4');
    expect(r.ok && r.value).toMatchObject({ resourceType: 'file', mediaKind: kind, fileName });
  });

  it.each([
    ['text', '记录'],
    ['post', '单独发送'],
    ['sticker', '表情'],
    ['merge_forward', '逐条转发'],
    ['location', '写明地点'],
    ['interactive', '卡片'],
    ['share_chat', '照片、视频、录音或文件'],
    ['system', '照片、视频、录音或文件'],
    ['constructor', '照片、视频、录音或文件'],
    ['__proto__', '照片、视频、录音或文件'],
  ])('a %s message is refused with a reply saying what to send', (type, hint) => {
    const r = classifyMessage(type, '{}', 'om_5');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]).toContain(hint);
    }
  });

  it.each([
    ['image', '{"file_key":"x"}'],
    ['image', '{"image_key":"   "}'],
    ['file', 'not json'],
    ['audio', null],
    ['media', '[]'],
    ['file', { file_key: 7 }],
  ])('an unreadable %s content (%j) asks to resend', (type, content) => {
    expect(classifyMessage(type, content, 'om_6')).toEqual({ ok: false, errors: ['没能读取这条消息里的文件，没有保存。请重新发送一次。'] });
  });

  it('an empty message id is unreadable too', () => {
    expect(classifyMessage('image', '{"image_key":"k"}', ' ').ok).toBe(false);
  });

  it('drops a negative or non-numeric duration and a blank file name', () => {
    const r = classifyMessage('media', { file_key: 'k', file_name: '  ', duration: -5 }, 'om_7');
    expect(r.ok && r.value).toEqual({ messageId: 'om_7', messageType: 'media', key: 'k', resourceType: 'file', mediaKind: 'video' });
  });
});

describe('media kinds from names and types', () => {
  it('MIME type wins when specific; octet-stream falls back to the extension', () => {
    expect(mediaKindFromFile('a.pdf', 'video/mp4')).toBe('video');
    expect(mediaKindFromFile('a.mp4', 'application/octet-stream')).toBe('video');
    expect(mediaKindFromFile('a.bin', 'audio/ogg; codecs=opus')).toBe('audio');
    expect(mediaKindFromFile(undefined, 'IMAGE/PNG')).toBe('image');
    expect(mediaKindFromFile(undefined, undefined)).toBe('document');
    expect(mediaKindFromFile('archive.tar.gz')).toBe('document');
  });

  it('refineMediaKind keeps image/audio/video messages and judges file messages by name and type', () => {
    expect(refineMediaKind({ messageType: 'image', mediaKind: 'image' }, 'application/octet-stream')).toBe('image');
    expect(refineMediaKind({ messageType: 'audio', mediaKind: 'audio' }, 'video/mp4')).toBe('audio');
    expect(refineMediaKind({ messageType: 'file', mediaKind: 'document', fileName: 'x.dat' }, 'video/quicktime')).toBe('video');
    expect(refineMediaKind({ messageType: 'file', mediaKind: 'document', fileName: 'x.dat' })).toBe('document');
  });
});

describe('size rules', () => {
  it('limit is 100 MB (MiB)', () => {
    expect(MAX_EVIDENCE_BYTES).toBe(104_857_600);
  });

  it.each([1, 1024, MAX_EVIDENCE_BYTES])('%i bytes is accepted', (n) => {
    expect(checkEvidenceSize(n)).toEqual({ ok: true, value: n });
  });

  it('an empty file is refused', () => {
    expect(checkEvidenceSize(0)).toEqual({ ok: false, errors: ['这个文件是空的（0 字节），没有保存。请检查文件后重新发送。'] });
  });

  it('one byte over the limit is refused, naming the limit', () => {
    expect(checkEvidenceSize(MAX_EVIDENCE_BYTES + 1)).toEqual({
      ok: false,
      errors: ['这个文件超过 100.0 MB（飞书可下载的上限），没有保存。请压缩或分段后重新发送。'],
    });
    expect(checkEvidenceSize(11, 10).ok).toBe(false);
  });

  it.each([-1, 1.5, Number.NaN])('%d is unreadable', (n) => {
    expect(checkEvidenceSize(n).ok).toBe(false);
  });

  it('formats sizes for people', () => {
    expect([0, 1023, 1024, 1536, 10 * 1024 * 1024, 5 * 1024 ** 3].map(formatBytes)).toEqual([
      '0 字节',
      '1023 字节',
      '1.0 KB',
      '1.5 KB',
      '10.0 MB',
      '5.00 GB',
    ]);
  });
});

describe('S3 keys: one case under one prefix, evidence content-addressed', () => {
  it('lays keys out by case and hash', () => {
    expect(casePrefix(CASE)).toBe('cases/2026-000001/');
    expect(evidencePrefix(CASE)).toBe('cases/2026-000001/evidence/');
    expect(evidenceKey(CASE, SHA)).toBe(`cases/2026-000001/evidence/${SHA}`);
    expect(dossierKeys(CASE)).toEqual({ manifest: 'cases/2026-000001/dossier/manifest.json', html: 'cases/2026-000001/dossier/manifest.html' });
  });

  it('every key of a case starts with its prefix; no case prefix is a prefix of another case', () => {
    for (const k of [evidenceKey(CASE, SHA), dossierKeys(CASE).manifest, dossierKeys(CASE).html]) expect(k.startsWith(casePrefix(CASE))).toBe(true);
    expect(evidenceKey('2026-000010', SHA).startsWith(casePrefix(CASE))).toBe(false);
    expect(evidenceKey('2026-000001', SHA).startsWith(evidencePrefix('2026-000010'))).toBe(false);
  });

  it('the same bytes in one case are one key; in two cases, two keys', () => {
    expect(evidenceKey(CASE, SHA)).toBe(evidenceKey(CASE, SHA));
    expect(evidenceKey(CASE, SHA)).not.toBe(evidenceKey('2026-000002', SHA));
  });

  it('throws on a programming error', () => {
    expect(() => evidenceKey(CASE, SHA.toUpperCase())).toThrow(RangeError);
    expect(() => evidenceKey('../2026-000001', SHA)).toThrow(RangeError);
    expect(() => casePrefix('2026-1')).toThrow(RangeError);
  });

  it('parses an evidence key back, and nothing else', () => {
    expect(parseEvidenceKey(evidenceKey(CASE, SHA))).toEqual({ caseId: CASE, sha256: SHA });
    for (const k of [dossierKeys(CASE).manifest, `${evidencePrefix(CASE)}${SHA}.jpg`, `${evidencePrefix(CASE)}x`, `x/${evidenceKey(CASE, SHA)}`]) {
      expect(parseEvidenceKey(k)).toBeNull();
    }
  });
});

describe('the evidence item', () => {
  const base = {
    caseId: CASE,
    resource: { messageId: 'om_100', messageType: 'image' as const, mediaKind: 'image' as const },
    sha256: SHA,
    size: 2048,
    mimeType: 'image/jpeg',
    receivedAt: '2026-03-02T02:03:04.000Z',
    sender: 'ou_zhangsan',
    senderName: '张三',
  };

  it('is built with a message-derived id, a content-addressed key, a made-up name for a photo and the default activity', () => {
    const r = buildEvidenceItem(base);
    expect(r).toEqual({
      ok: true,
      value: {
        evidenceId: evidenceIdFor(CASE, 'om_100'),
        caseId: CASE,
        sha256: SHA,
        size: 2048,
        fileName: '照片-20260302-100304.jpg',
        mediaKind: 'image',
        mimeType: 'image/jpeg',
        activity: '其他',
        receivedAt: '2026-03-02T02:03:04.000Z',
        sender: 'ou_zhangsan',
        senderName: '张三',
        messageId: 'om_100',
        s3Key: evidenceKey(CASE, SHA),
      },
    });
    expect(DEFAULT_ACTIVITY).toBe('其他');
  });

  it('the id is stable for the same message (re-delivery) and differs across messages and cases', () => {
    expect(evidenceIdFor(CASE, 'om_1')).toBe(evidenceIdFor(CASE, 'om_1'));
    expect(evidenceIdFor(CASE, 'om_1')).toMatch(/^ev_[0-9a-f]{24}$/);
    expect(new Set([evidenceIdFor(CASE, 'om_1'), evidenceIdFor(CASE, 'om_2'), evidenceIdFor('2026-000002', 'om_1')]).size).toBe(3);
  });

  it('keeps the chosen activity, the send time and the S3 version', () => {
    const r = buildEvidenceItem({ ...base, activity: '查封扣押', sentAt: '2026-03-02T02:03:00.000Z', s3VersionId: 'v-1' });
    expect(r.ok && r.value).toMatchObject({ activity: '查封扣押', sentAt: '2026-03-02T02:03:00.000Z', s3VersionId: 'v-1' });
  });

  it('a video sent as a file is a video', () => {
    const r = buildEvidenceItem({ ...base, resource: { messageId: 'om_2', messageType: 'file', mediaKind: 'document', fileName: 'DJI_0001.dat' }, mimeType: 'video/mp4' });
    expect(r.ok && r.value).toMatchObject({ mediaKind: 'video', fileName: 'DJI_0001.dat' });
  });

  it('refuses an empty or oversized file in Chinese, and bad values for the log', () => {
    expect(buildEvidenceItem({ ...base, size: 0 })).toEqual({ ok: false, errors: [expect.stringContaining('空的')] });
    expect(buildEvidenceItem({ ...base, size: MAX_EVIDENCE_BYTES + 1 })).toEqual({ ok: false, errors: [expect.stringContaining('100.0 MB')] });
    const bad = buildEvidenceItem({ ...base, sha256: 'nope', sender: '张三' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.join()).toMatch(/evidence\.sha256.*evidence\.sender|evidence\.sender.*evidence\.sha256/s);
  });

  it('the schema reads a stored item back and refuses a tampered one', () => {
    const item = evidence();
    expect(evidenceItemSchema.safeParse(item).success).toBe(true);
    expect(evidenceItemSchema.safeParse({ ...item, activity: '巡查' }).success).toBe(false);
    expect(evidenceItemSchema.safeParse({ ...item, size: 0 }).success).toBe(false);
  });

  it('attachedDetail is a valid evidence.attached detail that seals into the log', () => {
    const item = evidence({ s3VersionId: 'v9', mimeType: 'image/png' });
    const detail = attachedDetail(item);
    expect(checkDetail('evidence.attached', detail).ok).toBe(true);
    const [genesis] = sealedLog(1);
    const r = sealEntry(genesis ?? null, { caseId: CASE, at: item.receivedAt, actor: item.sender, action: 'evidence.attached', detail });
    expect(r.ok).toBe(true);
    const bare = attachedDetail(evidence({ mimeType: undefined }));
    expect(Object.keys(bare)).not.toContain('mimeType');
    expect(Object.keys(bare)).not.toContain('s3VersionId');
  });
});

describe('file names', () => {
  const at = '2026-03-02T16:30:00.000Z';

  it('keeps an ordinary name', () => {
    expect(safeFileName('询问笔录（张三）.pdf', 'document', at)).toBe('询问笔录（张三）.pdf');
  });

  it('removes control characters and path separators, collapses spaces', () => {
    expect(safeFileName('../../etc/passwd\u0000\n.txt', 'document', at)).toBe('.. .. etc passwd .txt');
    expect(safeFileName('a\\b\u2028c', 'document', at)).toBe('a b c');
  });

  it('shortens a long name to 120 characters and keeps the extension', () => {
    const name = safeFileName(`${'很长'.repeat(100)}.docx`, 'document', at);
    expect([...name]).toHaveLength(120);
    expect(name.endsWith('.docx')).toBe(true);
  });

  it('makes a name from the kind and Beijing time when there is none, extension from the type', () => {
    expect(safeFileName(undefined, 'image', at, 'image/png')).toBe('照片-20260303-003000.png');
    expect(safeFileName('   ', 'audio', at)).toBe('录音-20260303-003000.opus');
    expect(safeFileName('..', 'video', at, 'video/quicktime')).toBe('视频-20260303-003000.mov');
    expect(safeFileName(undefined, 'document', at, 'application/x-unknown')).toBe('文件-20260303-003000.bin');
  });
});

describe('duplicates: the same bytes in one case', () => {
  const first = evidence({ messageId: 'om_1', receivedAt: '2026-03-02T02:00:00.000Z', fileName: '现场1.jpg' });
  const later = evidence({ messageId: 'om_2', receivedAt: '2026-03-02T03:00:00.000Z', fileName: '现场1-副本.jpg' });
  const other = evidence({ messageId: 'om_3', sha256: 'cd'.repeat(32) });
  const otherCase = evidence({ caseId: '2026-000002', messageId: 'om_4', receivedAt: '2026-03-01T00:00:00.000Z' });

  it('finds the earliest item with the same hash in the same case', () => {
    expect(findDuplicate([later, other, first, otherCase], CASE, first.sha256)).toBe(first);
  });

  it('other hashes and other cases are not duplicates', () => {
    expect(findDuplicate([other, otherCase], CASE, first.sha256)).toBeNull();
    expect(findDuplicate([], CASE, first.sha256)).toBeNull();
  });

  it('tells the officer which earlier item it matches', () => {
    expect(duplicateNotice(first)).toBe(
      `这份照片与本案已保存的「现场1.jpg」完全相同（张三 于 2026-03-02 10:00:00 提交，SHA-256 ${first.sha256.slice(0, 12)}…），没有重复保存。`,
    );
  });

  it('the duplicate entry detail seals', () => {
    expect(checkDetail('evidence.duplicate_received', duplicateDetail(first, 'om_9', 'x.jpg')).ok).toBe(true);
  });
});

describe('written records (记录)', () => {
  const input = { caseId: CASE, messageId: 'om_n1', receivedAt: '2026-03-02T02:03:04.000Z', sender: 'ou_lisi', senderName: '李四' };

  it.each([
    ['记录 现场门窗紧闭', '现场门窗紧闭'],
    ['记录：现场门窗紧闭', '现场门窗紧闭'],
    ['记录:现场', '现场'],
    ['  记录\u3000多行\n第二行  ', '多行\n第二行'],
    ['记录', ''],
    ['记录   ', ''],
  ])('%j → %j', (message, text) => {
    expect(noteTextFrom(message)).toBe(text);
  });

  it.each(['记录表', '我的案件', '请记录一下'])('%j is not a note', (message) => {
    expect(noteTextFrom(message)).toBeNull();
  });

  it('a note is UTF-8 bytes, hashed, stored like evidence, with its own receipt fields', () => {
    const r = buildNote({ ...input, text: '  现场门窗紧闭，无人应答\r\n已拍照  ', activity: '现场检查' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const text = '现场门窗紧闭，无人应答\n已拍照';
    expect(r.value.text).toBe(text);
    expect(Buffer.from(r.value.bytes).toString('utf8')).toBe(text);
    expect(r.value.item).toMatchObject({
      evidenceId: evidenceIdFor(CASE, 'om_n1'),
      sha256: sha256Hex(text),
      size: Buffer.byteLength(text),
      fileName: '文字记录-20260302-100304.txt',
      mediaKind: 'note',
      mimeType: 'text/plain; charset=utf-8',
      activity: '现场检查',
      s3Key: evidenceKey(CASE, sha256Hex(text)),
    });
    expect(checkDetail('note.recorded', noteDetail(r.value.item, r.value.text)).ok).toBe(true);
  });

  it('the same text twice is two notes sharing one object', () => {
    const a = buildNote({ ...input, text: '无人' });
    const b = buildNote({ ...input, messageId: 'om_n2', text: '无人' });
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(a.value.item.evidenceId).not.toBe(b.value.item.evidenceId);
    expect(a.value.item.s3Key).toBe(b.value.item.s3Key);
  });

  it('refuses an empty note and a note over the limit, saying what to do', () => {
    expect(buildNote({ ...input, text: ' \n ' })).toEqual({ ok: false, errors: ['请在「记录」后面写上内容，例如：记录 现场门窗紧闭，无人应答'] });
    expect(buildNote({ ...input, text: '字'.repeat(MAX_NOTE_CHARS) }).ok).toBe(true);
    expect(buildNote({ ...input, text: '字'.repeat(MAX_NOTE_CHARS + 1) })).toEqual({
      ok: false,
      errors: [`记录内容有 ${MAX_NOTE_CHARS + 1} 字，超过 ${MAX_NOTE_CHARS} 字，没有保存。请分成几条发送。`],
    });
  });
});

describe('changing the activity on the receipt card', () => {
  const item = evidence({ activity: '其他' });

  it('returns the changed item and the before/after', () => {
    expect(changeActivity(item, '查封扣押', false)).toEqual({
      ok: true,
      value: { item: { ...item, activity: '查封扣押' }, changes: [{ field: 'activity', before: '其他', after: '查封扣押' }] },
    });
    const r = changeActivity(item, '查封扣押', false);
    if (r.ok) expect(checkDetail('evidence.activity_changed', { evidenceId: item.evidenceId, changes: r.value.changes }).ok).toBe(true);
  });

  it('refuses an unknown activity with the list, no change, and an archived case', () => {
    expect(changeActivity(item, '巡查', false)).toEqual({ ok: false, errors: [`没有「巡查」这一活动。请选择：${ACTIVITIES.join('、')}`] });
    expect(changeActivity(item, '其他', false)).toEqual({ ok: false, errors: ['这份证据的所属活动已是「其他」，无需更改'] });
    expect(changeActivity(item, '询问', true).ok).toBe(false);
  });

  it('replaying changes gives the current activity', () => {
    expect(activityAfterChanges('其他', [])).toBe('其他');
    expect(
      activityAfterChanges('其他', [
        [{ field: 'activity', before: '其他', after: '询问' }],
        [{ field: 'activity', before: '询问', after: '听证' }],
      ]),
    ).toBe('听证');
  });
});

describe('which case, and who may', () => {
  it('a reply to a case card wins; then the current case; else ask', () => {
    expect(resolveTargetCase({ repliedToCaseId: '2026-000002', currentCaseId: CASE })).toEqual({ caseId: '2026-000002', via: 'reply' });
    expect(resolveTargetCase({ currentCaseId: CASE })).toEqual({ caseId: CASE, via: 'current' });
    expect(resolveTargetCase({ repliedToCaseId: null, currentCaseId: null })).toEqual({ ask: true });
    expect(resolveTargetCase({})).toEqual({ ask: true });
  });

  const theCase = { officers: [{ openId: 'ou_a' }, { openId: 'ou_b' }], archived: false };

  it('officers attach; an archived case refuses them', () => {
    expect(attachPermission({ openId: 'ou_a', roles: ['officer'] }, theCase)).toEqual({ ok: true });
    expect(attachPermission({ openId: 'ou_a', roles: ['officer'] }, { ...theCase, archived: true })).toEqual({
      ok: false,
      reason: 'archived',
      errors: ['本案已归档，只能查看，不能再添加证据或记录'],
    });
  });

  it.each(['reviewer', 'head', 'admin'])('a %s sees the case but cannot attach', (role) => {
    expect(attachPermission({ openId: 'ou_x', roles: [role] }, theCase)).toEqual({
      ok: false,
      reason: 'not_officer',
      errors: ['只有本案的承办人员可以向本案添加证据或记录'],
    });
  });

  it('a stranger learns nothing: not_found, no message of our own', () => {
    expect(attachPermission({ openId: 'ou_x', roles: ['officer', 'office'] }, theCase)).toEqual({ ok: false, reason: 'not_found', errors: [] });
  });

  it('evidence and dossier: officers and the oversight roles; not office, not other officers', () => {
    expect(canSeeEvidence({ openId: 'ou_b', roles: [] }, theCase)).toBe(true);
    for (const role of ['reviewer', 'head', 'admin']) expect(canSeeEvidence({ openId: 'ou_x', roles: [role] }, theCase)).toBe(true);
    for (const roles of [['officer'], ['office'], []]) expect(canSeeEvidence({ openId: 'ou_x', roles }, theCase)).toBe(false);
    expect(canSeeEvidence({ openId: 'OU_A', roles: [] }, theCase)).toBe(false);
  });

  it('a view link lives at most 30 minutes, at least one', () => {
    expect(VIEW_LINK_MAX_SECONDS).toBe(1800);
    expect([undefined, 600, 1800, 7200, 10, Number.NaN, 90.7].map((s) => viewLinkSeconds(s))).toEqual([1800, 600, 1800, 1800, 60, 1800, 90]);
    expect(viewLinkExpiresAt('2026-03-02T02:00:00.000Z')).toBe('2026-03-02T02:30:00.000Z');
    expect(viewLinkExpiresAt('2026-03-02T02:00:00.000Z', 3600)).toBe('2026-03-02T02:30:00.000Z');
    expect(viewLinkExpiresAt('2026-03-02T02:00:00.000Z', 300)).toBe('2026-03-02T02:05:00.000Z');
  });
});

describe('lists and receipts', () => {
  it('newest first, ties broken by id', () => {
    const a = evidence({ messageId: 'om_a', receivedAt: '2026-03-02T01:00:00.000Z' });
    const b = evidence({ messageId: 'om_b', receivedAt: '2026-03-02T03:00:00.000Z' });
    const c = evidence({ messageId: 'om_c', receivedAt: '2026-03-02T03:00:00.000Z' });
    const sorted = newestFirst([a, c, b]);
    expect(sorted[0]?.receivedAt).toBe('2026-03-02T03:00:00.000Z');
    expect(sorted.at(-1)).toBe(a);
    expect(newestFirst([a, b, c]).map((x) => x.evidenceId)).toEqual(newestFirst([c, a, b]).map((x) => x.evidenceId));
  });

  it('the receipt shows case number, file name, type, size, SHA-256, time, sender and activity', () => {
    const item: EvidenceItem = evidence({ size: 1536, activity: '现场检查' });
    expect(receiptFields(item, '甘经信立〔2026〕1号')).toEqual([
      { label: '案件编号', value: '甘经信立〔2026〕1号' },
      { label: '文件名', value: item.fileName },
      { label: '类型', value: '照片' },
      { label: '大小', value: '1.5 KB（1536 字节）' },
      { label: 'SHA-256', value: item.sha256 },
      { label: '接收时间', value: '2026-03-02 10:00:00' },
      { label: '提交人', value: '张三' },
      { label: '所属活动', value: '现场检查' },
    ]);
  });
});
