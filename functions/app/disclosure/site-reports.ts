/**
 * The published annual reports every writer of the site's index links (the publisher in the tick, the
 * lists', draws' and annual report's jobs in the worker): read from the site's own list.
 */
import { ANNUAL_REPORTS_PATH, parseAnnualReportsManifest, type PublishedAnnualReport } from '../../domain/disclosure/annual-reports.ts';
import type { PublicSite } from '../../ports/public-site.ts';

/** The list as `put` is about to write it, else as the site has it; none when there is no list yet. */
export async function annualReportsOnSite(site: Pick<PublicSite, 'read'>, put?: ReadonlyMap<string, string>): Promise<PublishedAnnualReport[]> {
  const text = put?.get(ANNUAL_REPORTS_PATH) ?? (await site.read(ANNUAL_REPORTS_PATH));
  return text === null ? [] : parseAnnualReportsManifest(text);
}
