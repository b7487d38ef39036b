/**
 * The evidence and dossier tables as the handlers use them: audio/video duties per activity and the
 * dossier checklist, validated once per cold start (bundled JSON; a bad table fails the start, not a
 * user's request).
 */
import avData from '../../data/av-duties.json' with { type: 'json' };
import checklistData from '../../data/dossier-checklist.json' with { type: 'json' };
import { buildAvDuties } from '../domain/dossier/av-duties.ts';
import { buildDossierChecklist } from '../domain/dossier/checklist.ts';

export const avDuties = buildAvDuties(avData);
export const dossierChecklist = buildDossierChecklist(checklistData);
