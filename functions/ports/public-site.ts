/**
 * The public disclosure site (事后公开): static files — `index.html`, `feed.json` and one page per
 * decision under `decisions/` (a withdrawn decision's notice replaces its page at the same path). On
 * AWS an S3 bucket of its own, served through CloudFront (or the S3 website endpoint in the China
 * regions, infra/README.md); offline a folder under DATA_DIR (or memory) that the bot port serves at
 * `/public/`. The pages and the feed are made by functions/domain/disclosure/ (redacted before they
 * are made); this port only stores them.
 */

/** What one publisher run changes: `siteChanges(...)` of the disclosure domain. */
export interface SiteChanges {
  /** Path under the site root → content. */
  put: ReadonlyMap<string, string>;
  /** Paths to delete (pages taken down). */
  remove: readonly string[];
}

export interface PublicSite {
  /** The file's text, or null when there is none. */
  read(path: string): Promise<string | null>;
  /** Creates or replaces the file, with its content type and cache header. */
  write(path: string, content: string): Promise<void>;
  /** Deletes the file; one that is not there is not an error. */
  remove(path: string): Promise<void>;
  /**
   * Writes a run's changes in an order that never links to a page that is not there yet or no longer:
   * the pages first (several at a time), then `index.html`, then `feed.json`, then the deletions.
   * Stops after the first step with a failure (what was written stays; running the same changes
   * again finishes the job).
   */
  apply(changes: SiteChanges): Promise<{ written: string[]; removed: string[] }>;
}

/**
 * A site file could not be read, written or deleted. `retryable`: a throttle, a timeout or a server
 * fault; otherwise the path is not one of the site's (`InvalidPath`, a programming error) or the
 * storage refused (permissions, configuration).
 */
export class PublicSiteError extends Error {
  override name = 'PublicSiteError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
