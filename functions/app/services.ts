/** What the use cases are given, and the small helpers several of them share. */
import { createHash } from 'node:crypto';
import type { DeadlineView } from '../../cards/types.ts';
import type { Logger } from '../config/logger.ts';
import type { Case } from '../domain/case/types.ts';
import type { AvDuty } from '../domain/dossier/av-duties.ts';
import type { DossierChecklist } from '../domain/dossier/checklist.ts';
import type { HolidayCalendar } from '../domain/deadlines/calendar.ts';
import type { Rule } from '../domain/deadlines/rules.ts';
import type { ReviewCatalogue } from '../domain/review/catalogue.ts';
import type { Person } from '../domain/roster/types.ts';
import type { EvidenceStore, MessageResources } from '../ports/evidence.ts';
import type {
  CardActionResult,
  CaseStore,
  ChatContextStore,
  DrawStore,
  EventMarkers,
  InspectionLibraryStore,
  JobQueue,
  ListStore,
  Messenger,
  ReviewStore,
  RosterStore,
  SeedSource,
  WorkOutbox,
} from '../ports/index.ts';
import type { PublicSite } from '../ports/public-site.ts';
import type { ReminderWorkerDeps } from './deadlines/context.ts';
import type { DocumentServices } from './documents/services.ts';
import type { ChartRenderer, ExportStore, FeishuMedia, StatisticsExporter, StatisticsStore } from '../ports/statistics.ts';
import type { LocalDate } from '../domain/deadlines/local-date.ts';
import type { StatisticsContext } from '../domain/statistics/figures.ts';
import type { Job } from './jobs.ts';

/** What the use cases need; built once per cold start (Lambda) or per stack (offline, tests). */
export interface Services {
  roster: RosterStore;
  cases: CaseStore;
  /** Which case a card shows, current cases, files waiting for a case. */
  chat: ChatContextStore;
  jobs: JobQueue<Job>;
  caseNumberFormat: string;
  now: () => Date;
  /** Deadlines that apply to a case at its current stage, for the case card. */
  deadlinesFor: (c: Case) => DeadlineView[];
  /** Audio/video duties per activity (data/av-duties.json), for the case card and the dossier. */
  avDuties: readonly AvDuty[];
  log: Logger;
  /** The 事前公开 lists. */
  lists: ListStore;
  /** Draws, their exceptions and inspection tasks. */
  draws: DrawStore;
  /** 检查对象名录库 and the 回避名单 (written by the operator's CLI only). */
  library: InspectionLibraryStore;
  /** Work changes still owe (the tick hands it on again). */
  outbox: WorkOutbox;
  /** When an inspection's result must be published by (rule inspection_result_publication). */
  resultPublicationDue: (endedOn: string) => { dueDate: string; source: string };
  /** The legal review of each case (法制审核): its state, written with its record entries. */
  reviews: ReviewStore;
  /** The 法制审核目录清单, the calendar and the rules table (法制审核时限). */
  reviewRules: ReviewRules;
  /** The statistics aggregates (month buckets, snapshots, figure listings). */
  statistics: StatisticsStore;
  /** The calendar, rules and AV duties the statistics count with, for `today`. */
  statisticsContext: (today: LocalDate) => StatisticsContext;
}

/** What the review steps are decided by (data, loaded once: handlers/review.ts). */
export interface ReviewRules {
  catalogue: ReviewCatalogue;
  calendar: HolidayCalendar;
  rules: readonly Rule[];
}

