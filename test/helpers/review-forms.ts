/** The legal review card's form values, as a reviewer's submit carries them (its input names are the card's contract). */

/** A review card form: every item `pass` unless listed in `problems` (key → note). */
export function reviewForm(problems: Record<string, string> = {}, opinion?: string): Record<string, unknown> {
  const keys = ['subject', 'qualification', 'facts', 'evidence', 'law', 'discretion', 'procedure', 'authority', 'documents', 'crime_transfer'];
  const form: Record<string, unknown> = {};
  for (const k of keys) {
    form[`check_${k}`] = k in problems ? 'problem' : 'pass';
    if (k in problems) form[`note_${k}`] = problems[k];
  }
  if (opinion !== undefined) form.opinion = opinion;
  return form;
}
