/**
 * What the per-action tests run an action with: the in-memory stores (their contract suites keep them
 * honest against DynamoDB), the real deadline engine, and — for commands and jobs, which answer through
 * Feishu — the real Feishu SDK client against the fake Open API. Jobs the action submits are kept to
 * look at, not run.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createFeishuClient, FeishuMessenger } from '../../../functions/adapters/feishu/messenger.ts';
import { FeishuResources } from '../../../functions/adapters/feishu/resources.ts';
import { FeishuMediaUploader } from '../../../functions/adapters/feishu/media-upload.ts';
import type { ChartRenderer, StatisticsExporter } from '../../../functions/ports/statistics.ts';
import { lazyExporter } from '../../../functions/adapters/export/lazy.ts';
import { MemoryExportStore } from '../../../functions/adapters/memory/export-store.ts';
import { lazyChartRenderer } from '../../../functions/adapters/charts/lazy.ts';
import { MemoryCaseStore } from '../../../functions/adapters/memory/case-store.ts';
import { MemoryChatContext } from '../../../functions/adapters/memory/chat-context.ts';
import { MemoryEvidenceStore } from '../../../functions/adapters/memory/evidence-store.ts';
import { MemoryEventMarkers } from '../../../functions/adapters/memory/event-markers.ts';
import { MemoryReviewStore } from '../../../functions/adapters/memory/review-store.ts';
import { MemoryRosterStore } from '../../../functions/adapters/memory/roster-store.ts';
import { MemoryDrawStore } from '../../../functions/adapters/memory/draw-store.ts';
import { MemoryInspectionLibraryStore } from '../../../functions/adapters/memory/library-store.ts';
import { MemoryListStore } from '../../../functions/adapters/memory/list-store.ts';
import { MemoryWorkOutbox } from '../../../functions/adapters/memory/work-outbox.ts';
import { MemoryStatisticsStore } from '../../../functions/adapters/memory/statistics-store.ts';
import { MemoryPublicSite } from '../../../functions/adapters/site/local.ts';
import { reviewRules } from '../../../functions/handlers/review.ts';
import { MemoryDeadlineStore } from '../../../functions/adapters/memory/deadline-store.ts';
import { reminderSettings } from '../../../functions/handlers/reminders.ts';
import type { ReviewState } from '../../../functions/domain/review/workflow.ts';
import type { ReminderScheduler, ScheduleInput } from '../../../functions/ports/scheduling.ts';
import { type Job, runJob } from '../../../functions/app/jobs.ts';
import type { Services, WorkerServices } from '../../../functions/app/services.ts';
import { silentLogger } from '../../../functions/config/logger.ts';
import { DEFAULT_CASE_NUMBER_FORMAT } from '../../../functions/domain/case/filing.ts';
import type { CaseOfficer } from '../../../functions/domain/case/types.ts';
import type { Person } from '../../../functions/domain/roster/types.ts';
import { VIEW_LINK_MAX_SECONDS } from '../../../functions/domain/dossier/evidence.ts';
import { answerDeadline, caseDeadlines, inspectionResultDue, statisticsContext } from '../../../functions/handlers/deadlines.ts';
import { avDuties } from '../../../functions/handlers/av-duties.ts';
import { documentServices } from '../../../functions/handlers/documents.ts';
import { dossierChecklist } from '../../../functions/handlers/dossier.ts';
import type { ServiceRecord } from '../../../functions/domain/service/form.ts';
import type { CardTap } from '../../../functions/ports/index.ts';
import { type FeishuSim, startFeishuSim, type SimMessage } from '../../../local/feishu-sim.ts';
import { buildPerson } from '../../helpers/factories.ts';

/** 10:00 on Monday 2 March 2026 in Shanghai. */
export const NOW = new Date('2026-03-02T02:00:00.000Z');

const cert = (number: string, validUntil = '2029-12-31') => ({ number, validUntil });
export const PEOPLE = {
  zhang: buildPerson({ openId: 'ou_zhang', name: '张三', department: '执法一科', roles: ['officer'], certificate: cert('川执5101001') }),
  li: buildPerson({ openId: 'ou_li', name: '李四', department: '执法一科', roles: ['officer'], certificate: cert('川执5101002') }),
  chen: buildPerson({ openId: 'ou_chen', name: '陈七', department: '运行监测科', roles: ['officer'], certificate: cert('川执5101007') }),
  wang: buildPerson({ openId: 'ou_wang', name: '王五', department: '执法一科', roles: ['officer'], certificate: cert('川执5101003', '2025-12-31') }),
  zhao: buildPerson({ openId: 'ou_zhao', name: '赵六', department: '法规科', roles: ['reviewer', 'admin'], certificate: null }),
  sun: buildPerson({ openId: 'ou_sun', name: '孙八', department: '办公室', roles: ['office'], certificate: null }),
  qian: buildPerson({ openId: 'ou_qian', name: '钱局长', department: '局领导', roles: ['head'], certificate: null }),
  wu: buildPerson({ openId: 'ou_wu', name: '吴科长', department: '执法一科', roles: ['section_head'], certificate: null }),
} satisfies Record<string, Person>;
export const STRANGER = 'ou_stranger';

