/**
 * Job draw.run: the libraries frozen as they are when the draw runs (uncertified officers out,
 * conflicts respected), the commitment recorded and posted to the office before the reveal, the seed
 * and the result recorded, a task card to each inspector, the draw on the public site with a file
 * that `verifyDraw` accepts; each step once, however often the job runs.
 */
import { describe, expect, it } from 'vitest';
import { verifyDraw } from '../../../../functions/domain/draw/index.ts';
import { cardText, NOW, PEOPLE, useWorker } from '../harness.ts';
import { drawn, publishItems, runDraw as run, startDraw, target } from './helpers.ts';

describe('Job: draw.run', () => {
  const h = useWorker();

  it('commits, posts the commitment to the office before the result, reveals, and records both steps', async () => {
    const drawId = await drawn(h());
    const meta = (await h().draws.get(drawId))!;
    expect(meta).toMatchObject({ status: 'revealed', posted: ['commitment', 'result'] });
    expect((await h().draws.records(drawId)).map((r) => [r.seq, r.action, r.actor])).toEqual([
      [1, 'draw.committed', PEOPLE.wu.openId],
      [2, 'draw.revealed', PEOPLE.wu.openId],
    ]);
    const file = (await h().draws.file(drawId))!.file;
    expect(file.seed).toBe(h().seeds[0]);
    expect(file.commitment.hash).toBe(meta.commitmentHash);
    // The office got the commitment (hashes, no seed) before the result (the seed).
    const office = h().sent().filter((m) => m.receive_id === PEOPLE.sun.openId).map(cardText);
    expect(office).toHaveLength(2);
    expect(office[0]).toContain(file.commitment.hash);
    expect(office[0]).not.toContain(file.seed);
    expect(office[1]).toContain(file.seed);
    expect(h().sent().filter((m) => m.receive_id === PEOPLE.wu.openId)).toHaveLength(2);
  });

  it('draws inspectors certified on the draw date only, two different ones per target', async () => {
    const drawId = await drawn(h());
    const file = (await h().draws.file(drawId))!.file;
    expect(file.libraries.inspectors.map((i) => i.name).sort()).toEqual(['张三', '李四', '陈七'].sort());
    expect(file.result.targets).toHaveLength(2);
    for (const t of file.result.targets) {
      expect(t.inspectors).toHaveLength(2);
      expect(new Set(t.inspectors.map((i) => i.certificateNumber)).size).toBe(2);
      expect(t.inspectors.map((i) => i.name)).not.toContain('王五');
    }
  });

  it('respects a recorded conflict of interest', async () => {
    await publishItems(h());
    await h().library.replaceTargets([target(1), target(2)], NOW.toISOString());
    for (const who of [PEOPLE.zhang, PEOPLE.li]) {
      await h().library.addConflict({ openId: who.openId, creditCode: target(1).creditCode, reason: '亲属任职', recordedBy: PEOPLE.zhao.openId, recordedAt: NOW.toISOString() });
    }
    // Only 陈七 could inspect target 1: the draw is refused before any commitment.
    const { drawId } = await startDraw(h(), PEOPLE.wu.openId, { sample: '1' });
    await run(h(), drawId!);
    const meta = (await h().draws.get(drawId!))!;
    expect(meta.status).toBe('failed');
    expect(meta.errors?.join()).toContain('因回避可派的检查人员不足');
    expect(await h().draws.records(drawId!)).toEqual([]);
    expect(cardText(h().sent().find((m) => m.receive_id === PEOPLE.wu.openId))).toContain('未能抽取');
    expect(h().site.paths()).toEqual([]);
  });

  it('sends each inspector a task card with the three results, and tasks carry the plan’s deadline', async () => {
    const drawId = await drawn(h());
    const tasks = await h().draws.tasks(drawId);
    expect(tasks).toHaveLength(2);
    for (const t of tasks) {
      expect(t).toMatchObject({ status: 'open', deadline: '2026-03-31', targetType: 'enterprise' });
      expect(t.notified.sort()).toEqual(t.inspectors.map((i) => i.openId).sort());
      for (const i of t.inspectors) {
        const card = h().sent().filter((m) => m.receive_id === i.openId).map(cardText).find((c) => c.includes(t.creditCode));
        expect(card, i.name).toContain('未发现问题');
        expect(card).toContain('发现问题已责令整改');
        expect(card).toContain('转立案');
      }
    }
    expect(await h().draws.openTasks('2026-03-31', 10)).toHaveLength(2);
  });

  it('publishes the draw: commitment, seed, result by name and credit code, and a file the verifier accepts', async () => {
    const drawId = await drawn(h());
    const file = (await h().draws.file(drawId))!.file;
    const page = (await h().site.read(`draws/${drawId}.html`))!;
    for (const s of [file.commitment.hash, file.seed, file.commitment.libraryHashes.targets, ...file.result.targets.flatMap((t) => [t.name, t.creditCode])]) {
      expect(page).toContain(s);
    }
    for (const t of file.result.targets) for (const i of t.inspectors) expect(page).toContain(`${i.name}（${i.certificateNumber}）`);
    expect(page).not.toContain(PEOPLE.zhang.openId);
    const published = JSON.parse((await h().site.read(`draws/${drawId}.json`))!);
    expect(verifyDraw(published, { publishedCommitment: file.commitment.hash }).ok).toBe(true);
    expect(await h().site.read('draws/index.html')).toContain(`href="${drawId}.html"`);
    expect(await h().site.read('index.html')).toContain('href="draws/index.html"');
  });

  it('freezes the libraries at the commitment: a later import changes nothing of the draw', async () => {
    const drawId = await drawn(h());
    const before = (await h().draws.file(drawId))!.file;
    await h().library.replaceTargets([target(99)], NOW.toISOString());
    await run(h(), drawId);
    expect((await h().draws.file(drawId))!.file).toEqual(before);
  });

  it('repeats nothing when it runs again, and completes what the draw owed', async () => {
    const drawId = await drawn(h());
    const sent = h().sent().length;
    const records = (await h().draws.records(drawId)).length;
    await run(h(), drawId);
    expect(h().sent()).toHaveLength(sent);
    expect(await h().draws.records(drawId)).toHaveLength(records);
    expect(await h().outbox.get(`draw:${drawId}`)).toBeNull();
  });
});
