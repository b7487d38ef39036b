/** `抽查结果` (办公室, 行政审批科, heads): every draw, its results recorded and published, the next publication due. */
import { drawListCard } from '../../../cards/draw.ts';
import { command } from '../intents.ts';
import { mayListDraws } from './views.ts';

const STATUS: Record<string, string> = { pending: '抽取中', committed: '已承诺', revealed: '已公布结果', failed: '未能抽取' };

export const listDrawsCommand = command({
  words: ['抽查结果'],
  help: { command: '抽查结果', description: '双随机抽查的抽取和检查结果、公示情况（办公室、行政审批科、负责人）' },
  async run({ person, reply, s }) {
    if (!mayListDraws(person)) return reply.text('只有办公室、行政审批科和负责人可以查看全部抽查结果；检查人员请在检查任务卡片上记录结果。');
    const draws = (await s.draws.list()).slice(0, 10);
    const items = [];
    for (const d of draws) {
      const tasks = (await s.draws.tasks(d.drawId)).filter((t) => t.status === 'open' || t.status === 'done');
      const done = tasks.filter((t) => t.result);
      const owed = done.filter((t) => t.result?.publishedOn === undefined).map((t) => t.result!.publishBy).sort();
      items.push({
        drawId: d.drawId,
        planId: d.planId,
        listItem: d.listItemName,
        drawDate: d.drawDate,
        statusLabel: d.supersededBy ? `已被 ${d.supersededBy} 取代` : (STATUS[d.status] ?? d.status),
        total: tasks.length,
        recorded: done.length,
        published: done.length - owed.length,
        ...(owed[0] ? { nextDue: owed[0] } : {}),
      });
    }
    return reply.card(drawListCard({ items }));
  },
});
