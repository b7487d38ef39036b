/**
 * The dossier checklist (bundled data/dossier-checklist.json), validated once per cold start (a bad
 * table fails the start, not a user's request). Worker only: the tick and the card path never review
 * a dossier, so they do not load it.
 */
import checklistData from '../../data/dossier-checklist.json' with { type: 'json' };
import { buildDossierChecklist } from '../domain/dossier/checklist.ts';

export const dossierChecklist = buildDossierChecklist(checklistData);
