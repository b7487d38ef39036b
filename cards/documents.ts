/**
 * Document cards (issue 13): the case's documents with their versions (`文书 <案件编号>`), each with
 * 查看 and — on the latest version, for the case's officers — 更正; the correction form (更正原因);
 * and the time-limited view link. Titles, numbers, reasons and case numbers are escaped (escapeMd).
 */
import { type ButtonElement, type Card, type CardElement, callbackButton, card, cardHeader, column, columnSet, escapeMd, formErrors, hr, linkButton, markdown, plainText, submitButton, truncate } from './common.ts';

export const DOCUMENT_BUTTONS = { view: '查看', correct: '更正', submit: '提交更正', open: '打开文件' } as const;
/** `documents`: the versions one card lists (under Feishu's 200 components and 30 KB, with room to spare). */
export const DOCUMENT_CARD_LIMITS = { reason: 80, documents: 15, reasonInput: 500 } as const;
/** The correction form's field and form names (the action reads `reason` from its form value). */
export const CORRECTION_FORM = { form: 'document_correction', reason: 'reason', submit: 'submit_correction' } as const;

export interface DocumentVersionView {
  documentId: string;
  title: string;
  number: string | null;
  version: number;
  /** 作出日期, YYYY-MM-DD. */
  date: string;
  sha256: string;
  /** 更正原因 of a correction. */
  reason: string | null;
  /** The latest version of its document (the one that counts in the dossier). */
  latest: boolean;
  /** Shown with 更正 (the latest version, to someone who may correct it). */
  correctable: boolean;
}

export interface DocumentListCardView {
  caseId: string;
  caseNumber: string;
  versions: DocumentVersionView[];
}

/** `文书 <案件编号>`: each document and its versions, newest version first within a document. */
export function documentListCard(view: DocumentListCardView): Card {
  const elements: CardElement[] = [];
  if (view.versions.length === 0) elements.push(markdown('本案还没有制作文书。立案审批表在立案时制作，其他文书在审核、决定和送达时制作。'));
  const shown = view.versions.slice(0, DOCUMENT_CARD_LIMITS.documents);
  shown.forEach((v, i) => {
    if (i > 0) elements.push(hr());
    const heading = `**${escapeMd(v.title)}**${v.number ? ` ${escapeMd(v.number)}` : ''}`;
    const status = v.latest ? (v.version > 1 ? `第${v.version}版（现行）` : '第1版') : `第${v.version}版（已被更正）`;
    const lines = [`${heading}`, `${escapeMd(status)} · ${escapeMd(v.date)} · SHA-256 ${escapeMd(v.sha256.slice(0, 16))}…`];
    if (v.reason) lines.push(`更正原因：${escapeMd(truncate(v.reason, DOCUMENT_CARD_LIMITS.reason))}`);
    const buttons: ButtonElement[] = [
      callbackButton({ text: DOCUMENT_BUTTONS.view, size: 'small', value: { action: 'document.view', case_id: view.caseId, document_id: v.documentId, version: v.version } }),
    ];
    if (v.correctable) {
      buttons.push(
        callbackButton({ text: DOCUMENT_BUTTONS.correct, size: 'small', value: { action: 'document.correct', case_id: view.caseId, document_id: v.documentId, version: v.version + 1 } }),
      );
    }
    elements.push(columnSet([column([markdown(lines.join('\n'))], { weight: 4, verticalAlign: 'center' }), column(buttons, { verticalAlign: 'center' })]));
  });
  if (view.versions.length > shown.length) elements.push(markdown(`另有 ${view.versions.length - shown.length} 份未列出。`, 'notation'));
  return card({ header: cardHeader('执法文书', 'blue', view.caseNumber), summary: `${view.caseNumber} 执法文书`, elements });
}

export interface CorrectionFormCardView {
  caseId: string;
  caseNumber: string;
  documentId: string;
  title: string;
  number: string | null;
  /** The version the correction makes. */
  version: number;
  /** Problems with the last submit, shown in red. */
  errors?: string[];
}

/** 更正: the reason, then the next version is drafted from what the case holds now; the old one stays. */
export function correctionFormCard(view: CorrectionFormCardView): Card {
  const what = `${view.title}${view.number ? `（${view.number}）` : ''}`;
  const elements: CardElement[] = [
    markdown(`更正 **${escapeMd(what)}**：将按案件现有记录重新制作第${view.version}版，原版本保留并记入全过程记录。`),
  ];
  elements.push(...formErrors(view.errors));
  elements.push({
    tag: 'form',
    name: CORRECTION_FORM.form,
    elements: [
      {
        tag: 'input',
        name: CORRECTION_FORM.reason,
        required: true,
        max_length: DOCUMENT_CARD_LIMITS.reasonInput,
        label: plainText('更正原因'),
        placeholder: plainText('写明哪里有误、如何更正'),
        input_type: 'multiline_text',
        rows: 3,
        width: 'fill',
      },
      submitButton(DOCUMENT_BUTTONS.submit, CORRECTION_FORM.submit, { action: 'document.correct', case_id: view.caseId, document_id: view.documentId, version: view.version }),
    ],
  });
  return card({ header: cardHeader('更正文书', 'orange', view.caseNumber), summary: `更正 ${view.title}`, elements });
}

/** The form after a correction was taken: what happens next. */
export function correctionTakenCard(view: { caseNumber: string; title: string; version: number }): Card {
  return card({
    header: cardHeader('更正文书', 'green', view.caseNumber),
    summary: `已提交更正 ${view.title}`,
    elements: [markdown(`已提交更正：正在制作 **${escapeMd(view.title)}** 第${view.version}版，完成后以文件发给本案承办人员。`)],
  });
}

export interface DocumentLinkCardView {
  caseNumber: string;
  fileName: string;
  sha256: string;
  url: string;
  /** Beijing time. */
  expiresAt: string;
  minutes: number;
}

/** 查看: a link that works for a limited time; sent to the person who asked only. */
export function documentLinkCard(view: DocumentLinkCardView): Card {
  return card({
    header: cardHeader('查看文书', 'blue', view.caseNumber),
    summary: `查看文书 ${view.fileName}`,
    elements: [
      markdown(
        [`**文件名**：${escapeMd(view.fileName)}`, `**SHA-256**：${escapeMd(view.sha256)}`, `**链接有效至**：${escapeMd(view.expiresAt)}（${view.minutes} 分钟内有效）`].join('\n'),
      ),
      markdown('本次查看已记入全过程记录。', 'notation'),
      linkButton({ text: DOCUMENT_BUTTONS.open, url: view.url }),
    ],
  });
}
