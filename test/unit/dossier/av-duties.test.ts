import { describe, expect, it } from 'vitest';
import avData from '../../../data/av-duties.json' with { type: 'json' };
import {
  ACTIVITIES,
  type Activity,
  type AvFacts,
  DossierDataError,
  MEDIA_KINDS,
  type MediaKind,
  avDutyReport,
  buildAvDuties,
  citeSource,
} from '../../../functions/domain/dossier/index.ts';
import { prng, randInt } from '../record/helpers.ts';

const duties = buildAvDuties(avData);
const ev = (activity: Activity, mediaKind: MediaKind) => ({ activity, mediaKind });
const report = (facts: AvFacts) => avDutyReport(facts, duties);
const statusOf = (facts: AvFacts, activity: Activity) => report(facts).activities.find((a) => a.activity === activity);

describe('the AV duty table (data/av-duties.json)', () => {
  it('covers every activity exactly once', () => {
    expect(duties.map((d) => d.activity).sort()).toEqual([...ACTIVITIES].sort());
  });

  it.each([
    ['查封扣押', 'required'],
    ['强制拆除', 'required'],
    ['现场检查', 'recommended'],
    ['随机抽查', 'recommended'],
    ['调查取证', 'recommended'],
    ['抽样取证', 'recommended'],
    ['证据保全', 'recommended'],
    ['询问', 'recommended'],
    ['听证', 'recommended'],
    ['送达', 'recommended'],
    ['其他', 'none'],
  ] as const)('%s: %s, citing 118号', (activity, level) => {
    const d = duties.find((x) => x.activity === activity);
    expect(d?.level).toBe(level);
    expect(d?.source.law).toBe('国办发〔2018〕118号');
    expect(d?.source.summary).toBeTruthy();
  });

  it('full-process recording accepts only video; the others also a recording', () => {
    for (const d of duties) expect(d.accepts).toEqual(d.level === 'required' ? ['video'] : ['video', 'audio']);
  });

  it('送达 applies only to 留置送达 and 公告送达', () => {
    expect(duties.find((d) => d.activity === '送达')?.when).toEqual({ serviceMethods: ['留置送达', '公告送达'] });
    expect(duties.filter((d) => d.when).map((d) => d.activity)).toEqual(['送达']);
  });

  const clone = () => structuredClone(avData) as { duties: Record<string, unknown>[] };

  it('refuses a table missing an activity, repeating one, or with a bad level', () => {
    const missing = clone();
    missing.duties = missing.duties.filter((d) => d.activity !== '听证');
    expect(() => buildAvDuties(missing)).toThrow(/缺少活动：听证/);
    const twice = clone();
    twice.duties.push(twice.duties[0] as Record<string, unknown>);
    expect(() => buildAvDuties(twice)).toThrow(/「查封扣押」出现了两次/);
    const bad = clone();
    (bad.duties[0] as Record<string, unknown>).level = 'must';
    expect(() => buildAvDuties(bad)).toThrow(DossierDataError);
  });

  it('refuses full-process recording that does not accept video, and an unknown service method', () => {
    const t = clone();
    (t.duties[0] as Record<string, unknown>).accepts = ['audio'];
    expect(() => buildAvDuties(t)).toThrow(/accepts 必须包含 video/);
    const u = clone();
    (u.duties.find((d) => d.activity === '送达') as Record<string, unknown>).when = { serviceMethods: ['微信送达'] };
    expect(() => buildAvDuties(u)).toThrow(DossierDataError);
  });

  it('a bureau may lower a level (its own AV list), and the report follows', () => {
    const t = clone();
    (t.duties.find((d) => d.activity === '询问') as Record<string, unknown>).level = 'none';
    const own = buildAvDuties(t);
    expect(avDutyReport({ evidence: [ev('询问', 'note')] }, own).warnings).toEqual([]);
    expect(report({ evidence: [ev('询问', 'note')] }).warnings).toHaveLength(1);
  });
});

describe('citeSource', () => {
  it('fits a citation inside one pair of brackets', () => {
    expect(citeSource({ law: '国办发〔2018〕118号', article: '（执法全过程记录制度·音像记录）' })).toBe('国办发〔2018〕118号 执法全过程记录制度·音像记录');
    expect(citeSource({ law: '《中华人民共和国行政处罚法》', article: '第四十二条' })).toBe('《中华人民共和国行政处罚法》第四十二条');
    expect(citeSource({ law: '国办发〔2018〕118号' })).toBe('国办发〔2018〕118号');
  });
});

