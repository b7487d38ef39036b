/**
 * Job `lists.changed`: what a change of a list owes, done in order and each part once. The site first:
 * a version in force that the site does not have yet is written (its page, its version page beside
 * the earlier ones, the index). Then the notices of the record entries not announced yet: 行政审批科 is
 * asked to review what a section submitted, the head to approve what was reviewed, the author is told
 * of a return (with the reason) and of the publication. Owed with the change (its outbox item); the
 * tick hands it on again until it completes.
 */
import * as z from 'zod/mini';
import { listCard, listNoticeCard } from '../../../cards/lists.ts';
import type { Card } from '../../../cards/common.ts';
import { listPagePath, listSiteFiles, publicListPage, type ListKind } from '../../domain/lists/index.ts';
import type { Person, Role } from '../../domain/roster/types.ts';
import { isPermanentDeliveryFailure } from '../../ports/errors.ts';
import type { StoredListRecord } from '../../ports/lists.ts';
import { job } from '../intents.ts';
import { LISTS_CONFIG, SITE, withIndex } from '../public-site.ts';
import { sendUuid, type WorkerServices } from '../services.ts';
import { listCardView, listKind } from './views.ts';

export const listChangedJob = job({
  payload: z.object({ listKind }),
  async run({ listKind: kind }, s) {
    const owed = await s.outbox.get(`lists:${kind}`);
    const head = await s.lists.head(kind);
    if (head.current && head.siteVersion < head.current.version) {
      await publishList(kind, s);
      await s.lists.markSite(kind, head.current.version);
    }
    const entries = (await s.lists.records(kind)).filter((e) => e.seq > head.noticedSeq);
    if (entries.length > 0) {
      const people = await s.roster.listActive();
      for (const e of entries) {
        await announce(kind, e, entries, people, s);
        await s.lists.markNoticed(kind, e.seq);
      }
    }
    if (owed) await s.outbox.complete(owed.subject, owed.rev);
  },
});

/** Writes the list's pages (every published version, each with its changes) and the index. */
export async function publishList(kind: ListKind, s: WorkerServices): Promise<void> {
  const versions = await s.lists.published(kind);
  const page = publicListPage(kind, LISTS_CONFIG.titles[kind], versions);
  const put = await withIndex(s.site, listSiteFiles(SITE, page, LISTS_CONFIG.sources[kind]));
  await s.site.apply({ put, remove: [] });
}

async function announce(kind: ListKind, e: StoredListRecord, batch: readonly StoredListRecord[], people: Person[], s: WorkerServices): Promise<void> {
  const title = LISTS_CONFIG.titles[kind];
  const withRole = (role: Role) => people.filter((p) => p.roles.includes(role));
  const version = await s.lists.version(kind, e.versionId);
  const author = people.find((p) => p.openId === version?.author.openId);
  const note = typeof e.detail.note === 'string' ? e.detail.note : undefined;
  const send = async (to: Person, card: Card) => {
    try {
      await s.messenger.sendCard(to.openId, card, sendUuid('list', kind, String(e.seq), to.openId));
    } catch (err) {
      if (!isPermanentDeliveryFailure(err)) throw err;
      s.log.warn('list notice refused by Feishu', { kind, seq: e.seq, to: to.openId, err });
    }
  };
  const withCard = async (to: Person[], notice: string) => {
    const head = await s.lists.head(kind);
    for (const p of to) if (p.openId !== e.actor) await send(p, listCard(listCardView(head, p, { notice })));
  };
  switch (e.action) {
    case 'list.submitted':
      return withCard(withRole('admin'), `${version?.author.department ?? ''}提交了${title}第 ${e.version} 版，请审核`);
    case 'list.reviewed':
      return withCard(withRole('head'), `${title}第 ${e.version} 版已经行政审批科审核，请批准`);
    case 'list.approved':
      // Published in the same change: the publication notice says it all.
      if (batch.some((x) => x.versionId === e.versionId && x.action === 'list.published')) return;
      return withCard([...withRole('admin'), ...withRole('head')], `${title}第 ${e.version} 版已批准，待发布`);
    case 'list.returned':
      if (author && author.openId !== e.actor) {
        await send(author, listNoticeCard({ kind, title: `${title}第 ${e.version} 版被退回`, text: '请按意见修改后重新提交审核。', ...(note ? { note } : {}) }));
      }
      return;
    case 'list.published': {
      const text = `${title}第 ${e.version} 版已发布到公示网站（${listPagePath(kind)}），与上一版的变化一并公示。`;
      const to = new Map([...(author ? [author] : []), ...withRole('admin')].map((p) => [p.openId, p]));
      for (const p of to.values()) await send(p, listNoticeCard({ kind, title: `${title}已发布`, text }));
      return;
    }
    case 'list.withdrawn':
      if (author && author.openId !== e.actor) await send(author, listNoticeCard({ kind, title: `${title}第 ${e.version} 版已撤回`, text: '该版本不再发布。', ...(note ? { note } : {}) }));
      return;
    default:
      return;
  }
}