export const asOfficer = (p: Person): CaseOfficer => ({
  openId: p.openId,
  name: p.name,
  department: p.department,
  certificateNumber: p.certificate?.number ?? '',
  certificateValidUntil: p.certificate?.validUntil ?? '',
});

export interface AppHarness {
  s: Services;
  roster: MemoryRosterStore;
  cases: MemoryCaseStore;
  lists: MemoryListStore;
  draws: MemoryDrawStore;
  library: MemoryInspectionLibraryStore;
  outbox: MemoryWorkOutbox;
  chat: MemoryChatContext;
  reviews: MemoryReviewStore;
  statistics: MemoryStatisticsStore;
  /** The jobs the action handed to the worker. */
  submitted: Job[];
  /** Makes the next job submissions fail (the Lambda Invoke is down). */
  failSubmits(on: boolean): void;
}

/** Services for card actions: in-memory stores with the roster above. */
export async function appServices(): Promise<AppHarness> {
  const roster = new MemoryRosterStore();
  await roster.replaceAll(Object.values(PEOPLE), NOW.toISOString());
  const cases = new MemoryCaseStore();
  const outbox = new MemoryWorkOutbox();
  const lists = new MemoryListStore(outbox);
  const draws = new MemoryDrawStore(outbox);
  const library = new MemoryInspectionLibraryStore();
  const chat = new MemoryChatContext();
  const reviews = new MemoryReviewStore(cases);
  const statistics = new MemoryStatisticsStore();
  const submitted: Job[] = [];
  let failing = false;
  const s: Services = {
    roster,
    cases,
    chat,
    jobs: {
      submit: async (job) => {
        if (failing) throw new Error('invoke failed');
        submitted.push(job);
      },
    },
    caseNumberFormat: DEFAULT_CASE_NUMBER_FORMAT,
    now: () => NOW,
    deadlinesFor: caseDeadlines,
    avDuties,
    log: silentLogger,
    lists,
    draws,
    library,
    outbox,
    resultPublicationDue: inspectionResultDue,
    reviews,
    reviewRules,
    statistics,
    statisticsContext,
  };
  return { s, roster, cases, lists, draws, library, outbox, chat, reviews, statistics, submitted, failSubmits: (on) => void (failing = on) };
}

/** A card tap, as the webhook hands it to the card actions. */
export function tap(o: { by: string; value: unknown; formValue?: Record<string, unknown>; messageId?: string }): CardTap {
  return {
    eventId: 'ev-tap',
    operatorOpenId: o.by,
    value: o.value,
    ...(o.formValue ? { formValue: o.formValue } : {}),
    messageId: o.messageId ?? 'om_card',
    chatId: 'oc_chat',
  };
}

/** The schedules the worker made, by name (what EventBridge Scheduler would hold), and every call. */
export class RecordingScheduler implements ReminderScheduler {
  readonly schedules = new Map<string, ScheduleInput>();
  readonly calls: { op: 'upsert' | 'remove'; name: string }[] = [];
  async upsert(s: ScheduleInput): Promise<'created' | 'updated'> {
    this.calls.push({ op: 'upsert', name: s.name });
    const had = this.schedules.has(s.name);
    this.schedules.set(s.name, structuredClone(s));
    return had ? 'updated' : 'created';
  }
  async remove(name: string): Promise<'deleted' | 'absent'> {
    this.calls.push({ op: 'remove', name });
    return this.schedules.delete(name) ? 'deleted' : 'absent';
  }
}

export interface WorkerHarness extends AppHarness {
  s: WorkerServices;
  deadlines: MemoryDeadlineStore;
  scheduler: RecordingScheduler;
  /** Review states the worker's loaders (deadlines, documents) answer before the review store (states built by the domain's transitions). */
  reviewStates: Map<string, ReviewState>;
  markers: MemoryEventMarkers;
  site: MemoryPublicSite;
  /** The seeds the draws take, in order (fixed, so a draw's result is known). */
  seeds: string[];
  evidence: MemoryEvidenceStore;
  /** Statistics exports the worker stored. */
  exports: MemoryExportStore;
  sim: FeishuSim;
  /** Service records the documents' loader answers before the case's own (tests put them here). */
  serviceRecords: Map<string, ServiceRecord>;
  /** What the bot sent, replied or updated since the test began. */
  sent(): SimMessage[];
}

/**
 * Worker services for one test file: the fake Open API starts before its tests and stops after; each
 * test gets fresh stores and an empty fake.
 */