/** The worker's services: the core ones plus the Feishu messenger, the event claims and `算期限`. */
export interface WorkerServices extends Services {
  messenger: Messenger;
  /** The webhook's claims on events: a message job completes its claim before it runs. */
  markers: EventMarkers;
  /** `算期限` answers (the deadline engine); returns the reply text. */
  answerDeadline: (argsText: string) => string;
  /** The public site (lists, draws; decisions later). */
  site: PublicSite;
  /** A draw's secret seed (a CSPRNG; fixed in tests). */
  seeds: SeedSource;
  /** The office's group chat, when one is configured (OFFICE_CHAT_ID): draw commitments and results go there too. */
  officeChatId?: string;
  /** Evidence bytes (object storage: S3, s3rver offline). */
  evidence: EvidenceStore;
  /** Files officers send, downloaded from Feishu as streams. */
  resources: MessageResources;
  /** The dossier self-check (data/dossier-checklist.json). */
  dossierChecklist: DossierChecklist;
  /** How long a 查看 link works (at most 30 minutes). */
  viewLinkSeconds: number;
  /** Drafting enforcement documents: configuration, rules, the PDF renderer, the review and service loaders. */
  documents: DocumentServices;
  /** Tracked deadlines, their reminder schedules and the data they are computed from. */
  reminders: ReminderWorkerDeps;
  /** Statistics charts as PNGs (echarts → resvg; loaded on first use). */
  charts: ChartRenderer;
  /** Open API uploads: chart images for cards, export files to send. */
  media: FeishuMedia;
  /** The CSV/XLSX exporter (loaded on first use). */
  exporter: () => Promise<StatisticsExporter>;
  /** Where exports are kept (the reports bucket, `exports/`). */
  exports: ExportStore;
}

export const PAGE_SIZE = 10;

export const MESSAGES = {
  notOnRoster: '您还不在本局执法人员名册中，暂时无法使用执法助手。请联系行政审批科将您加入名册。',
  officerOnly: '只有执法人员（名册角色含 officer）可以立案。如需调整角色，请联系行政审批科。',
  caseNotFound: (n: string) => `未找到案件「${n}」，或您无权查看该案件。请核对案件编号（例如：案件 甘经信立〔2026〕1号）。`,
  caseNumberFormat: (examples: string[], word = '案件') =>
    `没有读懂这个案件编号。可以这样写：${examples.map((e) => `${word} ${e}`).join('、')}（只写序号时指今年的案件）。`,
  unknownCommand: '没有识别到指令。发送「帮助」查看可用功能。',
  unsupportedMessage: '暂不支持处理此类消息。发送「帮助」查看可用功能。',
  sentPrivately: '案件信息已通过单聊发送给您。',
  staleAction: '该卡片已过期，请重新发送指令。',
  archived: (n: string) => `案件 ${n} 已归档，只能查看，不能再添加或修改内容。`,
  /** A card form came back with problems shown on it. */
  fixForm: '请按卡片上的提示修改后再提交。',
  archiving: (n: string) => `案件 ${n} 正在归档，暂时不能添加或修改内容。如果长时间没有完成，请再发送一次「归档 ${n}」。`,
};

/** A card tap's answer that only says what went wrong. */
export const errorToast = (content: string): CardActionResult => ({ toast: { type: 'error', content } });

/** Feishu's `uuid` makes a retried send idempotent for an hour; derive it from what triggered it. */
export function sendUuid(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 40);
}

/** `<page>:<store cursor>` so the next card can say which page it is. */
export function encodePageCursor(page: number, storeCursor: string): string {
  return `${page}:${storeCursor}`;
}

export function decodePageCursor(cursor: string): { page: number; storeCursor: string } | null {
  const m = /^(\d{1,4}):([\w-]{1,2000})$/.exec(cursor);
  return m ? { page: Number(m[1]), storeCursor: m[2] as string } : null;
}

/**
 * Who the filing form's person picker offers: everyone on the roster with the officer role, the
 * filer's department first (the card keeps as many as fit under 30 KB, about 480).
 */
export async function officerOptions(roster: RosterStore, filer: Person): Promise<{ openId: string; name: string }[]> {
  const officers = (await roster.listActive()).filter((p) => p.roles.includes('officer'));
  const own = officers.filter((p) => p.department === filer.department);
  const others = officers.filter((p) => p.department !== filer.department);
  return [...own, ...others].map((p) => ({ openId: p.openId, name: p.name }));
}
