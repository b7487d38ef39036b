/** What every template shares: the header of the model, the checks on its inputs, blanks to fill in. */
import type { Case } from '../case/types.ts';
import { isLocalDate, type LocalDate } from '../deadlines/local-date.ts';
import type { DocumentsConfig } from './config.ts';
import type { Block, DocumentModel, DocumentVersion, DraftedKind } from './model.ts';
import { isNumbered } from './numbering.ts';
import { documentIdFor } from './versions.ts';

/** What the case holds that documents print. */
export type CaseFacts = Pick<
  Case,
  'caseId' | 'caseNumber' | 'caseType' | 'procedure' | 'party' | 'summary' | 'source' | 'legalBasis' | 'officers' | 'filingDate'
>;

/** Given by the integrator for every draft. */
export interface DraftCommon {
  config: DocumentsConfig;
  case: CaseFacts;
  /**
   * The document's number from the kind's counter (`formatDocumentNumber`), or null for a kind
   * without a number format. A correction keeps the number of the version it supersedes.
   */
  number: string | null;
  version: DocumentVersion;
  /** The instant of the act (the record entry's `at`): the PDF's creation date. */
  madeAt: string;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

function checkVersion(v: DocumentVersion): void {
  const ok =
    Number.isInteger(v.version) &&
    v.version >= 1 &&
    (v.version === 1 ? v.supersedes === null && v.reason === null : v.supersedes === v.version - 1 && v.reason !== null && v.reason !== '');
  if (!ok) throw new RangeError(`inconsistent document version: ${JSON.stringify(v)}`);
}

/** Collects the required fields left blank, so the model says it is incomplete and which are missing. */
export class Blanks {
  readonly names: string[] = [];
  /** The value, or null (a line to fill in by hand) noted as missing under `name`. */
  need(name: string, value: string | null | undefined): string | null {
    const v = value?.trim() ?? '';
    if (v !== '') return v;
    this.names.push(name);
    return null;
  }
}

/**
 * The model around a template's blocks. Throws (a caller's error, never a user's) when the number
 * does not match the kind's numbering, the version is inconsistent, or a date or instant is malformed.
 */
export function assemble(
  kind: DraftedKind,
  common: DraftCommon,
  parts: {
    date: LocalDate;
    blocks: Block[];
    blanks: Blanks;
    round?: number;
    /** false for internal forms approved by signature in their own table (立案审批表, 集体讨论记录). */
    sealed?: boolean;
  },
): DocumentModel {
  const { config, case: c } = common;
  if (isNumbered(config, kind) !== (common.number !== null)) {
    throw new RangeError(
      isNumbered(config, kind) ? `${kind} is numbered: allocate its number first` : `${kind} has no number format: pass null`,
    );
  }
  checkVersion(common.version);
  if (!isLocalDate(parts.date)) throw new RangeError(`not a date: ${parts.date}`);
  if (!INSTANT.test(common.madeAt) || Number.isNaN(Date.parse(common.madeAt))) {
    throw new RangeError(`madeAt must be an ISO instant in UTC: ${common.madeAt}`);
  }
  return {
    kind,
    documentId: documentIdFor(kind, parts.round),
    caseId: c.caseId,
    caseNumber: c.caseNumber,
    bureau: config.bureau.name,
    title: config.kinds[kind].title,
    number: common.number,
    date: parts.date,
    blocks: parts.blocks,
    seal: parts.sealed === false ? null : { bureau: config.bureau.name, date: parts.date },
    version: common.version,
    madeAt: common.madeAt,
    complete: parts.blanks.names.length === 0,
    blanks: [...parts.blanks.names],
  };
}

/** `张三（执法证号：川执0001）、李四（执法证号：川执0002）` */
export function officersText(officers: CaseFacts['officers']): string {
  return officers.map((o) => (o.certificateNumber ? `${o.name}（执法证号：${o.certificateNumber}）` : o.name)).join('、');
}