describe('avDutyReport', () => {
  it('lists only activities the case records, in vocabulary order, with counts', () => {
    const r = report({ evidence: [ev('询问', 'audio'), ev('现场检查', 'image'), ev('现场检查', 'video'), ev('现场检查', 'video')] });
    expect(r.activities).toEqual([
      { activity: '现场检查', level: 'recommended', conditional: false, items: 3, video: 2, audio: 0, hasAudioVideo: true },
      { activity: '询问', level: 'recommended', conditional: false, items: 1, video: 0, audio: 1, hasAudioVideo: true },
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('an empty case: nothing to show', () => {
    expect(report({ evidence: [] })).toEqual({ activities: [], warnings: [] });
  });

  it('查封扣押 without video: a required warning naming 118号', () => {
    const r = report({ evidence: [ev('查封扣押', 'image'), ev('查封扣押', 'note')] });
    expect(r.warnings).toEqual([
      {
        activity: '查封扣押',
        severity: 'required',
        message: '查封扣押：没有视频。查封扣押应当全程音像记录（国办发〔2018〕118号 执法全过程记录制度·音像记录），请补充执法记录仪等全程录像。',
        source: '国办发〔2018〕118号 执法全过程记录制度·音像记录',
      },
    ]);
  });

  it('强制拆除 with only a recording: still a required warning, saying so', () => {
    const s = statusOf({ evidence: [ev('强制拆除', 'audio')] }, '强制拆除');
    expect(s?.hasAudioVideo).toBe(false);
    expect(s?.warning?.message).toMatch(/^强制拆除：只有录音，没有视频。/);
  });

  it('查封扣押 with video: met', () => {
    expect(statusOf({ evidence: [ev('查封扣押', 'video')] }, '查封扣押')).toMatchObject({ hasAudioVideo: true, video: 1 });
    expect(report({ evidence: [ev('查封扣押', 'video')] }).warnings).toEqual([]);
  });

  it('a recommended activity without AV: a softer warning that allows sufficient text records', () => {
    const r = report({ evidence: [ev('听证', 'document')] });
    expect(r.warnings[0]).toMatchObject({ activity: '听证', severity: 'recommended' });
    expect(r.warnings[0]?.message).toBe(
      '听证：没有录音或录像。这一环节容易引发争议，应当根据实际情况进行音像记录（国办发〔2018〕118号 执法全过程记录制度·音像记录）；文字记录能够全面有效记录的，可以不录。',
    );
  });

  it('an activity known to have happened but without any evidence is listed and warned', () => {
    const r = report({ evidence: [], performed: ['查封扣押'] });
    expect(r.activities).toEqual([
      expect.objectContaining({ activity: '查封扣押', items: 0, hasAudioVideo: false, warning: expect.objectContaining({ severity: 'required' }) }),
    ]);
  });

  it('其他 never warns', () => {
    expect(report({ evidence: [ev('其他', 'image')] })).toEqual({
      activities: [{ activity: '其他', level: 'none', conditional: false, items: 1, video: 0, audio: 0, hasAudioVideo: false }],
      warnings: [],
    });
  });

  describe('送达 depends on the service method', () => {
    const served = [ev('送达', 'image')];

    it('method not known yet: a conditional warning', () => {
      const s = statusOf({ evidence: served }, '送达');
      expect(s).toMatchObject({ level: 'recommended', conditional: true });
      expect(s?.warning?.message).toMatch(/^送达：没有录音或录像。如采用留置送达或公告送达，这一环节容易引发争议/);
    });

    it.each([['留置送达'], ['公告送达']] as const)('%s: recommended, warned without AV, met with it', (method) => {
      const s = statusOf({ evidence: served, serviceMethods: ['直接送达', method] }, '送达');
      expect(s).toMatchObject({ level: 'recommended', conditional: false });
      expect(s?.warning?.message).toMatch(/^送达：没有录音或录像。这一环节/);
      expect(statusOf({ evidence: [...served, ev('送达', 'audio')], serviceMethods: [method] }, '送达')?.warning).toBeUndefined();
    });

    it.each([['直接送达'], ['邮寄送达'], ['电子送达']] as const)('%s only: no duty', (method) => {
      expect(statusOf({ evidence: served, serviceMethods: [method] }, '送达')).toMatchObject({ level: 'none', conditional: false });
      expect(report({ evidence: served, serviceMethods: [method] }).warnings).toEqual([]);
    });
  });

  it('required warnings come first, then recommended, each in vocabulary order', () => {
    const r = report({ evidence: [ev('现场检查', 'image'), ev('强制拆除', 'image'), ev('询问', 'note'), ev('查封扣押', 'image')] });
    expect(r.warnings.map((w) => [w.severity, w.activity])).toEqual([
      ['required', '查封扣押'],
      ['required', '强制拆除'],
      ['recommended', '现场检查'],
      ['recommended', '询问'],
    ]);
  });

  it('property: a warning exactly when the duty applies and no accepted kind exists; counts add up', () => {
    const rand = prng(118);
    for (let round = 0; round < 500; round++) {
      const evidence = Array.from({ length: randInt(rand, 0, 12) }, () =>
        ev(ACTIVITIES[randInt(rand, 0, ACTIVITIES.length - 1)] as Activity, MEDIA_KINDS[randInt(rand, 0, MEDIA_KINDS.length - 1)] as MediaKind),
      );
      const serviceMethods = rand() < 0.5 ? undefined : rand() < 0.5 ? (['留置送达'] as const) : (['直接送达'] as const);
      const r = report({ evidence, ...(serviceMethods ? { serviceMethods } : {}) });
      expect(r.activities.reduce((n, a) => n + a.items, 0)).toBe(evidence.length);
      for (const a of r.activities) {
        const duty = duties.find((d) => d.activity === a.activity);
        const accepted = evidence.some((e) => e.activity === a.activity && (duty?.accepts as string[]).includes(e.mediaKind));
        expect(a.hasAudioVideo).toBe(accepted);
        expect(Boolean(a.warning)).toBe(a.level !== 'none' && !accepted);
      }
      expect(r.warnings).toHaveLength(r.activities.filter((a) => a.warning).length);
    }
  });
});