export function useWorker(): () => WorkerHarness {
  let sim: FeishuSim | undefined;
  let messenger: FeishuMessenger | undefined;
  let resources: FeishuResources | undefined;
  let media: FeishuMediaUploader | undefined;
  let charts: ChartRenderer | undefined;
  let exporter: (() => Promise<StatisticsExporter>) | undefined;
  let current: WorkerHarness | undefined;
  beforeAll(async () => {
    sim = await startFeishuSim({ port: 0, host: '127.0.0.1', appId: 'cli_test', appSecret: 'secret' });
    const client = createFeishuClient({ appId: 'cli_test', appSecret: 'secret', domain: sim.url, log: silentLogger });
    messenger = new FeishuMessenger(client, silentLogger, { baseDelayMs: 1 });
    resources = new FeishuResources(client, silentLogger, { baseDelayMs: 1 });
    media = new FeishuMediaUploader(client, silentLogger, { baseDelayMs: 1 });
    // Loaded when a test first draws a chart (echarts and the font decoding stay out of other tests).
    charts = lazyChartRenderer();
    exporter = lazyExporter();
  });
  afterAll(async () => {
    await sim?.close();
  });
  beforeEach(async () => {
    if (!sim || !messenger || !resources) throw new Error('the fake Open API is not running');
    sim.reset();
    const app = await appServices();
    const markers = new MemoryEventMarkers();
    const evidence = new MemoryEvidenceStore();
    const fake = sim;
    const site = new MemoryPublicSite();
    const seeds: string[] = [];
    let n = 0;
    const next = () => {
      const seed = createHash('sha256').update(`harness-seed-${n++}`).digest('hex');
      seeds.push(seed);
      return seed;
    };
    const deadlines = new MemoryDeadlineStore(app.cases);
    const scheduler = new RecordingScheduler();
    const reviewStates = new Map<string, ReviewState>();
    const serviceRecords = new Map<string, ServiceRecord>();
    const documents = documentServices({
      loadReview: async (id) => reviewStates.get(id) ?? (await app.reviews.get(id)),
      loadService: async (id) => {
        const held = serviceRecords.get(id);
        if (held) return held;
        const service = (await app.cases.get(id))?.service;
        return service ? { servedOn: service.servedOn, method: service.method as ServiceRecord['method'], proofEvidenceIds: service.proofEvidenceIds } : null;
      },
    });
    const exports = new MemoryExportStore();
    current = {
      ...app,
      exports,
      markers,
      site,
      seeds,
      evidence,
      deadlines,
      scheduler,
      reviewStates,
      sim: fake,
      serviceRecords,
      sent: () => fake.messages(),
      s: {
        ...app.s,
        messenger,
        markers,
        answerDeadline,
        site,
        seeds: { next },
        evidence,
        resources,
        dossierChecklist,
        viewLinkSeconds: VIEW_LINK_MAX_SECONDS,
        documents,
        reminders: {
          deadlines,
          scheduler,
          settings: reminderSettings(),
          loadReview: async (caseId) => reviewStates.get(caseId) ?? (await app.reviews.get(caseId)),
        },
        charts: charts!,
        media: media!,
        exporter: exporter!,
        exports,
      },
    };
  });
  return () => {
    if (!current) throw new Error('no worker harness outside a test');
    return current;
  };
}

let seq = 0;

/** A chat message as the webhook hands it to the worker (a `message` job). */
export function messageJob(
  h: WorkerHarness,
  o: {
    from: string;
    text?: string;
    chatType?: 'p2p' | 'group';
    messageType?: string;
    content?: string;
    lease?: string;
    mentionKeys?: string[];
    /** The message it replies to (a bot card). */
    parentId?: string;
  },
): Extract<Job, { kind: 'message' }> {
  seq += 1;
  const messageId = `om_in_${seq}`;
  const chatId = o.chatType === 'group' ? 'oc_group' : `oc_p2p_${o.from}`;
  // Real Feishu knows which chat each user message is in; tell the fake, so replies carry it.
  h.sim.registerInboundMessage(messageId, chatId);
  return {
    kind: 'message',
    eventId: `ev_${seq}`,
    senderOpenId: o.from,
    messageId,
    chatId,
    chatType: o.chatType ?? 'p2p',
    messageType: o.messageType ?? 'text',
    content: o.content ?? JSON.stringify({ text: o.text ?? '' }),
    mentionKeys: o.mentionKeys ?? [],
    ...(o.parentId ? { parentId: o.parentId } : {}),
    createTime: String(NOW.getTime() - 5_000),
    ...(o.lease ? { lease: o.lease } : {}),
  };
}

/** Sends `text` from `from` as a chat message through the worker; the bot's last message after it. */
export async function sayTo(h: WorkerHarness, from: string, text: string): Promise<SimMessage | undefined> {
  await runJob(messageJob(h, { from, text }), h.s);
  return h.sent().at(-1);
}

/** The text of a text message the bot sent. */
export const textOf = (m: SimMessage | undefined): string => (m?.content as { text?: string } | undefined)?.text ?? '';
/** A card the bot sent, as JSON text (to look for what it shows). */
export const cardText = (m: SimMessage | undefined): string => JSON.stringify(m?.content);
